/**
 * Who may do what, checked over HTTP on the server (the console hiding a button proves nothing): an officer of commune
 * A is refused commune B's tickets for reading and for every action; no session is 401; a state-changing request
 * without the session's CSRF token, or from another site, is 403; each role reaches only its own routes.
 */
import type { Ticket } from '../../src/escalation/types';
import { backends } from '../storage/backends';
import { Browser, PASSWORD, startStaffApi, type StaffApi } from './apiServer';

const A = 'xa-dinh-hoa';
const B = 'xa-son-thuy';

describe.each(backends())('$name', (backend) => {
  let api: StaffApi;
  let officerA: Browser;
  let officerB: Browser;
  let ticketA: Ticket;
  let ticketB: Ticket;

  beforeAll(async () => {
    api = await startStaffApi(await backend.open());
    officerA = await Browser.signedIn(api, await api.account('officer', A));
    officerB = await Browser.signedIn(api, await api.account('officer', B));
    ticketA = await api.ticket(A, 'Đăng ký tạm trú cho con ở Định Hòa cần giấy tờ gì?');
    ticketB = await api.ticket(B, 'Sơn Thủy: mất ví có căn cước, làm lại ở đâu?');
  });
  afterAll(() => api.close());

  const actions: Array<[string, (id: number) => [string, string, unknown?]]> = [
    ['read the ticket', (id) => ['GET', `/staff/api/tickets/${id}`]],
    ['reply to the citizen', (id) => ['POST', `/staff/api/tickets/${id}/replies`, { text: 'Trả lời thử' }]],
    ['claim it', (id) => ['POST', `/staff/api/tickets/${id}/claim`, {}]],
    ['add a note', (id) => ['POST', `/staff/api/tickets/${id}/notes`, { text: 'Ghi chú thử' }]],
    ['change its status', (id) => ['POST', `/staff/api/tickets/${id}/status`, { status: 'closed' }]],
    ['make a knowledge draft', (id) => ['POST', `/staff/api/tickets/${id}/knowledge-draft`, { answer: 'Trả lời thử.' }]],
  ];

  describe("an officer of commune A and commune B's ticket", () => {
    test.each(actions)('may not %s: 403, and nothing changes', async (_what, make) => {
      const [method, route, body] = make(ticketB.id);
      const before = await api.tickets.messages(ticketB.id, { includeInternal: true });
      const r = await officerA.request(method, route, body);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'OtherCommune', message: expect.stringMatching(/thuộc xã\/phường khác/) } });
      expect(JSON.stringify(r.body)).not.toContain('Sơn Thủy: mất ví');
      expect(await api.tickets.messages(ticketB.id, { includeInternal: true })).toEqual(before);
      expect(await api.tickets.get(ticketB.id)).toMatchObject({ status: 'new', assignedTo: null });
      expect(api.channel.sent.filter((s) => s.ref === ticketB.conversationRef)).toEqual([]);
    });

    test("the queue shows only A's tickets, and asking for B's commune is refused", async () => {
      const mine = await officerA.get<{ tickets: Array<{ code: string; communeId: string }> }>('/staff/api/tickets');
      expect(mine.status).toBe(200);
      expect(mine.body.tickets.map((t) => t.code)).toContain(ticketA.code);
      expect(mine.body.tickets.every((t) => t.communeId === A)).toBe(true);
      expect((await officerA.get(`/staff/api/tickets?commune=${B}`)).status).toBe(403);
      expect((await officerA.get(`/staff/api/tickets?q=${encodeURIComponent('Sơn Thủy')}`)).body).toMatchObject({ tickets: [], total: 0 });
    });

    test("the CSV export contains only A's tickets", async () => {
      const day = new Date(api.clock.now() + 7 * 3600_000).toISOString().slice(0, 10);
      const csv = await officerA.get(`/staff/api/tickets.csv?from=${day}&to=${day}`);
      expect(csv.status).toBe(200);
      expect(csv.text).toContain(ticketA.code);
      expect(csv.text).not.toContain(ticketB.code);
    });

    test('the same requests succeed for the officer of commune B', async () => {
      expect((await officerB.get(`/staff/api/tickets/${ticketB.id}`)).status).toBe(200);
      const reply = await officerB.post(`/staff/api/tickets/${ticketB.id}/replies`, { text: 'Anh/chị đến Công an xã Sơn Thủy làm lại căn cước nhé.' });
      expect(reply.status).toBe(201);
      expect(api.channel.sent.some((s) => s.ref === ticketB.conversationRef)).toBe(true);
    });
  });

  describe('without a session', () => {
    test.each([
      ['GET', '/staff/api/session'],
      ['GET', '/staff/api/tickets'],
      ['GET', '/staff/api/tickets/1'],
      ['POST', '/staff/api/tickets/1/replies'],
      ['POST', '/staff/api/tickets/1/claim'],
      ['GET', '/staff/api/tickets.csv?from=2025-11-01&to=2025-11-30'],
      ['GET', '/staff/api/events'],
      ['GET', '/staff/api/audit'],
      ['GET', '/staff/api/accounts'],
      ['POST', '/staff/api/logout'],
    ])('%s %s is 401 with a Vietnamese explanation', async (method, route) => {
      const r = await new Browser(api.url).request(method, route, method === 'POST' ? { text: 'x' } : undefined);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: { code: 'NotSignedIn', message: expect.stringMatching(/chưa đăng nhập/) } });
    });

    test('a cookie of a session that ended is 401 too', async () => {
      const b = await Browser.signedIn(api, await api.account('supervisor'));
      const cookie = b.cookie;
      expect((await b.post('/staff/api/logout')).status).toBe(204);
      const stale = new Browser(api.url);
      stale.cookie = cookie;
      expect((await stale.get('/staff/api/tickets')).status).toBe(401);
    });
  });

  describe('CSRF', () => {
    test.each([
      ['no token', false as const],
      ['a made-up token', 'gia-mao-0123456789abcdef'],
      ['an empty token', ''],
    ])('a reply with %s is 403 and not sent', async (_what, csrf) => {
      const sentBefore = api.channel.sent.length;
      const r = await officerA.post(`/staff/api/tickets/${ticketA.id}/replies`, { text: 'Giả mạo' }, { csrf });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'CsrfTokenInvalid' } });
      expect(api.channel.sent.length).toBe(sentBefore);
      expect((await api.tickets.messages(ticketA.id)).some((m) => m.body === 'Giả mạo')).toBe(false);
    });

    test("another session's token does not work", async () => {
      const r = await officerA.post(`/staff/api/tickets/${ticketA.id}/claim`, {}, { csrf: officerB.csrf! });
      expect(r.status).toBe(403);
      expect((await api.tickets.get(ticketA.id))?.assignedTo).toBeNull();
    });

    test('a request from another site is refused even with the token', async () => {
      const r = await officerA.post(`/staff/api/tickets/${ticketA.id}/notes`, { text: 'x' }, { headers: { origin: 'https://evil.example' } });
      expect(r).toMatchObject({ status: 403, body: { error: { code: 'CrossOrigin' } } });
      const login = await new Browser(api.url).login('ai-do', PASSWORD, { origin: 'https://evil.example' });
      expect(login.status).toBe(403);
    });

    test('reading needs no token; the right token lets a change through', async () => {
      expect((await officerA.get(`/staff/api/tickets/${ticketA.id}`)).status).toBe(200);
      expect((await officerA.post(`/staff/api/tickets/${ticketA.id}/notes`, { text: 'Đã gọi điện cho người dân.' })).status).toBe(201);
    });
  });

  describe('roles', () => {
    test('a supervisor sees and acts on every commune', async () => {
      const supervisor = await Browser.signedIn(api, await api.account('supervisor'));
      const list = await supervisor.get<{ tickets: Array<{ communeId: string }> }>('/staff/api/tickets?limit=200');
      expect(new Set(list.body.tickets.map((t) => t.communeId))).toEqual(new Set([A, B]));
      expect((await supervisor.get(`/staff/api/tickets/${ticketA.id}`)).status).toBe(200);
      expect((await supervisor.post(`/staff/api/tickets/${ticketA.id}/notes`, { text: 'Giám sát đã xem.' })).status).toBe(201);
      expect((await supervisor.get('/staff/api/audit')).status).toBe(200);
    });

    test.each([
      ['trainer', 'GET', '/staff/api/tickets'],
      ['trainer', 'GET', '/staff/api/audit'],
      ['trainer', 'GET', '/staff/api/accounts'],
      ['officer', 'GET', '/staff/api/audit'],
      ['officer', 'GET', '/staff/api/accounts'],
      ['officer', 'GET', '/staff/api/knowledge-drafts'],
      ['officer', 'POST', '/staff/api/accounts'],
      ['supervisor', 'GET', '/staff/api/accounts'],
      ['admin', 'GET', '/staff/api/tickets'],
      ['admin', 'GET', '/staff/api/tickets/1'],
    ] as const)('%s: %s %s is 403', async (role, method, route) => {
      const b = await Browser.signedIn(api, await api.account(role, role === 'officer' ? A : undefined));
      const r = await b.request(method, route, method === 'POST' ? { username: 'x', role: 'admin', password: PASSWORD } : undefined);
      expect(r).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    });

    test('a trainer reads drafts; an admin manages accounts', async () => {
      const trainer = await Browser.signedIn(api, await api.account('trainer'));
      expect((await trainer.get('/staff/api/knowledge-drafts')).status).toBe(200);
      const admin = await Browser.signedIn(api, await api.account('admin'));
      const created = await admin.post('/staff/api/accounts', {
        username: `moi.${process.pid}`,
        role: 'officer',
        commune: 'Xã Định Tân',
        password: 'Mật khẩu ban đầu 2025',
        displayName: 'Lê Văn Cường',
      });
      expect(created).toMatchObject({ status: 201, body: { account: { communeId: 'xa-dinh-tan', role: 'officer' } } });
      expect((await admin.post(`/staff/api/accounts/moi.${process.pid}/disable`)).body).toMatchObject({ account: { disabled: true } });
      const list = await admin.get<{ accounts: Array<{ username: string; disabled: boolean }> }>('/staff/api/accounts');
      expect(list.body.accounts.find((a) => a.username === `moi.${process.pid}`)?.disabled).toBe(true);
    });
  });

  describe('session cookie', () => {
    test('HttpOnly, SameSite=Strict, scoped to /staff, with an expiry; not Secure over plain HTTP', async () => {
      const b = new Browser(api.url);
      await b.login(await api.account('officer', A), PASSWORD);
      expect(b.setCookie).toMatch(/^donghanh_staff=[A-Za-z0-9_-]{40,};/);
      expect(b.setCookie).toMatch(/; HttpOnly/);
      expect(b.setCookie).toMatch(/; SameSite=Strict/);
      expect(b.setCookie).toMatch(/; Path=\/staff/);
      expect(b.setCookie).toMatch(/; Max-Age=\d+/);
      expect(b.setCookie).not.toMatch(/Secure/);
    });

    test('Secure behind an HTTPS proxy (X-Forwarded-Proto: https)', async () => {
      const b = new Browser(api.url);
      await b.login(await api.account('officer', A), PASSWORD, { 'x-forwarded-proto': 'https' });
      expect(b.setCookie).toMatch(/; Secure/);
    });

    test('signing out clears the cookie and ends the session on the server', async () => {
      const b = await Browser.signedIn(api, await api.account('officer', A));
      const cookie = b.cookie;
      expect((await b.post('/staff/api/logout')).status).toBe(204);
      expect(b.setCookie).toMatch(/Max-Age=0/);
      b.cookie = cookie;
      expect((await b.get('/staff/api/session')).status).toBe(401);
    });
  });
});
