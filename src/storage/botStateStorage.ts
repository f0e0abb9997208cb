/**
 * botbuilder `Storage` over the `bot_state` table, so conversation and user state survive a restart and are shared by
 * every instance. The eTag rules are botbuilder's `MemoryStorage` rules:
 * - reading a key that is not stored leaves it out of the result;
 * - writing with `eTag: '*'`, with no eTag, or to a key that is not stored, always succeeds;
 * - writing with any other eTag succeeds only if it is the stored one, else it throws
 *   `Storage: error writing "<key>" due to eTag conflict.`;
 * - every successful write gives the item a new eTag, returned by the next read.
 * The stale-eTag check is a single conditional upsert, so two instances racing with the same eTag cannot both win.
 * One difference, deliberately: a `write` of several keys is one transaction, so a conflict on one key stores none
 * of them (MemoryStorage would keep the keys before the conflicting one).
 *
 * Reads, and writes of one key (what botbuilder's BotState does), made in the same tick are batched: a turn that
 * loads (or saves) its conversation and user state together, and other turns doing the same at that moment, share
 * one SELECT (or one multi-row upsert). Each caller still gets its own result or its own eTag conflict.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database, Queryable } from './database';
import { type Outcome, TickBatch } from './tickBatch';

/** Bound on keys per statement; far below SQLite's and PostgreSQL's parameter limits. */
const KEYS_PER_QUERY = 200;
/** Bound on rows per batched upsert (up to 6 parameters each). */
const ROWS_PER_UPSERT = 100;

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    // The exact text MemoryStorage uses, for anything that matches on it.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

interface BotStateRow {
  key: string;
  value: string;
  etag: string;
}

type StoredRow = Pick<BotStateRow, 'value' | 'etag'>;

export class BotStateStorage implements Storage {
  private readonly reads = new TickBatch<string[], Map<string, StoredRow>>((requests) => this.readBatch(requests));
  private readonly writes = new TickBatch<[string, unknown], void>((entries) => this.writeBatch(entries));

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const unique = [...new Set(keys)];
    const items: StoreItems = {};
    if (unique.length === 0) return items;
    const rows = await this.reads.add(unique);
    // Parsed per caller: two callers of one batch must never share (and mutate) the same state object.
    for (const key of unique) {
      const row = rows.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    if (entries.length === 1) return this.writes.add(entries[0]!);
    await this.db.transaction(async (tx) => {
      for (const [key, item] of entries) await this.writeOne(tx, key, item);
    });
  }

  async delete(keys: string[]): Promise<void> {
    for (const chunk of chunks([...new Set(keys)])) {
      await this.db.execute(`DELETE FROM bot_state WHERE key IN (${placeholders(chunk.length)})`, chunk);
    }
  }

  /** Every key any caller of this tick asked for, in as few SELECTs as the parameter bound allows. */
  private async readBatch(requests: string[][]): Promise<Outcome<Map<string, StoredRow>>[]> {
    const rows = new Map<string, StoredRow>();
    for (const chunk of chunks([...new Set(requests.flat())])) {
      const found = await this.db.query<BotStateRow>(`SELECT key, value, etag FROM bot_state WHERE key IN (${placeholders(chunk.length)})`, chunk);
      for (const row of found) rows.set(row.key, { value: row.value, etag: row.etag });
    }
    return requests.map(() => ({ value: rows }));
  }

  /**
   * One-key writes of this tick, as multi-row upserts. A key may appear once per statement, so a second write of the
   * same key waits for the next round and is judged against what the first one stored, as if they had come in order.
   */
  private async writeBatch(entries: Array<[string, unknown]>): Promise<Outcome<void>[]> {
    const outcomes: Outcome<void>[] = new Array(entries.length);
    let pending = entries.map((_, i) => i);
    while (pending.length > 0) {
      const keys = new Set<string>();
      const round: number[] = [];
      const later: number[] = [];
      for (const i of pending) {
        const key = entries[i]![0];
        if (keys.has(key) || round.length === ROWS_PER_UPSERT) later.push(i);
        else {
          keys.add(key);
          round.push(i);
        }
      }
      const written = await this.upsertMany(round.map((i) => entries[i]!));
      for (const i of round) {
        const key = entries[i]![0];
        outcomes[i] = written.has(key) ? { value: undefined } : { error: new ETagConflictError(key) };
      }
      pending = later;
    }
    return outcomes;
  }

  /**
   * Inserts or updates each row in one statement and returns the keys it stored. A row with an eTag other than '*'
   * updates only if the stored eTag is that one (else it is left out of RETURNING: a conflict); a new key is always
   * inserted; rows without an eTag always win.
   */
  private async upsertMany(entries: Array<[string, unknown]>): Promise<Set<string>> {
    const params: unknown[] = [];
    const rows: string[] = [];
    const expected: string[] = [];
    for (const [key, item] of entries) {
      const { eTag, ...rest } = (item ?? {}) as { eTag?: unknown; [field: string]: unknown };
      const at = params.length;
      params.push(key, JSON.stringify(rest), randomUUID(), this.now());
      rows.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4})`);
      if (eTag && eTag !== '*') {
        params.push(key, String(eTag));
        expected.push(`WHEN $${params.length - 1} THEN $${params.length}`);
      }
    }
    const condition = expected.length > 0 ? `WHERE bot_state.etag = CASE excluded.key ${expected.join(' ')} ELSE bot_state.etag END` : '';
    const stored = await this.db.query<{ key: string }>(
      `INSERT INTO bot_state (key, value, etag, updated_at) VALUES ${rows.join(', ')}
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at
       ${condition}
       RETURNING key`,
      params,
    );
    return new Set(stored.map((r) => r.key));
  }

  private async writeOne(tx: Queryable, key: string, item: unknown): Promise<void> {
    const { eTag, ...rest } = (item ?? {}) as { eTag?: unknown; [field: string]: unknown };
    const params = [key, JSON.stringify(rest), randomUUID(), this.now()];
    const upsert = `
      INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at`;
    if (!eTag || eTag === '*') {
      await tx.execute(upsert, params);
      return;
    }
    // Inserts when the key is new; updates only when the stored eTag is the one the caller read.
    const { rowCount } = await tx.execute(`${upsert} WHERE bot_state.etag = $5`, [...params, String(eTag)]);
    if (rowCount === 0) throw new ETagConflictError(key);
  }
}

function placeholders(count: number): string {
  return Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
}

function chunks<T>(values: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += KEYS_PER_QUERY) out.push(values.slice(i, i + KEYS_PER_QUERY));
  return out;
}
