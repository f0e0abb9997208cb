/**
 * The OA token chain against the fake Zalo OAuth server, on both storage backends: one refresh at a time in a
 * process and across instances, the new pair stored before use, a spent refresh token never sent again.
 */
import { ZaloOaApi } from '../../../src/channels/zalo-oa/oaApi';
import { TokenManager } from '../../../src/channels/zalo-oa/tokenManager';
import { silentLogger } from '../../../src/logging';
import type { Database } from '../../../src/storage/database';
import { FakeZaloOa } from '../../fakes/zaloOaServer';
import { backends } from '../../storage/backends';

const APP = { appId: '3608465248940903967', appSecret: 'app-secret' };
let account = 0;

async function setup(db: Database, options: { now?: () => number; refreshAheadMs?: number } = {}) {
  const fake = await new FakeZaloOa({ ...APP, accessToken: 'at-first', refreshToken: 'rt-first' }).start();
  const api = new ZaloOaApi({ apiBase: fake.url, oauthBase: fake.url, ...APP });
  const name = `oa:test-${++account}`;
  const manager = (seed = { accessToken: 'at-first', refreshToken: 'rt-first' }, on: Database = db) =>
    new TokenManager({ db: on, api, logger: silentLogger(), account: name, seed, pollMs: 10, ...options });
  return { fake, manager };
}

describe.each(backends())('TokenManager on $name', (backend) => {
  let db: Database;
  const fakes: FakeZaloOa[] = [];
  beforeAll(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });

  test('starts from the configured pair without refreshing', async () => {
    const { fake, manager } = await setup(db);
    fakes.push(fake);
    expect((await manager().current()).accessToken).toBe('at-first');
    expect(fake.refreshes).toHaveLength(0);
  });

  test('a rejected token is refreshed once however many sends ask at the same time', async () => {
    const { fake, manager } = await setup(db);
    fakes.push(fake);
    const tokens = manager();
    const results = await Promise.all(Array.from({ length: 5 }, () => tokens.replaceRejected('at-first')));
    expect(fake.refreshes).toHaveLength(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(results[0]!.accessToken).not.toBe('at-first');
  });

  test('two instances on one database: one refresh, both use the new token, the spent refresh token is never reused', async () => {
    const { fake, manager } = await setup(db);
    fakes.push(fake);
    // A second connection (pool) to the same database stands for a second instance.
    const second = await backend.open();
    const a = manager();
    const b = manager(undefined, second);
    const [ra, rb] = await Promise.all([a.replaceRejected('at-first'), b.replaceRejected('at-first')]);
    expect(ra.accessToken).toBe(rb.accessToken);
    expect(fake.refreshes).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === '/v4/oa/access_token')).toHaveLength(1);
    // A later rejection of the new token refreshes with the new refresh token, not the spent one.
    await a.replaceRejected(ra.accessToken);
    expect(fake.refreshes.map((r) => r.used)).toEqual(['rt-first', fake.refreshes[0]!.issued]);
    expect(fake.requests.some((r) => (r.response as { error?: number }).error === -14014)).toBe(false);
  });

  test('the new pair is stored: a restarted instance (same configuration) keeps using it', async () => {
    const { fake, manager } = await setup(db);
    fakes.push(fake);
    const refreshed = await manager().replaceRejected('at-first');
    const restarted = manager();
    expect((await restarted.current()).accessToken).toBe(refreshed.accessToken);
    expect(fake.refreshes).toHaveLength(1);
  });

  test('refreshes ahead of expiry, before Zalo rejects anything', async () => {
    let clock = Date.now();
    const { fake, manager } = await setup(db, { now: () => clock });
    fakes.push(fake);
    const tokens = manager();
    expect((await tokens.current()).accessToken).toBe('at-first');
    clock += 21 * 60 * 60_000; // 21 h after the configured token: within 5 h of its 25 h life
    const fresh = await tokens.current();
    expect(fresh.accessToken).not.toBe('at-first');
    expect(fake.refreshes).toHaveLength(1);
  });

  test('a new pair in the configuration replaces the stored chain', async () => {
    const { fake, manager } = await setup(db);
    fakes.push(fake);
    await manager().replaceRejected('at-first');
    const reconfigured = manager({ accessToken: 'at-operator', refreshToken: 'rt-operator' });
    expect((await reconfigured.current()).accessToken).toBe('at-operator');
  });

  test('a refresh token Zalo refuses is reported, and not retried in a loop', async () => {
    const { fake, manager } = await setup(db);
    fakes.push(fake);
    const tokens = manager({ accessToken: 'at-first', refreshToken: 'rt-unknown' });
    await expect(tokens.replaceRejected('at-first')).rejects.toThrow(/Invalid refresh token/);
    expect(fake.requests.filter((r) => r.path === '/v4/oa/access_token')).toHaveLength(1);
  });
});
