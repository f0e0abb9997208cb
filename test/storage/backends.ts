/**
 * The storage backends every storage test runs against:
 *
 *   describe.each(backends())('$name', (backend) => {
 *     test('…', async () => {
 *       const db = await backend.open();   // this test file's database, migrated; closed after the file
 *     });
 *   });
 *
 * - SQLite: a file in a fresh temporary folder (`<tmp>/data/test.db`), always.
 * - PostgreSQL at postgres://postgres@127.0.0.1:5432/test (override with TEST_POSTGRES_URL), in a schema of its own
 *   per test file, dropped after the file. If the server cannot be reached the PostgreSQL tests are skipped with a
 *   loud warning, except when `CI` is set: then the test file fails, because a green CI run must mean both backends.
 *
 * Every `open()` in one file reaches the same database (so "reopen" and "two instances" tests work); tests that need
 * a clean slate use their own keys or tables.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type AppDatabase, openDatabase, type OpenDatabaseOptions } from '../../src/storage/openDatabase';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** The DATABASE_URL of this test file's database. */
  url: string;
  /** The options that select this file's database (its PostgreSQL schema); add them when calling `openDatabase` yourself. */
  options: OpenDatabaseOptions;
  /** Opens this test file's database (migrated unless `migrate: false`); it is closed after the file if still open. */
  open(extra?: OpenDatabaseOptions): Promise<AppDatabase>;
}

let cached: Backend[] | undefined;

/** The backends for this test file; call it at the top level (it registers the clean-up for the file). */
export function backends(): Backend[] {
  cached ??= build();
  return cached;
}

function build(): Backend[] {
  const opened: AppDatabase[] = [];
  const track = async (db: Promise<AppDatabase>): Promise<AppDatabase> => {
    const ready = await db;
    opened.push(ready);
    return ready;
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-storage-'));
  const sqlite: Backend = {
    name: 'sqlite',
    // A folder that does not exist yet, so every test file also checks that opening creates it.
    url: `sqlite:${path.join(dir, 'data', 'test.db')}`,
    options: {},
    open: (extra = {}) => track(openDatabase(sqlite.url, extra)),
  };
  const list: Backend[] = [sqlite];

  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const postgresUp = postgresReachable();
  if (postgresUp === true) {
    const postgres: Backend = {
      name: 'postgres',
      url: POSTGRES_URL,
      options: { schema },
      open: (extra = {}) => track(openDatabase(POSTGRES_URL, { schema, ...extra })),
    };
    list.push(postgres);
  } else if (process.env.CI) {
    throw new Error(`PostgreSQL tại ${POSTGRES_URL} không truy cập được (${postgresUp}); CI phải chạy cả hai backend.`);
  } else {
    console.warn(
      `\n${'!'.repeat(78)}\n!! PostgreSQL tại ${POSTGRES_URL} không truy cập được: ${postgresUp}\n` +
        `!! CÁC KIỂM THỬ POSTGRESQL BỊ BỎ QUA. Khởi động PostgreSQL hoặc đặt TEST_POSTGRES_URL.\n${'!'.repeat(78)}\n`,
    );
    // Shown as "skipped" in the summary, so the gap is visible there too.
    describe('postgres', () => {
      test.skip(`PostgreSQL không truy cập được tại ${POSTGRES_URL}`, () => undefined);
    });
  }

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
    fs.rmSync(dir, { recursive: true, force: true });
    if (postgresUp === true) await dropSchema(schema);
  });
  return list;
}

/** Tests of PostgreSQL-only behaviour; skipped (loudly, by `backends()`) when PostgreSQL is unreachable. */
export function describePostgres(fn: (backend: Backend) => void): void {
  const postgres = backends().find((b) => b.name === 'postgres');
  if (postgres) describe('postgres', () => fn(postgres));
}

async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
}

/**
 * `describe.each` needs the list while jest collects tests, which is synchronous, so reachability is checked by a
 * short child process. Returns true, or the reason it is not reachable.
 */
function postgresReachable(): true | string {
  const script = `
    const pg = require(${JSON.stringify(require.resolve('pg'))});
    const client = new pg.Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query('SELECT 1')).then(() => client.end()).then(
      () => process.exit(0),
      (err) => { process.stderr.write(String(err && (err.message || err.code || err))); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, PROBE_URL: POSTGRES_URL },
    timeout: 10_000,
    encoding: 'utf8',
  });
  if (probe.status === 0) return true;
  return probe.stderr.trim() || probe.error?.message || `exit ${String(probe.status ?? probe.signal)}`;
}
