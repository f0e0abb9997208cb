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
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database, Queryable } from './database';

/** Bound on keys per statement; far below SQLite's and PostgreSQL's parameter limits. */
const KEYS_PER_QUERY = 200;

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

export class BotStateStorage implements Storage {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const chunk of chunks([...new Set(keys)])) {
      const rows = await this.db.query<BotStateRow>(
        `SELECT key, value, etag FROM bot_state WHERE key IN (${placeholders(chunk.length)})`,
        chunk,
      );
      for (const row of rows) items[row.key] = { ...(JSON.parse(row.value) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const [key, item] of entries) await this.writeOne(tx, key, item);
    });
  }

  async delete(keys: string[]): Promise<void> {
    for (const chunk of chunks([...new Set(keys)])) {
      await this.db.execute(`DELETE FROM bot_state WHERE key IN (${placeholders(chunk.length)})`, chunk);
    }
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
