/**
 * The one database abstraction every repository uses. SQL is written once, in the subset both SQLite and PostgreSQL
 * understand: `$1, $2…` placeholders, `ON CONFLICT … DO …`, `RETURNING`, TEXT/INTEGER/BIGINT/REAL columns, times as
 * integer milliseconds (BIGINT; the PostgreSQL driver is configured to return them as numbers), booleans as 0/1,
 * JSON as TEXT. Where the dialects really differ a migration may give both texts.
 *
 * More rules both backends enforce or need: PostgreSQL folds unquoted names to lower case, so write column aliases in
 * snake_case (`AS created_at`, never `AS createdAt`); select 0/1 (`CASE WHEN … THEN 1 ELSE 0 END`), not a boolean
 * expression; inside `transaction(fn)` use `tx`, never the database itself (that throws); a statement that fails
 * inside a transaction aborts the whole transaction, even if `fn` catches the error (use `ON CONFLICT` instead); keep
 * transactions short and free of network calls (on SQLite every other query waits for them).
 */
export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  rowCount: number;
}

export interface Queryable {
  readonly dialect: Dialect;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  queryOne<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  execute(sql: string, params?: readonly unknown[]): Promise<RunResult>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Cheap round trip for `/readyz`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A schema change. `sql` runs on both dialects unless `sqlite`/`postgres` give dialect-specific text. */
export interface Migration {
  /** Ordered, never renamed: `001-bot-state`, `010-directline`… */
  id: string;
  sql?: string;
  sqlite?: string;
  postgres?: string;
}

/**
 * A `Queryable` that can also run a parameterless script of several `;`-separated statements (migrations). Kept
 * separate from `Queryable` so repositories and test fakes never need it.
 */
export interface ScriptQueryable extends Queryable {
  runScript(sql: string): Promise<void>;
}

/**
 * One connection held for a while, with transactions on that same connection. Migrations need it: on PostgreSQL the
 * advisory lock belongs to a session, so every migration transaction must run on the connection that holds it.
 */
export interface Connection extends ScriptQueryable {
  transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
}

/** What both built-in backends implement; repositories should still ask for the narrower `Database`. */
export interface ManagedDatabase extends Database, ScriptQueryable {
  withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
}
