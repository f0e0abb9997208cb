import type { Migration } from '../../src/storage/database';
import { MigrationError } from '../../src/storage/errors';
import { migrate } from '../../src/storage/migrate';
import { MIGRATIONS } from '../../src/storage/migrations';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { backends } from './backends';

const count = async (db: AppDatabase, table: string): Promise<number> =>
  (await db.queryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? -1;

const recorded = async (db: AppDatabase, prefix: string): Promise<string[]> =>
  (await db.query<{ id: string }>('SELECT id FROM schema_migrations WHERE id LIKE $1 ORDER BY id', [`${prefix}%`])).map(
    (r) => r.id,
  );

describe.each(backends())('$name', (backend) => {
  test('the application migrations create bot_state, each recorded once', async () => {
    const db = await backend.open();
    await backend.open();
    expect(await count(db, 'bot_state')).toBe(0);
    const ids = (await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id);
    for (const m of MIGRATIONS) expect(ids.filter((id) => id === m.id)).toEqual([m.id]);
  });

  test('each migration runs once, in order; later additions run on the next start', async () => {
    const list: Migration[] = [
      { id: 'once-1', sql: 'CREATE TABLE once_probe (n INTEGER NOT NULL)' },
      { id: 'once-2', sql: 'INSERT INTO once_probe (n) VALUES (1); INSERT INTO once_probe (n) VALUES (2);' },
    ];
    const db = await backend.open({ migrate: false });
    expect(await migrate(db, list)).toEqual(['once-1', 'once-2']);
    expect(await migrate(db, list)).toEqual([]);

    const restarted = await backend.open({ migrations: list });
    expect(await count(restarted, 'once_probe')).toBe(2);

    const grown = [...list, { id: 'once-3', sql: 'INSERT INTO once_probe (n) VALUES (3)' }];
    expect(await migrate(restarted, grown)).toEqual(['once-3']);
    expect(await count(restarted, 'once_probe')).toBe(3);
    expect(await recorded(restarted, 'once-')).toEqual(['once-1', 'once-2', 'once-3']);
  });

  test('two instances starting at the same moment apply each migration exactly once', async () => {
    const list: Migration[] = [
      { id: 'race-1', sql: 'CREATE TABLE race_probe (n INTEGER NOT NULL)' },
      {
        id: 'race-2',
        sqlite: 'INSERT INTO race_probe (n) VALUES (1);',
        // The pause widens the window in which an unlocked second instance would run it again.
        postgres: 'INSERT INTO race_probe (n) VALUES (1); SELECT pg_sleep(0.2);',
      },
    ];
    const [a, b] = await Promise.all([backend.open({ migrations: list }), backend.open({ migrations: list })]);
    expect(await count(a, 'race_probe')).toBe(1);
    expect(await count(b, 'race_probe')).toBe(1);
    expect(await recorded(a, 'race-')).toEqual(['race-1', 'race-2']);
  });

  test('a failing migration is undone entirely, named in the error, and retried on the next start', async () => {
    const good: Migration = { id: 'fail-1', sql: 'CREATE TABLE fail_probe (n INTEGER NOT NULL)' };
    const broken: Migration = {
      id: 'fail-2',
      sql: 'INSERT INTO fail_probe (n) VALUES (1); INSERT INTO no_such_table (n) VALUES (1);',
    };
    const db = await backend.open({ migrate: false });
    const err = await migrate(db, [good, broken]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migrationId).toBe('fail-2');
    expect((err as Error).message).toMatch(/Không cập nhật được cấu trúc cơ sở dữ liệu ở bước "fail-2"/);
    expect((err as Error).message).toMatch(/no_such_table/);
    expect(await count(db, 'fail_probe')).toBe(0);
    expect(await recorded(db, 'fail-')).toEqual(['fail-1']);

    const fixed: Migration = { id: 'fail-2', sql: 'INSERT INTO fail_probe (n) VALUES (1)' };
    expect(await migrate(db, [good, fixed])).toEqual(['fail-2']);
    expect(await count(db, 'fail_probe')).toBe(1);
  });

  test('openDatabase refuses to start when a migration fails', async () => {
    const broken: Migration = { id: 'start-1', sql: 'CREATE TABLE (' };
    await expect(backend.open({ migrations: [broken] })).rejects.toThrow(/"start-1"/);
  });

  test.each([
    [
      'a duplicated id',
      [
        { id: 'dup', sql: 'SELECT 1' },
        { id: 'dup', sql: 'SELECT 2' },
      ],
      /trùng/,
    ],
    ['a migration with no SQL for this database', [{ id: 'empty', sql: '  ' }], /không có câu lệnh SQL/],
  ])('rejects %s before changing anything', async (_name, list, message) => {
    const db = await backend.open({ migrate: false });
    await expect(migrate(db, list)).rejects.toThrow(message);
    expect(await recorded(db, list[0]?.id ?? '')).toEqual([]);
  });
});
