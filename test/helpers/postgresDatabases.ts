/**
 * A fresh PostgreSQL database per test, for tests whose servers run in other processes (a schema chosen in the test
 * process cannot be handed to them, but a database URL can). Created with a unique name on the machine's server
 * (postgres://postgres@127.0.0.1:5432, or TEST_POSTGRES_URL) and dropped, connections and all, after the test file.
 *
 * When PostgreSQL is unreachable, `describeWithPostgres` prints a loud warning and skips its tests, except when `CI`
 * is set: then the test file fails, because a green CI run must mean the PostgreSQL tests ran.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { POSTGRES_URL } from '../storage/backends';

const created: string[] = [];
let reachable: true | string | undefined;

function urlFor(database: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database; its DATABASE_URL. Dropped after the test file. */
export async function createTestDatabase(label = 'test'): Promise<string> {
  const name = `dh_${label.replace(/[^a-z0-9_]/g, '_').slice(0, 20)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return urlFor(name);
}

export async function dropTestDatabases(): Promise<void> {
  const names = created.splice(0);
  if (names.length === 0) return;
  await admin(async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** Synchronous (jest collects tests synchronously): true, or why PostgreSQL cannot be reached. */
export function postgresReachable(): true | string {
  if (reachable !== undefined) return reachable;
  const script = `
    const pg = require(${JSON.stringify(require.resolve('pg'))});
    const client = new pg.Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query('SELECT 1')).then(() => client.end()).then(
      () => process.exit(0),
      (err) => { process.stderr.write(String(err && (err.message || err.code || err))); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, PROBE_URL: POSTGRES_URL }, timeout: 10_000, encoding: 'utf8' });
  reachable = probe.status === 0 ? true : probe.stderr.trim() || probe.error?.message || `exit ${String(probe.status ?? probe.signal)}`;
  return reachable;
}

/** `describe` when PostgreSQL is reachable; a loud skip otherwise (a failure under CI). Drops its databases afterwards. */
export function describeWithPostgres(name: string, fn: () => void): void {
  const up = postgresReachable();
  if (up === true) {
    describe(name, () => {
      afterAll(dropTestDatabases);
      fn();
    });
    return;
  }
  if (process.env.CI) throw new Error(`PostgreSQL tại ${POSTGRES_URL} không truy cập được (${up}); CI phải chạy các kiểm thử PostgreSQL.`);
  console.warn(
    `\n${'!'.repeat(78)}\n!! PostgreSQL tại ${POSTGRES_URL} không truy cập được: ${up}\n` +
      `!! "${name}" BỊ BỎ QUA. Khởi động PostgreSQL hoặc đặt TEST_POSTGRES_URL.\n${'!'.repeat(78)}\n`,
  );
  describe(name, () => {
    test.skip(`PostgreSQL không truy cập được tại ${POSTGRES_URL}`, () => undefined);
  });
}
