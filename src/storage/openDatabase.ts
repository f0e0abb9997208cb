/**
 * `DATABASE_URL` → a ready database: connected, schema up to date, with its event bus.
 * - `sqlite:./data/donghanh.db` (relative to `cwd`; the folder is created) or `sqlite::memory:`
 * - `postgres://user:password@host:5432/db` (or `postgresql://`)
 * When the database cannot be reached, the error says so in Vietnamese, names the target (never the password) and
 * carries the driver's cause, and nothing is left open.
 */
import { sqlitePath } from '../config';
import type { ManagedDatabase, Migration } from './database';
import { DatabaseUnavailableError } from './errors';
import type { ErrorReporter, EventBus } from './eventBus';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { PostgresDatabase } from './postgresDatabase';
import { SqliteDatabase } from './sqliteDatabase';

export interface OpenDatabaseOptions {
  /** Base for a relative SQLite path. */
  cwd?: string;
  /** PostgreSQL only: use (and create) this schema instead of `public`. */
  schema?: string;
  /** Defaults to every migration of the application. */
  migrations?: readonly Migration[];
  /** `false` opens without migrating (tools and tests that migrate by hand). */
  migrate?: boolean;
  /** PostgreSQL pool size per instance. */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a connection. */
  connectionTimeoutMs?: number;
  /** SQLite: how long to wait for another process's write lock. */
  busyTimeoutMs?: number;
  /** Where background errors go (dropped connections, failing event handlers). */
  onError?: ErrorReporter;
}

/** What the composition root gets: a `Database` for repositories, plus the event bus of the same backend. */
export interface AppDatabase extends ManagedDatabase {
  readonly events: EventBus;
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<AppDatabase> {
  const db = connect(url.trim(), options);
  try {
    if (db instanceof PostgresDatabase) {
      try {
        await db.ping();
        await db.ensureSchema();
      } catch (err) {
        throw new DatabaseUnavailableError(db.target, err);
      }
    }
    if (options.migrate !== false) await migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

function connect(url: string, options: OpenDatabaseOptions): SqliteDatabase | PostgresDatabase {
  if (url.startsWith('sqlite:')) {
    if (url === 'sqlite:')
      throw new TypeError('DATABASE_URL "sqlite:" thiếu đường dẫn tệp, ví dụ sqlite:./data/donghanh.db');
    return SqliteDatabase.open(sqlitePath(url, options.cwd), {
      busyTimeoutMs: options.busyTimeoutMs,
      onError: options.onError,
    });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return new PostgresDatabase(url, {
      schema: options.schema,
      poolSize: options.poolSize,
      connectionTimeoutMs: options.connectionTimeoutMs,
      onError: options.onError,
    });
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(không có)';
  throw new TypeError(
    `DATABASE_URL có lược đồ ${scheme} không được hỗ trợ: hãy dùng sqlite:<đường dẫn tệp> hoặc postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu`,
  );
}
