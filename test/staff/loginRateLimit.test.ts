/**
 * Password guessing against /staff/api/login: repeated failures lock the username (even against the right password)
 * and, past a larger number, the client address; the answer is a 429 with Retry-After and a Vietnamese sentence, and
 * unknown usernames are answered exactly like wrong passwords. The limits live in the database, so a second instance
 * on the same database enforces them too.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { TicketEvents } from '../../src/escalation/ticketEvents';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { silentLogger } from '../../src/logging';
import { registerStaffRoutes } from '../../src/staff/registerStaffRoutes';
import { backends } from '../storage/backends';
import { Browser, PASSWORD, startStaffApi, type StaffApi } from './apiServer';
import { COMMUNES, FAST_HASH, MINUTE } from './helpers';

const POLICY = {
  account: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  // Small, so a test can reach it; every request of this file comes from 127.0.0.1.
  address: { maxFailures: 12, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
};

describe.each(backends())('$name', (backend) => {
  let api: StaffApi;

  beforeEach(async () => {
    // A fresh limit per test: the address counter is shared by everything on 127.0.0.1.
    const db = await backend.open();
    await db.execute('DELETE FROM staff_login_throttle');
    api = await startStaffApi(db, { throttlePolicy: POLICY });
  });
  afterEach(() => api.close());

  test('an unknown username and a wrong password get the same 401', async () => {
    const username = await api.account('officer', 'xa-dinh-hoa');
    const wrong = await new Browser(api.url).login(username, 'sai-mat-khau-roi');
    const unknown = await new Browser(api.url).login('khong-co-ai-ten-nay', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: 'BadCredentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  test('the sixth try after five wrong passwords is refused with 429 and Retry-After, right password or not', async () => {
    const username = await api.account('officer', 'xa-dinh-hoa');
    for (let i = 0; i < 5; i++) expect((await new Browser(api.url).login(username, `doan-sai-${i}-abc`)).status).toBe(401);
    const locked = await new Browser(api.url).login(username, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60));
    expect(locked.body).toEqual({
      error: {
        code: 'AccountLocked',
        message: 'Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên.',
      },
    });
    expect(locked.headers.get('set-cookie')).toBeNull();

    api.clock.advance(15 * MINUTE);
    expect((await new Browser(api.url).login(username, PASSWORD)).status).toBe(200);
  });

  test('guessing many usernames from one address is stopped for that address', async () => {
    const username = await api.account('supervisor');
    for (let i = 0; i < 12; i++) await new Browser(api.url).login(`doan-ten-${i}`, 'mat-khau-doan-bua');
    const blocked = await new Browser(api.url).login(username, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: 'TooManyAttempts', message: expect.stringMatching(/quá nhiều lần đăng nhập sai từ máy này/) } });
  });

  test('a second instance on the same database sees the lock', async () => {
    const username = await api.account('officer', 'xa-dinh-hoa');
    for (let i = 0; i < 5; i++) await new Browser(api.url).login(username, `doan-sai-${i}-xyz`);

    const other = await backend.open();
    const server = restify.createServer({ name: 'second-instance' });
    const routes = registerStaffRoutes(server, {
      db: other,
      events: other.events,
      tickets: new SqlTicketRepository(other, { provinceCode: 'TH' }),
      ticketEvents: new TicketEvents(other.events),
      logger: silentLogger(),
      knowledgeDir: api.knowledgeDir,
      communes: () => COMMUNES.communes,
      hashParams: FAST_HASH,
      throttlePolicy: POLICY,
      now: api.clock.now,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await new Browser(url).login(username, PASSWORD)).status).toBe(429);
    } finally {
      await routes.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test.each([
    [{}, 400],
    [{ username: 'a' }, 400],
    [{ username: 42, password: ['x'] }, 400],
  ])('an incomplete login body (%j) is a 400, not a counted failure', async (body, status) => {
    const r = await new Browser(api.url).request('POST', '/staff/api/login', body, { csrf: false });
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ error: { message: 'Vui lòng nhập tên đăng nhập và mật khẩu.' } });
    expect(await api.db.queryOne('SELECT COUNT(*) AS n FROM staff_login_throttle')).toEqual({ n: 0 });
  });
});
