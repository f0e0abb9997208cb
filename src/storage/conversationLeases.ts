/**
 * Short leases on conversations, shared by every instance through the database (`conversation_turn_leases`): one
 * holder at a time per key, taken with a conditional upsert (free, or expired), released by its holder only.
 * Every turn takes one and gives it back, so the calls made during one turn of the event loop share a statement
 * (see TickBatch): under load that is one round trip for many turns instead of one each.
 */
import type { Database } from './database';
import { type Outcome, TickBatch } from './tickBatch';

export interface ConversationLeaseOptions {
  /** A lease not released by then (its holder crashed) may be taken by someone else. */
  ttlMs?: number;
  now?: () => number;
}

interface Claim {
  key: string;
  owner: string;
}

/** Rows per statement (3 parameters each for taking, 2 for giving back). */
const CLAIMS_PER_STATEMENT = 100;

export class ConversationLeases {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly acquiring = new TickBatch<Claim, boolean>((claims) => this.acquireAll(claims));
  private readonly releasing = new TickBatch<Claim, void>((claims) => this.releaseAll(claims));

  constructor(
    private readonly db: Database,
    options: ConversationLeaseOptions = {},
  ) {
    if (!db) throw new Error('[ConversationLeases]: Missing parameter "db"');
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** True when `owner` now holds `key` (it was free, expired, or already `owner`'s). */
  tryAcquire(key: string, owner: string): Promise<boolean> {
    return this.acquiring.add({ key, owner });
  }

  release(key: string, owner: string): Promise<void> {
    return this.releasing.add({ key, owner });
  }

  /**
   * One upsert per round of distinct keys (a statement may touch a row once); a second claim on a key waits for the
   * next round and is judged against the first, as if they had come one after the other.
   */
  private async acquireAll(claims: Claim[]): Promise<Outcome<boolean>[]> {
    const outcomes: Outcome<boolean>[] = new Array(claims.length);
    for (const round of rounds(claims)) {
      const at = this.now();
      const params: unknown[] = [at + this.ttlMs, at];
      const rows = round.map((i) => {
        params.push(claims[i]!.key, claims[i]!.owner);
        return `($${params.length - 1}, $${params.length}, $1)`;
      });
      const held = await this.db.query<{ key: string; owner: string }>(
        `INSERT INTO conversation_turn_leases (key, owner, expires_at) VALUES ${rows.join(', ')}
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE conversation_turn_leases.expires_at < $2 OR conversation_turn_leases.owner = excluded.owner
         RETURNING key, owner`,
        params,
      );
      const holders = new Map(held.map((r) => [r.key, r.owner]));
      for (const i of round) outcomes[i] = { value: holders.get(claims[i]!.key) === claims[i]!.owner };
    }
    return outcomes;
  }

  private async releaseAll(claims: Claim[]): Promise<Outcome<void>[]> {
    for (let from = 0; from < claims.length; from += CLAIMS_PER_STATEMENT) {
      const chunk = claims.slice(from, from + CLAIMS_PER_STATEMENT);
      const pairs = chunk.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`);
      await this.db.execute(
        `DELETE FROM conversation_turn_leases WHERE (key, owner) IN (VALUES ${pairs.join(', ')})`,
        chunk.flatMap((c) => [c.key, c.owner]),
      );
    }
    return claims.map(() => ({ value: undefined }));
  }
}

/** Indexes of `claims` in rounds of distinct keys and bounded size, keeping their order. */
function rounds(claims: Claim[]): number[][] {
  const out: number[][] = [];
  let pending = claims.map((_, i) => i);
  while (pending.length > 0) {
    const keys = new Set<string>();
    const round: number[] = [];
    const later: number[] = [];
    for (const i of pending) {
      const key = claims[i]!.key;
      if (keys.has(key) || round.length === CLAIMS_PER_STATEMENT) later.push(i);
      else {
        keys.add(key);
        round.push(i);
      }
    }
    out.push(round);
    pending = later;
  }
  return out;
}
