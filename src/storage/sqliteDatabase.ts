/**
 * The embedded default backend (better-sqlite3). Statements run synchronously, but our API is async and transactions
 * await between statements, so every operation goes through one lock per database file: a transaction has the
 * connection to itself until it commits or rolls back, and nobody else's statement lands inside it. Two `Database`
 * objects on the same file in one process share that lock (and the event bus), which keeps them from blocking each
 * other in SQLite's busy-wait.
 *
 * Behaviour matched to PostgreSQL so code tested here does not break there: `$n` placeholders, booleans bound as 0/1,
 * and a statement that fails inside a transaction aborts the whole transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Connection, Dialect, ManagedDatabase, RunResult, ScriptQueryable } from './database';
import { DatabaseUnavailableError } from './errors';
import { type ErrorReporter, type EventBus, InProcessEventBus, reportToStderr, ScopedEventBus } from './eventBus';
import { Mutex } from './mutex';
import { bindPositional, toPositional } from './sqlPlaceholders';
import { assertOutsideTransaction, runInTransaction } from './transactionContext';

export const MEMORY = ':memory:';

export interface SqliteOptions {
  /** How long a statement waits for another process's write lock before failing (SQLITE_BUSY). */
  busyTimeoutMs?: number;
  /** Where event-handler errors go. */
  onError?: ErrorReporter;
}

/** Shared by every `SqliteDatabase` open on one file in this process. */
interface FileShare {
  mutex: Mutex;
  bus: InProcessEventBus;
  users: number;
}

const shares = new Map<string, FileShare>();
let memoryCount = 0;

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

const STATEMENT_CACHE_LIMIT = 300;

export class SqliteDatabase implements ManagedDatabase {
  readonly dialect: Dialect = 'sqlite';
  readonly events: EventBus;
  private readonly statements = new Map<string, Statement>();
  private readonly share: FileShare;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: BetterSqlite3.Database,
    /** Absolute path, or `:memory:` */
    readonly file: string,
    private readonly shareKey: string,
    share: FileShare,
  ) {
    this.share = share;
    this.events = new ScopedEventBus(share.bus);
  }

  /** Opens (creating the file and its folder when missing) with WAL, a busy timeout and foreign keys on. */
  static open(file: string, options: SqliteOptions = {}): SqliteDatabase {
    const absolute = file === MEMORY ? MEMORY : path.resolve(file);
    let db: BetterSqlite3.Database | undefined;
    try {
      if (absolute !== MEMORY) makeFolders(path.dirname(absolute));
      // `timeout` is SQLite's busy timeout; set first, so even switching to WAL waits for another process's lock.
      db = new BetterSqlite3(absolute, { timeout: Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000)) });
      // WAL lets readers continue while one writer commits. `synchronous` stays at its default FULL: a committed
      // escalation must survive a power cut, not only a crash of this process.
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
    } catch (err) {
      db?.close();
      throw new DatabaseUnavailableError(
        `SQLite ${absolute}`,
        err,
        'Hãy kiểm tra DATABASE_URL và quyền ghi vào tệp cùng thư mục chứa nó.',
      );
    }
    // A private lock for in-memory databases: each one is a separate database.
    const key = absolute === MEMORY ? `${MEMORY}#${++memoryCount}` : absolute;
    let share = shares.get(key);
    if (!share) {
      share = { mutex: new Mutex(), bus: new InProcessEventBus(options.onError ?? reportToStderr), users: 0 };
      shares.set(key, share);
    }
    share.users++;
    return new SqliteDatabase(db, absolute, key, share);
  }

  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.exclusive(() => this.queryNow<T>(sql, params));
  }

  async queryOne<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params);
    return rows[0];
  }

  execute(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    return this.exclusive(() => this.executeNow(sql, params));
  }

  runScript(sql: string): Promise<void> {
    return this.exclusive(() => this.exec(sql));
  }

  transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.runTransaction(fn));
  }

  /** SQLite has one connection: the "held" connection is the database itself. */
  async withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    this.assertOpen();
    return fn(this);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  /** Waits for running work, then closes. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.share.mutex.run(async () => {
      await this.events.close();
      this.statements.clear();
      this.db.close();
      this.share.users--;
      if (this.share.users === 0) {
        shares.delete(this.shareKey);
        await this.share.bus.close();
      }
    });
    return this.closing;
  }

  private exclusive<T>(op: () => T | Promise<T>): Promise<T> {
    try {
      this.assertOpen();
      // Per file, not per object: a second Database on the same file would wait for this transaction's lock too.
      assertOutsideTransaction(this.share);
    } catch (err) {
      return Promise.reject(err);
    }
    // Work queued before close() still runs: close() itself waits in the same queue.
    return this.share.mutex.run(op);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`Cơ sở dữ liệu SQLite ${this.file} đã đóng`);
  }

  private async runTransaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock now, so another process cannot make us fail halfway with SQLITE_BUSY.
    this.exec('BEGIN IMMEDIATE');
    const tx = new SqliteTransaction(this.dialect, {
      query: (sql, params) => this.queryNow(sql, params),
      execute: (sql, params) => this.executeNow(sql, params),
      runScript: (sql) => this.exec(sql),
    });
    try {
      const result = await runInTransaction(this.share, () => fn(tx));
      // The caller caught a failed statement and carried on; PostgreSQL would refuse to commit, and so do we.
      if (tx.failure) throw tx.failure;
      this.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.exec('ROLLBACK');
      throw err;
    } finally {
      tx.end();
    }
  }

  private queryNow<T>(sql: string, params: readonly unknown[]): T[] {
    return native(() => {
      const { statement, values } = this.prepare(sql, params);
      if (statement.reader) return statement.all(values) as T[];
      statement.run(values);
      return [];
    });
  }

  private executeNow(sql: string, params: readonly unknown[]): RunResult {
    return native(() => {
      const { statement, values } = this.prepare(sql, params);
      // `INSERT … RETURNING` is a reader; its rows are the rows it changed.
      if (statement.reader) return { rowCount: statement.all(values).length };
      return { rowCount: statement.run(values).changes };
    });
  }

  private exec(sql: string): void {
    native(() => this.db.exec(sql));
  }

  private prepare(sql: string, params: readonly unknown[]): { statement: Statement; values: unknown[] } {
    const positional = toPositional(sql);
    const values = bindPositional(positional, params).map(toSqliteValue);
    let statement = this.statements.get(positional.sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(positional.sql);
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      this.statements.set(positional.sql, statement);
    }
    return { statement, values };
  }
}

/**
 * Runs a better-sqlite3 call, re-creating its errors in this realm. The native addon keeps the error class of the
 * first realm that loaded it (jest gives each test file its own), so elsewhere its errors fail `instanceof Error`
 * and jest's `toThrow`. Message, code and stack are kept.
 */
function native<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof Error || typeof err !== 'object' || err === null) throw err;
    const { message, code, name, stack } = err as {
      message?: unknown;
      code?: unknown;
      name?: unknown;
      stack?: unknown;
    };
    const copy = Object.assign(new Error(String(message)), { code });
    copy.name = typeof name === 'string' ? name : 'SqliteError';
    if (typeof stack === 'string') copy.stack = stack;
    throw copy;
  }
}

/**
 * `mkdir -p` by hand: Node's own `mkdirSync(…, { recursive: true })` loops forever on some paths that cannot be
 * created (seen under /proc), which would hang start-up instead of reporting a bad DATABASE_URL.
 */
function makeFolders(folder: string): void {
  const existing = fs.statSync(folder, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return;
  // SQLite would only say "unable to open database file"; say which part of the path is wrong.
  if (existing) throw new Error(`${folder} là một tệp, không phải thư mục`);
  const parent = path.dirname(folder);
  if (parent !== folder) makeFolders(parent);
  try {
    fs.mkdirSync(folder);
  } catch (err) {
    // Another process may have created it between our check and now.
    if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
  }
}

/** better-sqlite3 refuses booleans; the portable convention stores them as 0/1. */
function toSqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

interface SyncOps {
  query(sql: string, params: readonly unknown[]): unknown[];
  execute(sql: string, params: readonly unknown[]): RunResult;
  runScript(sql: string): void;
}

/** The `tx` handed to a transaction callback; unusable once the transaction is over. */
class SqliteTransaction implements ScriptQueryable {
  failure: unknown;
  private ended = false;

  constructor(
    readonly dialect: Dialect,
    private readonly ops: SyncOps,
  ) {}

  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.run(() => this.ops.query(sql, params) as T[]);
  }

  async queryOne<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params);
    return rows[0];
  }

  execute(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    return this.run(() => this.ops.execute(sql, params));
  }

  runScript(sql: string): Promise<void> {
    return this.run(() => this.ops.runScript(sql));
  }

  end(): void {
    this.ended = true;
  }

  private run<T>(op: () => T): Promise<T> {
    if (this.ended) {
      return Promise.reject(
        new Error('Giao dịch đã kết thúc: không dùng lại đối tượng tx sau khi transaction() trả về'),
      );
    }
    if (this.failure) {
      return Promise.reject(
        new Error('Giao dịch đã bị huỷ vì một câu lệnh trước đó lỗi; mọi thay đổi sẽ được hoàn tác'),
      );
    }
    try {
      return Promise.resolve(op());
    } catch (err) {
      this.failure = err;
      return Promise.reject(err);
    }
  }
}
