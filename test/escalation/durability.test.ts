/**
 * Issue 4, durability: the built server, driven through Direct Line over HTTP, killed with SIGKILL.
 * - killed right after a citizen confirms: after a restart the ticket is there, complete, and the citizen's
 *   conversation shows its code;
 * - killed while confirmations are in flight: no ticket is half-written, every code a citizen saw exists exactly once,
 *   and a citizen who did not see a code gets one (the same ticket if it had been committed) by confirming again;
 * - a staff reply saved while the server was down reaches the citizen's conversation when it starts again, and one
 *   sent from another process (another instance) through the CloudAdapter reaches it too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { escalationText as say } from '../../src/escalation/messages';
import { CloudAdapterSender, ReplyDelivery } from '../../src/escalation/replyDelivery';
import { findTicketCode } from '../../src/escalation/ticketCode';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import type { Ticket } from '../../src/escalation/types';
import { openDatabase } from '../../src/storage/openDatabase';
import { DirectLineCitizen, ensureBuilt, ROOT, type RunningServer, startBuiltServer } from './builtServer';

jest.setTimeout(240_000);

const B = say.buttons;
let dir: string;
let env: Record<string, string>;
let server: RunningServer | undefined;

beforeAll(() => {
  ensureBuilt();
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-durability-'));
  env = { DATABASE_URL: `sqlite:${path.join(dir, 'donghanh.db')}`, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') };
});

afterEach(async () => {
  await server?.killHard();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every ticket in the database, with its messages, read while no server runs. */
async function storedTickets(): Promise<{ ticket: Ticket; citizenMessages: string[] }[]> {
  const db = await openDatabase(env.DATABASE_URL!);
  try {
    const repo = new SqlTicketRepository(db, { provinceCode: 'TH' });
    const page = await repo.list({ scope: { all: true }, limit: 500, sort: 'oldest' });
    return await Promise.all(
      page.tickets.map(async (ticket) => ({
        ticket,
        citizenMessages: (await repo.messages(ticket.id)).filter((m) => m.author === 'citizen').map((m) => m.body),
      })),
    );
  } finally {
    await db.close();
  }
}

/** Gặp cán bộ → Định Hòa → the details → no phone: the conversation waits at the summary. */
async function toSummary(citizen: DirectLineCitizen, details: string): Promise<void> {
  await citizen.say('gặp cán bộ');
  await citizen.say('dinh hoa');
  await citizen.say(details);
  await citizen.say(B.phoneNo);
  const texts = await citizen.botTexts();
  expect(texts[texts.length - 1]).toContain('Bạn kiểm tra lại trước khi gửi');
}

async function codesShown(citizen: DirectLineCitizen): Promise<string[]> {
  return (await citizen.botTexts()).filter((t) => t.includes('Mã phiếu của bạn')).map((t) => findTicketCode(t)!);
}

test('killed right after the citizen confirms: the ticket survives, complete, and the conversation shows its code', async () => {
  server = await startBuiltServer(env);
  const citizen = new DirectLineCitizen(server.url);
  await citizen.start();
  const details = 'Tôi muốn hỏi thủ tục xác nhận thông tin cư trú cho mẹ, bà đã 80 tuổi';
  await toSummary(citizen, details);
  await citizen.say(B.confirm);
  await server.killHard();

  const tickets = await storedTickets();
  expect(tickets).toHaveLength(1);
  const [{ ticket, citizenMessages }] = tickets as [(typeof tickets)[number]];
  expect(ticket).toMatchObject({ status: 'new', communeId: 'xa-dinh-hoa', subject: details, channel: expect.stringMatching(/webchat|directline/) });
  expect(citizenMessages).toEqual([details]);

  server = await startBuiltServer(env);
  citizen.moveTo(server.url);
  expect(await codesShown(citizen)).toEqual([ticket.code]);
  await citizen.say(`tra cứu ${ticket.code}`);
  const texts = await citizen.botTexts();
  expect(texts[texts.length - 1]).toContain(`Phản ánh ${ticket.code}: Mới`);
  expect(texts[texts.length - 1]).toContain(details);
});

test('killed while confirmations are in flight: nothing half-written, every code shown exists once, none lost or doubled', async () => {
  server = await startBuiltServer(env);
  const citizens = Array.from({ length: 8 }, () => new DirectLineCitizen(server!.url));
  for (const [i, citizen] of citizens.entries()) {
    await citizen.start();
    await toSummary(citizen, `Câu hỏi số ${i + 1} về đăng ký tạm trú cho người thuê trọ`);
  }

  // Confirm one after another a few milliseconds apart and pull the plug as soon as the first confirmation has been
  // answered: the others are cut at whatever point they reached (before the commit, between the commit and the
  // reply, after the reply). Whatever the timing, the checks below hold.
  const inFlight = citizens.map(
    (citizen, i) =>
      new Promise<boolean>((resolve) => setTimeout(() => citizen.say(B.confirm).then(() => resolve(true), () => resolve(false)), i * 10)),
  );
  await inFlight[0];
  await server.killHard();
  await Promise.all(inFlight);

  const afterCrash = await storedTickets();
  for (const { ticket, citizenMessages } of afterCrash) {
    expect(ticket.subject).toMatch(/^Câu hỏi số \d+ về đăng ký tạm trú/);
    expect(citizenMessages).toEqual([ticket.subject]);
  }
  expect(new Set(afterCrash.map((t) => t.ticket.code)).size).toBe(afterCrash.length);

  server = await startBuiltServer(env);
  for (const citizen of citizens) citizen.moveTo(server.url);
  for (const citizen of citizens) {
    const shown = await codesShown(citizen);
    for (const code of shown) expect(afterCrash.filter((t) => t.ticket.code === code)).toHaveLength(1);
    // A citizen who never saw a code confirms again (the conversation still waits at the summary).
    if (shown.length === 0) await citizen.say(B.confirm);
  }

  const final = await Promise.all(citizens.map((c) => codesShown(c)));
  const stored = (await storedTickets()).map((t) => t.ticket);
  // One ticket per citizen, each citizen holding exactly the code of the ticket with their question.
  expect(stored).toHaveLength(citizens.length);
  for (const [i, codes] of final.entries()) {
    expect(new Set(codes).size).toBe(1);
    const mine = stored.find((t) => t.code === codes[0]);
    expect(mine?.subject).toBe(`Câu hỏi số ${i + 1} về đăng ký tạm trú cho người thuê trọ`);
  }
});

test('staff replies reach the conversation the citizen wrote from, including one saved while the server was down', async () => {
  server = await startBuiltServer(env);
  const citizen = new DirectLineCitizen(server.url);
  await citizen.start();
  await toSummary(citizen, 'Cho tôi hỏi làm lại căn cước bị mất ở đâu');
  await citizen.say(B.confirm);
  await server.killHard();

  const db = await openDatabase(env.DATABASE_URL!);
  const repo = new SqlTicketRepository(db, { provinceCode: 'TH' });
  try {
    const stored = await storedTickets();
    expect(stored).toHaveLength(1);
    const { ticket } = stored[0]!;
    const offline = await repo.addStaffReply(ticket.id, 1, 'Bạn đến Công an xã Định Hòa trong giờ hành chính, mang theo giấy tờ tùy thân.');

    server = await startBuiltServer(env);
    citizen.moveTo(server.url);
    await waitFor(async () => (await citizen.botTexts()).some((t) => t.includes('mang theo giấy tờ tùy thân')));
    const reply = (await citizen.botTexts()).find((t) => t.includes('mang theo giấy tờ tùy thân'))!;
    expect(reply).toContain(`trả lời phản ánh ${ticket.code}`);
    await waitFor(async () => (await repo.getMessage(offline.message.id))?.delivery === 'delivered');

    // Another instance (this test process) answers through its own CloudAdapter, posting to the server's Direct Line.
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const delivery = new ReplyDelivery({ tickets: repo, communeName: () => 'Xã Định Hòa' }).register(
      ['webchat', 'directline'],
      new CloudAdapterSender(adapter, '', () => server!.url),
    );
    const live = await repo.addStaffReply(ticket.id, 1, 'Bổ sung: nhớ mang theo ảnh chân dung nếu có.');
    expect(await delivery.deliver(live.message.id)).toEqual({ status: 'delivered' });
    expect((await citizen.botTexts()).some((t) => t.includes('nhớ mang theo ảnh chân dung'))).toBe(true);
  } finally {
    await db.close();
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}
