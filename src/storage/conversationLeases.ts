/**
 * Short leases on conversations, shared by every instance through the database (`conversation_turn_leases`): one
 * holder at a time per key, taken with a single conditional upsert (free, or expired), released by its holder only.
 */
import type { Database } from './database';

export interface ConversationLeaseOptions {
  /** A lease not released by then (its holder crashed) may be taken by someone else. */
  ttlMs?: number;
  now?: () => number;
}

export class ConversationLeases {
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    options: ConversationLeaseOptions = {},
  ) {
    if (!db) throw new Error('[ConversationLeases]: Missing parameter "db"');
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** True when `owner` now holds `key` (it was free, expired, or already `owner`'s). */
  async tryAcquire(key: string, owner: string): Promise<boolean> {
    const at = this.now();
    const row = await this.db.queryOne<{ owner: string }>(
      `INSERT INTO conversation_turn_leases (key, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE conversation_turn_leases.expires_at < $4 OR conversation_turn_leases.owner = excluded.owner
       RETURNING owner`,
      [key, owner, at + this.ttlMs, at],
    );
    return row?.owner === owner;
  }

  async release(key: string, owner: string): Promise<void> {
    await this.db.execute('DELETE FROM conversation_turn_leases WHERE key = $1 AND owner = $2', [key, owner]);
  }
}
