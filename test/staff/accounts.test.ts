import { AccountRuleError } from '../../src/staff/accountService';
import { backends } from '../storage/backends';
import { CLI_ACTOR, MINUTE, staffServices, TestClock, uniqueAddress, uniqueName } from './helpers';

const PASSWORD = 'Trực ban số 1 năm 2025';

describe.each(backends())('$name', (backend) => {
  let ADDRESS = '';
  beforeEach(() => {
    ADDRESS = uniqueAddress();
  });

  describe('creating accounts', () => {
    test.each([
      { what: 'a username with spaces', input: { username: 'can bo', role: 'supervisor' }, message: /Tên đăng nhập gồm/ },
      { what: 'a username with diacritics', input: { username: 'cánbộ', role: 'supervisor' }, message: /Tên đăng nhập gồm/ },
      { what: 'an unknown role', input: { username: 'canbo.x', role: 'boss' }, message: /Vai trò phải là/ },
      { what: 'an officer without a commune', input: { username: 'canbo.y', role: 'officer' }, message: /phải gắn với một xã/ },
      {
        what: 'a supervisor tied to a commune',
        input: { username: 'giamsat.z', role: 'supervisor', communeId: 'xa-dinh-hoa' },
        message: /Chỉ tài khoản officer/,
      },
      {
        what: 'a commune that does not exist',
        input: { username: 'canbo.w', role: 'officer', communeId: 'xa-khong-co' },
        message: /Không có xã\/phường "xa-khong-co"/,
      },
      { what: 'a short password', input: { username: 'canbo.v', role: 'admin', password: 'ngan' }, message: /ít nhất 10/ },
    ])('refuses $what with a clear message', async ({ input, message }) => {
      const { service, accounts } = staffServices(await backend.open(), new TestClock());
      const attempt = service.create(CLI_ACTOR, { password: PASSWORD, ...input });
      await expect(attempt).rejects.toThrow(AccountRuleError);
      await expect(attempt).rejects.toThrow(message);
      expect(await accounts.findByUsername(input.username)).toBeUndefined();
    });

    test('an officer is created for a commune, stored without the password, and audited', async () => {
      const db = await backend.open();
      const { service, accounts, audit } = staffServices(db, new TestClock());
      const username = uniqueName('canbo.dinhhoa');
      const account = await service.create(CLI_ACTOR, {
        username,
        displayName: 'Nguyễn Văn An',
        role: 'officer',
        communeId: 'xa-dinh-hoa',
        password: PASSWORD,
      });
      expect(account).toMatchObject({ username, role: 'officer', communeId: 'xa-dinh-hoa', displayName: 'Nguyễn Văn An' });
      expect(await accounts.findByUsername(username.toUpperCase())).toMatchObject({ id: account.id });
      const stored = await db.queryOne<{ password_hash: string }>('SELECT password_hash FROM staff_accounts WHERE id = $1', [account.id]);
      expect(stored?.password_hash).toMatch(/^scrypt\$/);
      expect(stored?.password_hash).not.toContain(PASSWORD);
      const log = await audit.list({ action: 'account.create', limit: 50 });
      expect(log.entries.find((e) => e.target === username)).toMatchObject({ actor: 'cli:test', detail: { role: 'officer' } });
    });

    test('a username differing only in case is taken', async () => {
      const { service } = staffServices(await backend.open(), new TestClock());
      const username = uniqueName('trung');
      await service.create(CLI_ACTOR, { username, role: 'trainer', password: PASSWORD });
      await expect(service.create(CLI_ACTOR, { username: username.toUpperCase(), role: 'trainer', password: PASSWORD })).rejects.toThrow(
        /đã có người dùng/,
      );
    });
  });

  describe('signing in', () => {
    async function setUp() {
      const clock = new TestClock();
      const services = staffServices(await backend.open(), clock);
      const username = uniqueName('dangnhap');
      const account = await services.service.create(CLI_ACTOR, { username, role: 'officer', communeId: 'xa-dinh-tan', password: PASSWORD });
      return { clock, ...services, username, account };
    }

    test('the right password opens a session the cookie token resolves to', async () => {
      const { service, sessions, username, account } = await setUp();
      const outcome = await service.login(username, PASSWORD, ADDRESS);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      const active = await sessions.resolve(outcome.token);
      expect(active?.account).toMatchObject({ id: account.id, communeId: 'xa-dinh-tan' });
      expect(active?.session.csrfToken.length).toBeGreaterThan(20);
      // What the table keeps is not what the cookie carries.
      expect(outcome.session.tokenHash).not.toBe(outcome.token);
    });

    test.each([
      ['a wrong password', (u: string) => [u, 'Sai mật khẩu rồi 123']],
      ['an unknown username', () => ['khong-ton-tai', PASSWORD]],
      ['an empty username', () => ['', PASSWORD]],
    ])('%s gets the same refusal', async (_what, args) => {
      const { service, username } = await setUp();
      const [u, p] = args(username) as [string, string];
      expect(await service.login(u, p, ADDRESS)).toEqual({ ok: false, reason: 'invalid' });
    });

    test('a disabled account cannot sign in, and its open sessions end', async () => {
      const { service, sessions, username } = await setUp();
      const before = await service.login(username, PASSWORD, ADDRESS);
      if (!before.ok) throw new Error('login failed');
      await service.disable(CLI_ACTOR, username);
      expect(await sessions.resolve(before.token)).toBeUndefined();
      expect(await service.login(username, PASSWORD, ADDRESS)).toEqual({ ok: false, reason: 'invalid' });
      await service.enable(CLI_ACTOR, username);
      expect((await service.login(username, PASSWORD, ADDRESS)).ok).toBe(true);
    });

    test('five wrong passwords lock the username for 15 minutes, even against the right password', async () => {
      const { service, username, clock } = await setUp();
      for (let i = 0; i < 5; i++) expect((await service.login(username, `sai-mat-khau-${i}`, ADDRESS)).ok).toBe(false);
      const locked = await service.login(username, PASSWORD, ADDRESS);
      expect(locked).toMatchObject({ ok: false, reason: 'account_locked' });
      if (!locked.ok && locked.reason === 'account_locked') expect(locked.retryAfterMs).toBe(15 * MINUTE);
      // From another address too: the lock protects the account, not the address.
      expect(await service.login(username, PASSWORD, uniqueAddress())).toMatchObject({ reason: 'account_locked' });
      clock.advance(15 * MINUTE);
      expect((await service.login(username, PASSWORD, ADDRESS)).ok).toBe(true);
    });

    test('failures arriving at the same moment are all counted (no lost updates between instances)', async () => {
      const { service, username } = await setUp();
      const attempts = await Promise.all(Array.from({ length: 5 }, (_, i) => service.login(username, `dong-thoi-${i}-sai`, ADDRESS)));
      expect(attempts.every((a) => !a.ok)).toBe(true);
      expect(await service.login(username, PASSWORD, ADDRESS)).toMatchObject({ ok: false, reason: 'account_locked' });
    });

    test('a successful login clears the count of earlier failures', async () => {
      const { service, username } = await setUp();
      for (let i = 0; i < 4; i++) await service.login(username, `sai-${i}-xxxxxx`, ADDRESS);
      expect((await service.login(username, PASSWORD, ADDRESS)).ok).toBe(true);
      for (let i = 0; i < 4; i++) await service.login(username, `sai-${i}-yyyyyy`, ADDRESS);
      expect((await service.login(username, PASSWORD, ADDRESS)).ok).toBe(true);
    });

    test('failures older than the window are forgotten', async () => {
      const { service, username, clock } = await setUp();
      for (let i = 0; i < 4; i++) await service.login(username, `sai-${i}-zzzzzz`, ADDRESS);
      clock.advance(16 * MINUTE);
      await service.login(username, 'mot-lan-sai-nua', ADDRESS);
      expect((await service.login(username, PASSWORD, ADDRESS)).ok).toBe(true);
    });

    test('guessing across many usernames from one address is stopped at that address', async () => {
      const { service, username } = await setUp();
      const address = uniqueAddress();
      for (let i = 0; i < 30; i++) await service.login(`doan-ten-${i}`, 'mat-khau-doan', address);
      expect(await service.login(username, PASSWORD, address)).toMatchObject({ ok: false, reason: 'address_limited' });
      // Another address is not affected.
      expect((await service.login(username, PASSWORD, uniqueAddress())).ok).toBe(true);
    });
  });

  describe('sessions', () => {
    async function signedIn(clock = new TestClock()) {
      const services = staffServices(await backend.open(), clock);
      const username = uniqueName('phien');
      await services.service.create(CLI_ACTOR, { username, role: 'supervisor', password: PASSWORD });
      const outcome = await services.service.login(username, PASSWORD, ADDRESS);
      if (!outcome.ok) throw new Error('login failed');
      return { ...services, clock, username, token: outcome.token };
    }

    test('a session unused for two hours ends; one in use continues until twelve hours after sign-in', async () => {
      const idle = await signedIn();
      idle.clock.advance(2 * 60 * MINUTE + 1);
      expect(await idle.sessions.resolve(idle.token)).toBeUndefined();

      const busy = await signedIn();
      for (let hour = 1; hour < 12; hour++) {
        busy.clock.advance(60 * MINUTE);
        expect(await busy.sessions.resolve(busy.token)).toBeDefined();
      }
      busy.clock.advance(60 * MINUTE);
      expect(await busy.sessions.resolve(busy.token)).toBeUndefined();
    });

    test('signing out ends the session', async () => {
      const s = await signedIn();
      const active = await s.sessions.resolve(s.token);
      await s.service.logout(active!, ADDRESS);
      expect(await s.sessions.resolve(s.token)).toBeUndefined();
    });

    test('a password reset ends every session; changing one\'s own keeps the current one only', async () => {
      const s = await signedIn();
      const second = await s.service.login(s.username, PASSWORD, uniqueAddress());
      if (!second.ok) throw new Error('login failed');
      const active = (await s.sessions.resolve(s.token))!;
      await s.service.changeOwnPassword(active, PASSWORD, 'Mật khẩu mới đủ dài', ADDRESS);
      expect(await s.sessions.resolve(s.token)).toBeDefined();
      expect(await s.sessions.resolve(second.token)).toBeUndefined();
      expect((await s.service.login(s.username, PASSWORD, ADDRESS)).ok).toBe(false);
      expect((await s.service.login(s.username, 'Mật khẩu mới đủ dài', ADDRESS)).ok).toBe(true);

      await s.service.resetPassword(CLI_ACTOR, s.username, 'Mật khẩu do quản trị đặt');
      expect(await s.sessions.resolve(s.token)).toBeUndefined();
    });

    test('changing one\'s password needs the current one', async () => {
      const s = await signedIn();
      const active = (await s.sessions.resolve(s.token))!;
      await expect(s.service.changeOwnPassword(active, 'khong-phai-mat-khau', 'Mật khẩu mới đủ dài', ADDRESS)).rejects.toThrow(
        /Mật khẩu hiện tại không đúng/,
      );
    });

    test.each(['', 'x', 'a'.repeat(500)])('a made-up cookie value (%#) resolves to nothing', async (token) => {
      const s = await signedIn();
      expect(await s.sessions.resolve(token)).toBeUndefined();
    });
  });

  describe('audit log', () => {
    test('records who did what and when, newest first, and filters by action and person', async () => {
      const clock = new TestClock(Date.UTC(2030, 0, 1));
      const services = staffServices(await backend.open(), clock);
      const username = uniqueName('nhatky');
      const account = await services.service.create(CLI_ACTOR, { username, role: 'officer', communeId: 'xa-son-thuy', password: PASSWORD });
      clock.advance(MINUTE);
      await services.service.login(username, 'sai-mat-khau-1', ADDRESS);
      clock.advance(MINUTE);
      await services.service.login(username, PASSWORD, ADDRESS);

      const mine = await services.audit.list({ staffId: account.id, from: Date.UTC(2030, 0, 1), limit: 10 });
      expect(mine.entries.map((e) => e.action)).toEqual(['login', 'login.failed']);
      expect(mine.entries[0]).toMatchObject({ actor: username, address: ADDRESS, at: Date.UTC(2030, 0, 1) + 2 * MINUTE });
      const failed = await services.audit.list({ action: 'login.failed', from: Date.UTC(2030, 0, 1), limit: 10 });
      expect(failed.entries.some((e) => e.target === username)).toBe(true);
      // Passwords, right or wrong, never reach the log.
      const all = JSON.stringify(await services.audit.list({ limit: 500 }));
      expect(all).not.toContain('sai-mat-khau-1');
      expect(all).not.toContain(PASSWORD);
    });
  });
});
