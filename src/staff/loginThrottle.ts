/**
 * Slows down password guessing, with the counts kept in the database so every instance enforces the same limits.
 *
 * - Per username (lock-out): after `account.maxFailures` failed logins within `account.windowMs`, that username is
 *   refused for `account.lockMs`, even with the right password. Unknown usernames are counted the same way, so the
 *   answers never reveal which usernames exist.
 * - Per client address (rate limit): after `address.maxFailures` failures within `address.windowMs`, every login from
 *   that address is refused for `address.lockMs`. A commune office behind one NAT shares it, hence the larger number.
 * A successful login clears its username's count, not its address's.
 */
import type { Database, Queryable } from '../storage/database';
import { canonicalUsername } from './staffRepository';

export interface LimitPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface ThrottlePolicy {
  account: LimitPolicy;
  address: LimitPolicy;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
};

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; reason: 'account_locked' | 'address_limited'; retryAfterMs: number };

interface ThrottleRow {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
}

const accountKey = (username: string): string => `u:${canonicalUsername(username).slice(0, 100)}`;
const addressKey = (address: string): string => `a:${address.slice(0, 100)}`;

export class LoginThrottle {
  constructor(
    private readonly db: Database,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asked before the password is checked: a locked username or address is not even tried. */
  async check(username: string, address: string): Promise<ThrottleDecision> {
    const at = this.now();
    const rows = await this.db.query<ThrottleRow>('SELECT key, failures, window_start, locked_until FROM staff_login_throttle WHERE key IN ($1, $2)', [
      addressKey(address),
      accountKey(username),
    ]);
    // The address limit is reported first: it is the one that also stops guessing across many usernames.
    for (const [key, reason] of [
      [addressKey(address), 'address_limited'],
      [accountKey(username), 'account_locked'],
    ] as const) {
      const lockedUntil = rows.find((r) => r.key === key)?.locked_until;
      if (lockedUntil !== null && lockedUntil !== undefined && Number(lockedUntil) > at) {
        return { allowed: false, reason, retryAfterMs: Number(lockedUntil) - at };
      }
    }
    return { allowed: true };
  }

  /** Counts a failed login against the username and the address. */
  async recordFailure(username: string, address: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.bump(tx, accountKey(username), this.policy.account);
      await this.bump(tx, addressKey(address), this.policy.address);
    });
  }

  async recordSuccess(username: string): Promise<void> {
    await this.db.execute('DELETE FROM staff_login_throttle WHERE key = $1', [accountKey(username)]);
  }

  /** Forgets counts whose window and lock are over (housekeeping; they no longer affect any decision). */
  async deleteStale(): Promise<number> {
    const at = this.now();
    const longest = Math.max(this.policy.account.windowMs, this.policy.address.windowMs);
    const { rowCount } = await this.db.execute(
      'DELETE FROM staff_login_throttle WHERE window_start <= $1 AND (locked_until IS NULL OR locked_until <= $2)',
      [at - longest, at],
    );
    return rowCount;
  }

  private async bump(tx: Queryable, key: string, limit: LimitPolicy): Promise<void> {
    const at = this.now();
    // Create the row if needed without a conflict error (which would abort the transaction on PostgreSQL), then
    // update it under its row lock so two instances counting at once both count.
    await tx.execute(
      'INSERT INTO staff_login_throttle (key, failures, window_start, locked_until) VALUES ($1, 0, $2, NULL) ON CONFLICT (key) DO NOTHING',
      [key, at],
    );
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const row = await tx.queryOne<ThrottleRow>(`SELECT key, failures, window_start, locked_until FROM staff_login_throttle WHERE key = $1${lock}`, [key]);
    if (!row) return;
    const lockOver = row.locked_until !== null && Number(row.locked_until) <= at;
    const windowOver = at - Number(row.window_start) >= limit.windowMs;
    const fresh = lockOver || windowOver;
    const failures = (fresh ? 0 : Number(row.failures)) + 1;
    const windowStart = fresh ? at : Number(row.window_start);
    const stillLocked = !fresh && row.locked_until !== null ? Number(row.locked_until) : null;
    const lockedUntil = failures >= limit.maxFailures ? at + limit.lockMs : stillLocked;
    await tx.execute('UPDATE staff_login_throttle SET failures = $2, window_start = $3, locked_until = $4 WHERE key = $1', [
      key,
      failures,
      windowStart,
      lockedUntil,
    ]);
  }
}
