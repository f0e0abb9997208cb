/**
 * Short leases on conversations, shared by every instance through the database (`conversation_turn_leases`): one
 * holder at a time per key, taken with a conditional upsert (free, or expired), released by its holder only.
 * Every turn takes one, so the claims made during one turn of the event loop share a statement (see TickBatch): under
 * load that is one round trip for many turns instead of one each. A turn gives its lease back in the statement that
 * stores its state (BotStateStorage.runTurn); `release` is for a lease given back on its own.
 */
import { readStateRows, type StateRow } from './botStateRows';
import type { Database } from './database';
import { inRounds } from './rounds';
import { type Outcome, TickBatch } from './tickBatch';

export interface ConversationLeaseOptions {
  /** A lease not released by then (its holder crashed) may be taken by someone else. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The outcome of a claim. When it is `held`, `state` has an entry for every state key the claim asked for: its row,
 * or `undefined` when nothing is stored under it. Read after the lease was taken, so no other turn can change it
 * before this one ends.
 */
export interface TurnClaim {
  held: boolean;
  state: Map<string, StateRow | undefined>;
}

interface Claim {
  key: string;
  owner: string;
  stateKeys: readonly string[];
}

/** Rows per statement (3 parameters each for taking, 2 for giving back). */
const CLAIMS_PER_STATEMENT = 100;

export class ConversationLeases {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly acquiring = new TickBatch<Claim, TurnClaim>((claims) => this.acquireAll(claims));
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
  async tryAcquire(key: string, owner: string): Promise<boolean> {
    return (await this.acquiring.add({ key, owner, stateKeys: [] })).held;
  }

  /**
   * `tryAcquire`, and when the lease is taken, the bot state rows under `stateKeys` read right after (on PostgreSQL in
   * the same round trip): a turn's state load needs no statement of its own.
   */
  tryAcquireWithState(key: string, owner: string, stateKeys: readonly string[]): Promise<TurnClaim> {
    return this.acquiring.add({ key, owner, stateKeys });
  }

  release(key: string, owner: string): Promise<void> {
    return this.releasing.add({ key, owner, stateKeys: [] });
  }

  /**
   * One statement per round of distinct keys (a statement may touch a row once); a second claim on a key waits for
   * the next round and is judged against the first, as if they had come one after the other.
   */
  private async acquireAll(claims: Claim[]): Promise<Outcome<TurnClaim>[]> {
    const outcomes: Outcome<TurnClaim>[] = new Array(claims.length);
    for (const round of inRounds(claims, (claim) => [claim.key], CLAIMS_PER_STATEMENT)) {
      const at = this.now();
      const taking = round.map((i) => claims[i]!);
      const stateKeys = [...new Set(taking.flatMap((c) => c.stateKeys))];
      const { held, state } =
        this.db.dialect === 'postgres'
          ? await this.takeOnPostgres(taking, at, stateKeys)
          : await this.takeOnSqlite(taking, at, stateKeys);
      for (const i of round) {
        const claim = claims[i]!;
        const isHeld = held.has(claim.key);
        outcomes[i] = { value: { held: isHeld, state: new Map(isHeld ? claim.stateKeys.map((k) => [k, state.get(k)]) : []) } };
      }
    }
    return outcomes;
  }

  /** One call of `take_turn_leases` (migration 080): the leases, then the state rows, in one round trip. */
  private async takeOnPostgres(claims: Claim[], at: number, stateKeys: string[]): Promise<Taken> {
    const rows = await this.db.query<{ lease_key: string | null; state_key: string | null; state_value: string; state_etag: string }>(
      `SELECT lease_key, state_key, state_value, state_etag FROM take_turn_leases($1::text[], $2::text[], $3, $4, $5::text[])`,
      [claims.map((c) => c.key), claims.map((c) => c.owner), at + this.ttlMs, at, stateKeys],
    );
    const taken: Taken = { held: new Set(), state: new Map() };
    for (const row of rows) {
      if (row.lease_key !== null) taken.held.add(row.lease_key);
      else if (row.state_key !== null) taken.state.set(row.state_key, { value: row.state_value, etag: row.state_etag });
    }
    return taken;
  }

  /** The same two steps as two statements: on SQLite nothing can come between them. */
  private async takeOnSqlite(claims: Claim[], at: number, stateKeys: string[]): Promise<Taken> {
    const params: unknown[] = [at + this.ttlMs, at];
    const values = claims.map((claim) => {
      params.push(claim.key, claim.owner);
      return `($${params.length - 1}, $${params.length}, $1)`;
    });
    const won = await this.db.query<{ key: string; owner: string }>(
      `INSERT INTO conversation_turn_leases (key, owner, expires_at) VALUES ${values.join(', ')}
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE conversation_turn_leases.expires_at < $2 OR conversation_turn_leases.owner = excluded.owner
       RETURNING key, owner`,
      params,
    );
    const taken: Taken = { held: new Set(won.map((r) => r.key)), state: new Map() };
    if (stateKeys.length > 0) taken.state = await readStateRows(this.db, stateKeys);
    return taken;
  }

  private async releaseAll(claims: Claim[]): Promise<Outcome<void>[]> {
    for (let from = 0; from < claims.length; from += CLAIMS_PER_STATEMENT) {
      await this.db.execute(...releaseStatement(claims.slice(from, from + CLAIMS_PER_STATEMENT), 1));
    }
    return claims.map(() => ({ value: undefined }));
  }
}

/** A turn lease to give back (a row of `conversation_turn_leases`). */
export interface HeldLease {
  key: string;
  owner: string;
}

/**
 * `DELETE` of these leases, each only if still held by its owner, numbering its parameters from `first` (so it can be
 * part of another statement: BotStateStorage gives a turn's lease back in the statement that stores its state).
 */
export function releaseStatement(leases: readonly HeldLease[], first: number): [string, unknown[]] {
  const pairs = leases.map((_, i) => `($${first + 2 * i}, $${first + 2 * i + 1})`);
  return [
    `DELETE FROM conversation_turn_leases WHERE (key, owner) IN (VALUES ${pairs.join(', ')})`,
    leases.flatMap((lease) => [lease.key, lease.owner]),
  ];
}

interface Taken {
  held: Set<string>;
  state: Map<string, StateRow>;
}
