/**
 * Issue 7: two built server processes behind an imaginary load balancer without sticky sessions, sharing one fresh
 * PostgreSQL database.
 * - both start at once (migrations under the advisory lock);
 * - a conversation started on A continues on B, turn by turn, because bot state and history live in the database;
 * - a ticket filed through A appears live on consoles connected to A and to B; two officers claiming it at once
 *   through A and B get one success and one "already claimed";
 * - the reply entered on B is pushed to the citizen's Web Chat stream held open by A (NOTIFY → A's socket);
 * - `/metrics` and `/readyz` say what an operator needs on each instance.
 */
import { escalationText as say } from '../../src/escalation/messages';
import { findTicketCode } from '../../src/escalation/ticketCode';
import { createStaffServices } from '../../src/staff/staffServices';
import { openDatabase } from '../../src/storage/openDatabase';
import { FAST_HASH } from '../staff/helpers';
import { Browser, SseListener } from '../staff/apiServer';
import { createTestDatabase, describeWithPostgres } from '../helpers/postgresDatabases';
import { ensureBuilt, KNOWLEDGE_DIR, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { WebChatCitizen } from '../helpers/webChatCitizen';

jest.setTimeout(120_000);

const B = say.buttons;
const PASSWORD = 'Trực ban Định Hòa 2025';
const DETAILS = 'Tôi muốn hỏi thủ tục đăng ký thường trú cho con mới sinh ở xã Định Hòa';
const REPLY = 'Chào anh/chị, anh/chị đăng ký khai sinh trước, sau đó đăng ký thường trú cho cháu trên VNeID hoặc tại trụ sở Công an xã.';

describeWithPostgres('two instances on one PostgreSQL database', () => {
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    ensureBuilt();
    const url = await createTestDatabase('cluster');
    const env = { DATABASE_URL: url, KNOWLEDGE_DIR, DATABASE_POOL_SIZE: '4' };
    // At the same moment: the second waits on the migration lock and finds the schema ready.
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);

    // Two officers of Định Hòa, created as `donghanh staff add` would (a cheaper scrypt cost keeps the test quick).
    const db = await openDatabase(url);
    try {
      const staff = createStaffServices(db, { communeExists: () => true, hashParams: FAST_HASH });
      for (const username of ['canbo.an', 'canbo.binh']) {
        await staff.service.create({ staffId: null, name: 'cli:test' }, { username, role: 'officer', communeId: 'xa-dinh-hoa', password: PASSWORD });
      }
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  async function signIn(server: ServerProcess, username: string): Promise<Browser> {
    const browser = new Browser(server.url);
    const res = await browser.login(username, PASSWORD);
    expect(res.status).toBe(200);
    return browser;
  }

  test('a conversation started on A continues on B, turn by turn', async () => {
    const citizen = new WebChatCitizen(a.url);
    await citizen.start();
    await citizen.say('gặp cán bộ');
    expect(await citizen.lastBotText()).toMatch(/xã|phường/i);

    // Each following turn lands on the other instance; each one must know where the dialog stands.
    citizen.moveTo(b.url);
    await citizen.say('dinh hoa');
    citizen.moveTo(a.url);
    await citizen.say(DETAILS);
    citizen.moveTo(b.url);
    await citizen.say(B.phoneNo);
    expect(await citizen.lastBotText()).toContain('Bạn kiểm tra lại trước khi gửi');
    citizen.moveTo(a.url);
    await citizen.say(B.confirm);
    const code = findTicketCode(await citizen.lastBotText());
    expect(code).toBeDefined();

    // The history reads the same from either instance.
    const fromA = await citizen.history();
    citizen.moveTo(b.url);
    expect(await citizen.history()).toEqual(fromA);
  });

  test('two quick messages of one conversation reaching A and B at once are answered in order, neither step lost', async () => {
    for (let round = 0; round < 3; round++) {
      const citizen = new WebChatCitizen(a.url);
      await citizen.start();
      const sameChatOnB = new WebChatCitizen(b.url);
      Object.assign(sameChatOnB, { token: citizen.token, conversationId: citizen.conversationId });
      await citizen.say('gặp cán bộ');
      // The citizen types the commune and, without waiting, the question; no sticky sessions, so they land on A and B.
      await Promise.all([citizen.say('dinh hoa'), new Promise((r) => setTimeout(r, 30)).then(() => sameChatOnB.say(DETAILS))]);
      await citizen.say(B.phoneNo);
      const summary = await citizen.lastBotText();
      expect(summary).toContain('Bạn kiểm tra lại trước khi gửi');
      expect(summary).toContain(DETAILS);
    }
  });

  test('a ticket filed on A appears live on consoles of A and B; one claim wins; B\'s reply reaches the stream held by A', async () => {
    const an = await signIn(a, 'canbo.an');
    const binh = await signIn(b, 'canbo.binh');
    const liveOnA = await SseListener.open(an);
    const liveOnB = await SseListener.open(binh);
    await liveOnA.next((e) => e.event === 'hello');
    await liveOnB.next((e) => e.event === 'hello');

    // The citizen's Web Chat: its stream is on A, and so are its posts.
    const citizen = new WebChatCitizen(a.url);
    await citizen.start();
    await citizen.openStream();
    for (const text of ['gặp cán bộ', 'dinh hoa', DETAILS, B.phoneNo, B.confirm]) await citizen.say(text);
    const code = findTicketCode(await citizen.streamedBotText((t) => t.includes('Mã phiếu')));
    expect(code).toBeDefined();

    const created = (e: { event: string; data: Record<string, unknown> }) => e.event === 'ticket' && e.data.code === code && e.data.type === 'created';
    const [onA, onB] = await Promise.all([liveOnA.next(created), liveOnB.next(created)]);
    expect(onA.data.ticketId).toBe(onB.data.ticketId);
    const ticketId = Number(onB.data.ticketId);

    // "Nhận xử lý" clicked at the same moment on both instances.
    const claims = await Promise.all([an.post(`/staff/api/tickets/${ticketId}/claim`), binh.post(`/staff/api/tickets/${ticketId}/claim`)]);
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
    const winner = claims[0]!.status === 200 ? binh : an;
    const loser = claims[0]!.status === 200 ? claims[1]! : claims[0]!;
    expect((loser.body as { error: { message: string } }).error.message).toMatch(/đã nhận|người khác|Nguyễn|canbo/i);

    // Officer Bình answers from B (whoever won the claim may reply; Bình is on B).
    void winner;
    const reply = await binh.post<{ delivery: { status: string } }>(`/staff/api/tickets/${ticketId}/replies`, { text: REPLY });
    expect(reply.status).toBe(201);
    expect(reply.body.delivery.status).toBe('delivered');
    const pushed = await citizen.streamedBotText((t) => t.includes('đăng ký thường trú cho cháu'));
    expect(pushed).toContain(`trả lời phản ánh ${code}`);
    citizen.closeStream();

    // Both consoles heard about the reply too.
    const answered = (e: { event: string; data: Record<string, unknown> }) => e.event === 'ticket' && e.data.ticketId === ticketId && e.data.change === 'staff_reply';
    await Promise.all([liveOnA.next(answered), liveOnB.next(answered)]);
    liveOnA.close();
    liveOnB.close();
  });

  test('/readyz names the database and knowledge; /metrics counts turns per instance and tickets cluster-wide', async () => {
    const ready = (await (await fetch(`${a.url}/readyz`)).json()) as Record<string, Record<string, unknown>>;
    expect(ready.checks).toEqual({ knowledge: 'ok', database: 'ok' });
    expect(ready.database).toMatchObject({ dialect: 'postgres', events: 'đang nghe' });
    expect(Number(ready.knowledge!.entries)).toBeGreaterThan(50);

    const scrape = async (s: ServerProcess): Promise<string> => (await fetch(`${s.url}/metrics`)).text();
    const [metricsA, metricsB] = await Promise.all([scrape(a), scrape(b)]);
    // Turns are per instance: both served some of the first test's conversation.
    for (const text of [metricsA, metricsB]) expect(sample(text, 'donghanh_turns_total', { channel: 'directline', outcome: 'other' })).toBeGreaterThan(0);
    // Both tickets were confirmed through A.
    expect(sample(metricsA, 'donghanh_escalations_created_total', { commune: 'xa-dinh-hoa', kind: 'question' })).toBe(2);
    expect(sample(metricsB, 'donghanh_escalations_created_total', { commune: 'xa-dinh-hoa', kind: 'question' })).toBe(0);
    // Read from the shared database: the same on both instances.
    for (const text of [metricsA, metricsB]) {
      expect(sample(text, 'donghanh_tickets', { commune: 'xa-dinh-hoa', status: 'answered' })).toBe(1);
      expect(sample(text, 'donghanh_tickets', { commune: 'xa-dinh-hoa', status: 'new' })).toBe(1);
    }
    // The first reply was entered on B.
    expect(sample(metricsB, 'donghanh_ticket_first_reply_seconds_count', {})).toBe(1);
    expect(sample(metricsA, 'donghanh_ticket_first_reply_seconds_count', {})).toBe(0);
    expect(sample(metricsA, 'donghanh_matcher_duration_seconds_count', { outcome: 'answer' }) + sample(metricsA, 'donghanh_matcher_duration_seconds_count', { outcome: 'fallback' })).toBeGreaterThan(0);
  });
});

/** The value of one sample in Prometheus text format (0 when absent); `labels` must all match. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) total += Number(m[3]);
  }
  return total;
}
