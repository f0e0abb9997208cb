import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseUnavailableError } from '../../src/storage/errors';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';
import { describePostgres, POSTGRES_URL } from './backends';

const opened: AppDatabase[] = [];
const open = async (...args: Parameters<typeof openDatabase>): Promise<AppDatabase> => {
  const db = await openDatabase(...args);
  opened.push(db);
  return db;
};

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-open-'));
});
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SQLite URLs', () => {
  test('a relative sqlite: path is resolved from cwd and its folders are created', async () => {
    const db = await open('sqlite:./data/nested/bot.db', { cwd: tmp });
    expect(fs.existsSync(path.join(tmp, 'data', 'nested', 'bot.db'))).toBe(true);
    expect(await db.query('SELECT key FROM bot_state')).toEqual([]);
  });

  test('the file database runs in WAL mode with a busy timeout and foreign keys on', async () => {
    const db = await open(`sqlite:${path.join(tmp, 'pragmas.db')}`);
    expect(await db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await db.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    const [timeout] = await db.query<{ timeout: number }>('PRAGMA busy_timeout');
    expect(timeout?.timeout).toBeGreaterThan(0);
  });

  test('sqlite::memory: databases are migrated and separate from each other', async () => {
    const a = await open('sqlite::memory:');
    const b = await open('sqlite::memory:');
    await a.execute('INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2, $3, $4)', [
      'k',
      '{}',
      'e',
      1,
    ]);
    expect(await a.query('SELECT key FROM bot_state')).toEqual([{ key: 'k' }]);
    expect(await b.query('SELECT key FROM bot_state')).toEqual([]);
  });

  test('a path that cannot hold a database gives a clear Vietnamese error with the cause', async () => {
    const file = path.join(tmp, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const err = await openDatabase(`sqlite:${path.join(file, 'bot.db')}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(/^Không mở được cơ sở dữ liệu SQLite .*not-a-folder/);
    expect((err as Error).message).toMatch(/Nguyên nhân: .*not-a-folder là một tệp, không phải thư mục/);
  });
});

describe('bad URLs', () => {
  test.each([
    ['mysql://root:secret@db/x', /lược đồ mysql:/],
    ['donghanh.db', /sqlite:<đường dẫn tệp> hoặc postgres:\/\//],
    ['sqlite:', /thiếu đường dẫn tệp/],
  ])('%s is refused with a message saying what is expected', async (url, message) => {
    const err = await openDatabase(url).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('secret');
  });
});

describe('PostgreSQL that cannot be reached', () => {
  test('names the server (never the password) and gives the driver cause', async () => {
    const err = await openDatabase('postgres://donghanh:secret@127.0.0.1:1/test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    const message = (err as Error).message;
    expect(message).toMatch(/^Không kết nối được cơ sở dữ liệu PostgreSQL donghanh@127\.0\.0\.1:1\/test\. /);
    expect(message).toMatch(/Nguyên nhân: .*ECONNREFUSED/);
    expect(message).not.toContain('secret');
  });

  test('refuses a schema name it would have to quote', async () => {
    await expect(openDatabase(POSTGRES_URL, { schema: 'Robert"; DROP' })).rejects.toThrow(/Tên schema/);
  });
});

describePostgres((backend) => {
  test('a database that does not exist is reported with the server’s reason', async () => {
    const url = POSTGRES_URL.replace(/\/[^/]*$/, '/khong_co_csdl_nay');
    const err = await openDatabase(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(/khong_co_csdl_nay.*does not exist \(3D000\)/);
  });

  test('the schema option confines every pooled connection to that schema', async () => {
    const db = await backend.open({ poolSize: 3 });
    const seen = await Promise.all(
      Array.from({ length: 6 }, () =>
        db.transaction((tx) => tx.queryOne<{ s: string }>('SELECT current_schema() AS s')),
      ),
    );
    expect(new Set(seen.map((r) => r?.s))).toEqual(new Set([backend.options.schema]));
  });
});
