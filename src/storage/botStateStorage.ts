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
 *
 * `runTurn` serves a turn's first reads from the rows read when its lease was taken, and holds its unconditional
 * writes back until it ends, to store them in one statement together with the release of the lease (see
 * ConversationLeases): with several instances on PostgreSQL, a turn's state costs no round trip of its own, and the
 * next turn of the conversation, wherever it runs, can only take the lease once the state it must read is stored.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database, Queryable } from './database';
import { keyChunks, placeholders, readStateRows, type StateRow } from './botStateRows';
import { type HeldLease, releaseStatement } from './conversationLeases';
import { inRounds } from './rounds';
import { type Outcome, TickBatch } from './tickBatch';

/** Bound on rows per batched upsert (up to 6 parameters each). */
const ROWS_PER_UPSERT = 100;

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    // The exact text MemoryStorage uses, for anything that matches on it.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** A turn run through `runTurn`: what it has written and not yet stored, and what was read for it ahead of time. */
interface TurnScope {
  /** key → the JSON to store. */
  values: Map<string, string>;
  /** Rows read with the turn's lease (undefined: nothing stored under the key); each is served once. */
  readAhead: Map<string, StateRow | undefined>;
  /** False once the turn has ended: a write still arriving from it (a forgotten promise) goes straight through. */
  open: boolean;
}

/** One turn's end: its held-back writes and the lease to release with them. */
interface TurnEnd {
  writes: Map<string, string>;
  lease: HeldLease | undefined;
}

export class BotStateStorage implements Storage {
  private readonly reads = new TickBatch<string[], Map<string, StateRow>>((requests) => this.readBatch(requests));
  private readonly writes = new TickBatch<[string, unknown], void>((entries) => this.writeBatch(entries));
  private readonly turnEnds = new TickBatch<TurnEnd, void>((ends) => this.endTurns(ends));
  private readonly turnScope = new AsyncLocalStorage<TurnScope>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const unique = [...new Set(keys)];
    const items: StoreItems = {};
    if (unique.length === 0) return items;
    const turn = this.turnScope.getStore();
    const rows = new Map<string, StateRow | undefined>();
    const toRead: string[] = [];
    for (const key of unique) {
      // What this turn wrote and has not stored yet is what it must read back; what was read with its lease is fresh.
      const held = turn?.values.get(key);
      if (held !== undefined) rows.set(key, { value: held, etag: '*' });
      else if (turn?.readAhead.has(key)) {
        rows.set(key, turn.readAhead.get(key));
        turn.readAhead.delete(key);
      } else toRead.push(key);
    }
    if (toRead.length > 0) for (const [key, row] of await this.reads.add(toRead)) rows.set(key, row);
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
    const held = this.turnScope.getStore();
    if (held?.open && entries.every(([, item]) => isUnconditional(item))) {
      // Serialised now: the caller may change the object after we return, and what it wrote is what must be stored.
      for (const [key, item] of entries) held.values.set(key, serialize(item));
      return;
    }
    if (entries.length === 1) return this.writes.add(entries[0]!);
    await this.db.transaction(async (tx) => {
      for (const [key, item] of entries) await this.writeOne(tx, key, item);
    });
  }

  /**
   * Runs one bot turn with its unconditional writes (botbuilder's BotState always writes with `eTag: '*'`) held back,
   * then stores them, and releases `lease`, in one statement. Reads during the turn see what it wrote. A write with
   * a real eTag still goes straight to the database, so its conflict is reported where it happens. What the turn
   * wrote is stored even when the turn then fails, as it would have been without holding it back; the lease is given
   * back in every case. `readAhead` is state read with the lease (ConversationLeases.tryAcquireWithState): the turn's
   * first read of those keys needs no statement.
   */
  async runTurn<T>(turn: () => Promise<T>, lease?: HeldLease, readAhead?: ReadonlyMap<string, StateRow | undefined>): Promise<T> {
    const held: TurnScope = { values: new Map(), readAhead: new Map(readAhead), open: true };
    let result: T;
    try {
      result = await this.turnScope.run(held, turn);
    } finally {
      held.open = false;
      if (held.values.size > 0 || lease) await this.turnEnds.add({ writes: held.values, lease });
    }
    return result;
  }

  async delete(keys: string[]): Promise<void> {
    for (const chunk of keyChunks(keys)) {
      await this.db.execute(`DELETE FROM bot_state WHERE key IN (${placeholders(chunk.length)})`, chunk);
    }
  }

  /** Every key any caller of this tick asked for, in as few SELECTs as the parameter bound allows. */
  private async readBatch(requests: string[][]): Promise<Outcome<Map<string, StateRow>>[]> {
    const rows = await readStateRows(this.db, requests.flat());
    return requests.map(() => ({ value: rows }));
  }

  /**
   * One-key writes of this tick, as multi-row upserts. A key may appear once per statement, so a second write of the
   * same key waits for the next round and is judged against what the first one stored, as if they had come in order.
   */
  private async writeBatch(entries: Array<[string, unknown]>): Promise<Outcome<void>[]> {
    const outcomes: Outcome<void>[] = new Array(entries.length);
    for (const round of inRounds(entries, ([key]) => [key], ROWS_PER_UPSERT)) {
      const written = await this.upsertMany(round.map((i) => entries[i]!));
      for (const i of round) {
        const key = entries[i]![0];
        outcomes[i] = written.has(key) ? { value: undefined } : { error: new ETagConflictError(key) };
      }
    }
    return outcomes;
  }

  /**
   * Inserts or updates each row in one statement and returns the keys it stored. A row with an eTag other than '*'
   * updates only if the stored eTag is that one (else it is left out of RETURNING: a conflict); a new key is always
   * inserted; rows without an eTag always win.
   */
  private async upsertMany(entries: Array<[string, unknown]>): Promise<Set<string>> {
    const rows: UpsertRow[] = entries.map(([key, item]) => {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      return { key, json: serialize(item), expectedETag: eTag && eTag !== '*' ? String(eTag) : undefined };
    });
    return this.upsertRows(rows, []);
  }

  /**
   * The ends of the turns of this tick: their held-back writes (a key written by two of them is stored in turn order,
   * one statement per round, as `writeBatch` does) and their leases, released in the statement that stores the last
   * of their turn's writes — or on their own when a turn wrote nothing.
   */
  private async endTurns(ends: TurnEnd[]): Promise<Outcome<void>[]> {
    const outcomes: Outcome<void>[] = ends.map(() => ({ value: undefined }));
    for (const round of inRounds(ends, (end) => [...end.writes.keys()], ROWS_PER_UPSERT)) {
      const rows = round.flatMap((i) => [...ends[i]!.writes].map(([key, json]) => ({ key, json, expectedETag: undefined })));
      const releases = round.flatMap((i) => ends[i]!.lease ?? []);
      try {
        await this.upsertRows(rows, releases);
      } catch (err) {
        for (const i of round) outcomes[i] = { error: err };
      }
    }
    return outcomes;
  }

  /**
   * The one upsert statement. On PostgreSQL, turn leases are released in the same statement (and so the same commit);
   * SQLite has no data-modifying WITH, and there the two statements share a transaction instead.
   */
  private async upsertRows(rows: UpsertRow[], releases: HeldLease[]): Promise<Set<string>> {
    if (rows.length === 0) {
      if (releases.length > 0) await this.db.execute(...releaseStatement(releases, 1));
      return new Set();
    }
    const params: unknown[] = [];
    const values: string[] = [];
    const expected: string[] = [];
    for (const row of rows) {
      const at = params.length;
      params.push(row.key, row.json, randomUUID(), this.now());
      values.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4})`);
      if (row.expectedETag !== undefined) {
        params.push(row.key, row.expectedETag);
        expected.push(`WHEN $${params.length - 1} THEN $${params.length}`);
      }
    }
    const condition = expected.length > 0 ? `WHERE bot_state.etag = CASE excluded.key ${expected.join(' ')} ELSE bot_state.etag END` : '';
    const upsert = `INSERT INTO bot_state (key, value, etag, updated_at) VALUES ${values.join(', ')}
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at
       ${condition}
       RETURNING key`;
    let stored: Array<{ key: string }>;
    if (releases.length === 0) {
      stored = await this.db.query<{ key: string }>(upsert, params);
    } else if (this.db.dialect === 'postgres') {
      const [releasing, releaseParams] = releaseStatement(releases, params.length + 1);
      stored = await this.db.query<{ key: string }>(`WITH released AS (${releasing}) ${upsert}`, [...params, ...releaseParams]);
    } else {
      stored = await this.db.transaction(async (tx) => {
        await tx.execute(...releaseStatement(releases, 1));
        return tx.query<{ key: string }>(upsert, params);
      });
    }
    return new Set(stored.map((r) => r.key));
  }

  private async writeOne(tx: Queryable, key: string, item: unknown): Promise<void> {
    const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
    const params = [key, serialize(item), randomUUID(), this.now()];
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

interface UpsertRow {
  key: string;
  json: string;
  /** The stored eTag the write depends on; none for an unconditional write. */
  expectedETag: string | undefined;
}

function isUnconditional(item: unknown): boolean {
  const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
  return !eTag || eTag === '*';
}

/** The JSON stored for an item: everything but its eTag. */
function serialize(item: unknown): string {
  const { eTag: _eTag, ...rest } = (item ?? {}) as { eTag?: unknown; [field: string]: unknown };
  return JSON.stringify(rest);
}

