/**
 * Console sessions in the database, so any instance behind the load balancer recognises a signed-in officer and
 * signing out (or disabling an account) ends the session everywhere.
 *
 * - The cookie holds a random 256-bit token; the table holds only its SHA-256.
 * - Each session has its own CSRF token, sent back by the console in a header on every state-changing request.
 * - A session ends after `idleMs` without use or `absoluteMs` after sign-in, whichever comes first. Use is recorded at
 *   most once per `touchEveryMs`, so reading the queue does not write to the database on every request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database';
import type { StaffAccount, StaffRole } from './types';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  touchEveryMs: number;
}

/** A working day: a shift with a lunch break stays signed in; a console left open overnight does not. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 2 * 60 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  touchEveryMs: 60_000,
};

export interface StaffSession {
  tokenHash: string;
  staffId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface ActiveSession {
  session: StaffSession;
  account: StaffAccount;
}

interface JoinedRow {
  token_hash: string;
  staff_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  id: number;
  username: string;
  display_name: string;
  role: string;
  commune_id: string | null;
  disabled_at: number | null;
  account_created_at: number;
  account_updated_at: number;
  password_changed_at: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class SessionRepository {
  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session; the returned `token` goes into the cookie and is never stored. */
  async create(staffId: number, address: string): Promise<{ token: string; session: StaffSession }> {
    const token = newToken();
    const at = this.now();
    const session: StaffSession = {
      tokenHash: hashToken(token),
      staffId,
      csrfToken: newToken(),
      createdAt: at,
      lastSeenAt: at,
      expiresAt: at + Math.min(this.policy.idleMs, this.policy.absoluteMs),
    };
    await this.db.execute(
      `INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at, address)
       VALUES ($1, $2, $3, $4, $4, $5, $6)`,
      [session.tokenHash, staffId, session.csrfToken, at, session.expiresAt, address.slice(0, 100)],
    );
    return { token, session };
  }

  /** The live session for a cookie value, with its (enabled) account; undefined when unknown, expired or disabled. */
  async resolve(token: string): Promise<ActiveSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const at = this.now();
    const row = await this.db.queryOne<JoinedRow>(
      `SELECT s.token_hash, s.staff_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
         a.id, a.username, a.display_name, a.role, a.commune_id, a.disabled_at, a.created_at AS account_created_at,
         a.updated_at AS account_updated_at, a.password_changed_at
       FROM staff_sessions s JOIN staff_accounts a ON a.id = s.staff_id
       WHERE s.token_hash = $1`,
      [hashToken(token)],
    );
    if (!row || Number(row.expires_at) <= at || row.disabled_at !== null) return undefined;
    const session: StaffSession = {
      tokenHash: row.token_hash,
      staffId: Number(row.staff_id),
      csrfToken: row.csrf_token,
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
    };
    if (at - session.lastSeenAt >= this.policy.touchEveryMs) {
      session.lastSeenAt = at;
      session.expiresAt = Math.min(session.createdAt + this.policy.absoluteMs, at + this.policy.idleMs);
      await this.db.execute('UPDATE staff_sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [
        session.tokenHash,
        at,
        session.expiresAt,
      ]);
    }
    return {
      session,
      account: {
        id: Number(row.id),
        username: row.username,
        displayName: row.display_name,
        role: row.role as StaffRole,
        communeId: row.commune_id,
        disabledAt: null,
        createdAt: Number(row.account_created_at),
        updatedAt: Number(row.account_updated_at),
        passwordChangedAt: Number(row.password_changed_at),
      },
    };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.execute('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** Housekeeping; expired sessions are already refused by `resolve`. Returns how many were removed. */
  async deleteExpired(): Promise<number> {
    return (await this.db.execute('DELETE FROM staff_sessions WHERE expires_at <= $1', [this.now()])).rowCount;
  }
}
