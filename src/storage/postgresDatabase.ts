/**
 * The scale-out backend: a `pg` pool shared by every repository of one instance. Several instances point at the same
 * database; anything they must agree on goes through it (rows, advisory locks, LISTEN/NOTIFY).
 *
 * - BIGINT (times in ms, counts) and NUMERIC (`SUM` of BIGINT) come back as JS numbers, as SQLite returns them; an
 *   integer too large for a double throws instead of silently changing.
 * - A transaction has one pooled client to itself. A statement that fails inside it aborts it (PostgreSQL's own
 *   rule); a callback that swallows that error gets the error back from `transaction()` rather than a silent
 *   rollback reported as success.
 * - `schema` sets `search_path` at connection start-up (libpq `options`), so every pooled connection, including
 *   ones opened later, sees only that schema. Tests use it for isolation. The same options tell the database which
 *   channel the events bus listens on (`donghanh.events_channel`), for the triggers that announce from inside a
 *   statement (migration 070).
 */
import pg from 'pg';
import type { Connection, Dialect, ManagedDatabase, RunResult, ScriptQueryable } from './database';
import { type ErrorReporter, reportToStderr } from './eventBus';
import { PostgresEventBus } from './postgresEventBus';
import { assertOutsideTransaction, runInTransaction } from './transactionContext';

export interface PostgresOptions {
  /** Schema to use instead of `public` (letters, digits, `_`; at most 40 characters). */
  schema?: string;
  /** Connections per instance. */
  poolSize?: number;
  /** How long to wait for a connection before failing; without it an unreachable host hangs start-up. */
  connectionTimeoutMs?: number;
  /** Where background errors (dropped idle connections, event handlers) are reported. */
  onError?: ErrorReporter;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;
/** The bus's PostgreSQL channel without a schema; also what migration 070's trigger uses when told nothing else. */
const DEFAULT_EVENTS_CHANNEL = 'donghanh_events';
const OID_INT8 = 20;
const OID_NUMERIC = 1700;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`Số nguyên ${text} quá lớn để đọc chính xác`);
  return value;
}

/** Per-pool type parsers, so we never change `pg`'s global defaults for other code in the process. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === OID_INT8) return parseInt8;
      if (oid === OID_NUMERIC) return Number;
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export class PostgresDatabase implements ManagedDatabase {
  readonly dialect: Dialect = 'postgres';
  /** Where we connect, without the password, for messages and logs. */
  readonly target: string;
  readonly schema: string | undefined;
  readonly events: PostgresEventBus;
  private readonly clientConfig: pg.ClientConfig;
  private readonly pool: pg.Pool;
  private closing: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(url: string, options: PostgresOptions = {}) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new TypeError(`Tên schema "${options.schema}" không hợp lệ: chỉ chữ thường, chữ số và _, tối đa 40 ký tự`);
    }
    this.schema = options.schema;
    this.target = describeTarget(url);
    const report = options.onError ?? reportToStderr;
    const channel = options.schema ? `${DEFAULT_EVENTS_CHANNEL}_${options.schema}` : DEFAULT_EVENTS_CHANNEL;
    this.clientConfig = {
      // Without a schema the URL stays as given (some poolers refuse start-up `options`); the triggers then fall back
      // to the default channel, which is the right one.
      connectionString: options.schema
        ? withStartupSettings(url, { search_path: options.schema, 'donghanh.events_channel': channel })
        : url,
      types: typeParsers,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      application_name: 'donghanh',
    };
    this.pool = new pg.Pool({
      ...this.clientConfig,
      max: options.poolSize ?? 10,
      // Connections stay open once made (pg-pool closes idle ones after 10 s by default). A new connection is a new
      // PostgreSQL process, and every statement is prepared again on it on first use: made in the middle of a
      // busy moment, after a quiet one, that stalled every turn for a tenth of a second (bench:load). The pool's
      // size is what the deployment budgets for anyway (docs/scale-out.md).
      idleTimeoutMillis: 0,
    });
    // Without a listener, an idle connection dropped by the server would crash the process.
    this.pool.on('error', (err) => report(err, 'PostgreSQL idle connection'));
    this.events = new PostgresEventBus({
      channel,
      newClient: () =>
        new pg.Client({
          ...this.clientConfig,
          application_name: `donghanh-events${options.schema ? `:${options.schema}` : ''}`,
        }),
      notify: async (channel, texts) => {
        const calls = texts.map((_, i) => `pg_notify($1, $${i + 2})`);
        await this.pool.query(`SELECT ${calls.join(', ')}`, [channel, ...texts]);
      },
      report,
    });
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    this.assertUsable();
    const result = await this.track(this.pool.query(statement(sql, params)));
    return result.rows as T[];
  }

  async queryOne<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params);
    return rows[0];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    this.assertUsable();
    const result = await this.track(this.pool.query(statement(sql, params)));
    return { rowCount: result.rowCount ?? 0 };
  }

  async runScript(sql: string): Promise<void> {
    this.assertUsable();
    await this.track(this.pool.query(sql));
  }

  async transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
    this.assertUsable();
    return this.track(this.withClient(async (client, health) => runTransaction(client, this, health, fn)));
  }

  /**
   * One pooled client for the whole of `fn`. If `fn` fails the client is destroyed rather than returned, so session
   * state it may hold (an advisory lock, a half-finished transaction) dies with it.
   */
  async withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    this.assertUsable();
    return this.track(
      this.withClient(async (client, health) => {
        const conn = new PostgresConnection(client, health);
        try {
          return await fn(conn);
        } catch (err) {
          health.broken ??= err;
          throw err;
        } finally {
          conn.end();
        }
      }),
    );
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  /** Creates the configured schema if needed; two instances doing it at once is fine. */
  async ensureSchema(): Promise<void> {
    if (!this.schema) return;
    try {
      await this.execute(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    } catch (err) {
      // IF NOT EXISTS is not atomic: a concurrent creator can still make us fail with a duplicate.
      const code = (err as { code?: unknown }).code;
      if (code !== '23505' && code !== '42P06') throw err;
    }
  }

  /** Lets work already asked for finish (pg's pool would strand it), then closes. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.events.close();
      await this.pool.end();
    })();
    return this.closing;
  }

  private track<R>(work: Promise<R>): Promise<R> {
    this.inFlight.add(work);
    const forget = (): void => {
      this.inFlight.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  private assertUsable(): void {
    if (this.closing) throw new Error(`Cơ sở dữ liệu ${this.target} đã đóng`);
    assertOutsideTransaction(this);
  }

  private async withClient<T>(fn: (client: pg.PoolClient, health: ClientHealth) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const health: ClientHealth = {};
    // The pool stops listening for errors on a client while it is checked out; a dropped connection would otherwise
    // be an unhandled 'error' event.
    const onError = (err: Error): void => {
      health.broken ??= err;
    };
    client.on('error', onError);
    try {
      return await fn(client, health);
    } finally {
      client.off('error', onError);
      client.release(health.broken ? toError(health.broken) : undefined);
    }
  }
}

interface ClientHealth {
  /** Set when the client must not go back to the pool. */
  broken?: unknown;
}

async function runTransaction<T>(
  client: pg.PoolClient,
  owner: object,
  health: ClientHealth,
  fn: (tx: ScriptQueryable) => Promise<T>,
): Promise<T> {
  const tx = new PostgresQueryable(client);
  try {
    // Inside the try: if BEGIN itself fails (connection lost) the ROLLBACK below fails too and marks the client broken.
    await client.query('BEGIN');
    const result = await runInTransaction(owner, () => fn(tx));
    if (tx.failure) throw tx.failure;
    const commit = await client.query('COMMIT');
    // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not an error.
    if (commit.command === 'ROLLBACK')
      throw new Error('Giao dịch đã bị PostgreSQL huỷ; không có thay đổi nào được lưu');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      health.broken ??= rollbackErr;
    }
    throw err;
  } finally {
    tx.end();
  }
}

/** Statements on one checked-out client; the `tx` of a transaction. Unusable once it is over. */
class PostgresQueryable implements ScriptQueryable {
  readonly dialect: Dialect = 'postgres';
  failure: unknown;
  private ended = false;

  constructor(protected readonly client: pg.PoolClient) {}

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.run(() => this.client.query(statement(sql, params)));
    return result.rows as T[];
  }

  async queryOne<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params);
    return rows[0];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    const result = await this.run(() => this.client.query(statement(sql, params)));
    return { rowCount: result.rowCount ?? 0 };
  }

  async runScript(sql: string): Promise<void> {
    await this.run(() => this.client.query(sql));
  }

  end(): void {
    this.ended = true;
  }

  protected async run<R>(op: () => Promise<R>): Promise<R> {
    if (this.ended) throw new Error('Kết nối/giao dịch đã kết thúc: không dùng lại đối tượng này sau khi hàm trả về');
    try {
      return await op();
    } catch (err) {
      this.failure ??= err;
      throw err;
    }
  }
}

/** A held connection (migrations): statements outside transactions do not poison later ones. */
class PostgresConnection extends PostgresQueryable implements Connection {
  constructor(
    client: pg.PoolClient,
    private readonly health: ClientHealth,
  ) {
    super(client);
  }

  override async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    assertOutsideTransaction(this);
    return super.query<T>(sql, params);
  }

  override async execute(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    assertOutsideTransaction(this);
    return super.execute(sql, params);
  }

  override async runScript(sql: string): Promise<void> {
    assertOutsideTransaction(this);
    return super.runScript(sql);
  }

  async transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
    assertOutsideTransaction(this);
    return this.run(() => runTransaction(this.client, this, this.health, fn));
  }

  protected override async run<R>(op: () => Promise<R>): Promise<R> {
    const result = await super.run(op).finally(() => {
      // Outside a transaction each statement stands alone: a failure here says nothing about the next one.
      this.failure = undefined;
    });
    return result;
  }
}

const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 500;

/**
 * A named (prepared) statement for SQL with parameters: each connection parses and plans it once, then only binds
 * and runs it, which saves PostgreSQL's CPU on every turn (measured: ~15% more turns per second with PostgreSQL on
 * the same cores). The names are per process and a name always means the same text. Two things this relies on:
 * connections are sessions (a pooler must run in session mode, which LISTEN and the advisory lock need anyway), and
 * migrations add rather than change the type of a column a statement returns (PostgreSQL refuses a prepared
 * statement whose result type changed under it, until the connection is replaced).
 */
function statement(sql: string, params: readonly unknown[]): pg.QueryConfig {
  const values = toPgValues(params);
  if (values.length === 0) return { text: sql, values };
  let name = statementNames.get(sql);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `dh${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name ? { name, text: sql, values } : { text: sql, values };
}

/** The portable convention stores booleans as 0/1; `pg` would send 'true', which an INTEGER column rejects. */
function toPgValues(params: readonly unknown[]): unknown[] {
  return params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Adds `-c name=value` for each setting to the libpq `options` the URL may already carry. Values must not contain
 * spaces or backslashes (ours are schema and channel names).
 */
function withStartupSettings(url: string, settings: Record<string, string>): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      'DATABASE_URL không phải là địa chỉ PostgreSQL hợp lệ (postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu)',
    );
  }
  const existing = parsed.searchParams.get('options');
  const added = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  parsed.searchParams.set('options', [existing, ...added].filter(Boolean).join(' '));
  return parsed.toString();
}

/** `PostgreSQL user@host:port/db`: enough to recognise the server, never the password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    const port = u.port ? `:${u.port}` : '';
    return `PostgreSQL ${user}${u.hostname}${port}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL không đọc được)';
  }
}
