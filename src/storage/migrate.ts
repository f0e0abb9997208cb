/**
 * Brings a database up to date with `MIGRATIONS`. Each migration runs in its own transaction together with the row
 * that records it in `schema_migrations`, so it is applied completely and exactly once, or not at all.
 *
 * Several instances may start at once. On PostgreSQL the whole run holds a session advisory lock (one per schema),
 * so the second instance waits and then finds everything applied. On SQLite each migration transaction begins with
 * the write lock (BEGIN IMMEDIATE) and re-checks `schema_migrations` inside it, which serialises processes too.
 */
import type { Connection, Dialect, ManagedDatabase, Migration } from './database';
import { MigrationError } from './errors';
import { MIGRATIONS } from './migrations';

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at BIGINT NOT NULL
  )`;

// `hashtext` gives a stable int4 per schema; `coalesce` because a missing schema makes current_schema() NULL,
// and pg_advisory_lock(NULL) returns without locking anything.
const LOCK_KEY = `hashtext('donghanh.migrate:' || coalesce(current_schema(), ''))`;

/** Applies the migrations `db` has not seen yet; returns the ids applied by this call, in order. */
export async function migrate(db: ManagedDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  assertWellFormed(migrations);
  return db.withConnection(async (conn) => {
    if (conn.dialect !== 'postgres') return applyPending(conn, migrations);
    await conn.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    let applied: string[];
    try {
      applied = await applyPending(conn, migrations);
    } catch (err) {
      // Keep the migration's error, not an unlock failure. withConnection destroys the session after an error,
      // which releases the lock even if this unlock did not get through.
      await conn.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`).catch(() => undefined);
      throw err;
    }
    await conn.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
    return applied;
  });
}

async function applyPending(conn: Connection, migrations: readonly Migration[]): Promise<string[]> {
  await conn.runScript(CREATE_TABLE);
  const seen = new Set((await conn.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (seen.has(migration.id)) continue;
    const script = scriptFor(migration, conn.dialect);
    let ran: boolean;
    try {
      ran = await conn.transaction(async (tx) => {
        if (await tx.queryOne('SELECT id FROM schema_migrations WHERE id = $1', [migration.id])) return false;
        await tx.runScript(script);
        await tx.execute('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [migration.id, Date.now()]);
        return true;
      });
    } catch (err) {
      throw new MigrationError(migration.id, err);
    }
    if (ran) applied.push(migration.id);
  }
  return applied;
}

/** The dialect's own text when a migration gives one, else the portable `sql`. */
export function scriptFor(migration: Migration, dialect: Dialect): string {
  const script = migration[dialect] ?? migration.sql;
  if (!script?.trim()) {
    throw new MigrationError(migration.id, new Error(`không có câu lệnh SQL nào cho ${dialect}`));
  }
  return script;
}

/** Catches mistakes in the list itself before touching the database. */
function assertWellFormed(migrations: readonly Migration[]): void {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (!m.id.trim()) throw new MigrationError('(không tên)', new Error('migration thiếu id'));
    if (ids.has(m.id)) throw new MigrationError(m.id, new Error('id bị trùng trong danh sách migrations'));
    ids.add(m.id);
  }
}
