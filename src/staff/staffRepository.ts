/**
 * Staff accounts in the database (both backends). Passwords arrive here already hashed; checking rules (roles,
 * communes, password strength) is `AccountService`'s job, so this file is only about rows.
 */
import type { Database } from '../storage/database';
import { isUniqueViolation } from '../storage/errors';
import type { StaffAccount, StaffRole } from './types';

export interface NewStaffAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  communeId: string | null;
  passwordHash: string;
}

/** An account with its password hash: only the login path and password changes need it. */
export interface StaffCredentials {
  account: StaffAccount;
  passwordHash: string;
}

export class UsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`Tên đăng nhập "${username}" đã có người dùng.`);
    this.name = 'UsernameTakenError';
  }
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  commune_id: string | null;
  password_hash: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
}

const COLUMNS =
  'id, username, display_name, role, commune_id, password_hash, disabled_at, created_at, updated_at, password_changed_at';

/** Usernames are compared without case; stored lower-case. */
export function canonicalUsername(username: string): string {
  return username.trim().normalize('NFC').toLowerCase();
}

export class StaffRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async create(input: NewStaffAccount): Promise<StaffAccount> {
    const at = this.now();
    try {
      const row = await this.db.queryOne<AccountRow>(
        `INSERT INTO staff_accounts (username, display_name, role, commune_id, password_hash, created_at, updated_at,
           password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING ${COLUMNS}`,
        [canonicalUsername(input.username), input.displayName, input.role, input.communeId, input.passwordHash, at],
      );
      return toAccount(row!);
    } catch (err) {
      if (isUniqueViolation(err)) throw new UsernameTakenError(canonicalUsername(input.username));
      throw err;
    }
  }

  async get(id: number): Promise<StaffAccount | undefined> {
    const row = await this.db.queryOne<AccountRow>(`SELECT ${COLUMNS} FROM staff_accounts WHERE id = $1`, [id]);
    return row ? toAccount(row) : undefined;
  }

  async findByUsername(username: string): Promise<StaffAccount | undefined> {
    return (await this.credentials(username))?.account;
  }

  async credentials(username: string): Promise<StaffCredentials | undefined> {
    const row = await this.db.queryOne<AccountRow>(`SELECT ${COLUMNS} FROM staff_accounts WHERE username = $1`, [
      canonicalUsername(username),
    ]);
    return row ? { account: toAccount(row), passwordHash: row.password_hash } : undefined;
  }

  async list(): Promise<StaffAccount[]> {
    const rows = await this.db.query<AccountRow>(`SELECT ${COLUMNS} FROM staff_accounts ORDER BY username`);
    return rows.map(toAccount);
  }

  /** Display names by id, for showing who claimed or answered a ticket. */
  async names(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.query<{ id: number; display_name: string }>(
      `SELECT id, display_name FROM staff_accounts WHERE id IN (${unique.map((_, i) => `$${i + 1}`).join(', ')})`,
      unique,
    );
    return new Map(rows.map((r) => [Number(r.id), r.display_name]));
  }

  /** Disables the account and ends its sessions in one transaction; undefined when there is no such account. */
  async disable(id: number): Promise<StaffAccount | undefined> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      const row = await tx.queryOne<AccountRow>(
        `UPDATE staff_accounts SET disabled_at = COALESCE(disabled_at, $2), updated_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, at],
      );
      if (!row) return undefined;
      await tx.execute('DELETE FROM staff_sessions WHERE staff_id = $1', [id]);
      return toAccount(row);
    });
  }

  async enable(id: number): Promise<StaffAccount | undefined> {
    const row = await this.db.queryOne<AccountRow>(
      `UPDATE staff_accounts SET disabled_at = NULL, updated_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, this.now()],
    );
    return row ? toAccount(row) : undefined;
  }

  /**
   * Stores a new password hash. Every session of the account ends (`keepSession` excepted: the one the person
   * changing their own password is using), so a leaked password stops working everywhere at once.
   */
  async setPasswordHash(id: number, passwordHash: string, keepSession?: string): Promise<StaffAccount | undefined> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      const row = await tx.queryOne<AccountRow>(
        `UPDATE staff_accounts SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1
         RETURNING ${COLUMNS}`,
        [id, passwordHash, at],
      );
      if (!row) return undefined;
      if (keepSession) await tx.execute('DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2', [id, keepSession]);
      else await tx.execute('DELETE FROM staff_sessions WHERE staff_id = $1', [id]);
      return toAccount(row);
    });
  }

  /** Replaces a hash only if it is still the one read (a silent upgrade after login must not undo a reset). */
  async upgradePasswordHash(id: number, oldHash: string, newHash: string): Promise<void> {
    await this.db.execute('UPDATE staff_accounts SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [id, oldHash, newHash]);
  }
}

function toAccount(row: AccountRow): StaffAccount {
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    role: row.role as StaffRole,
    communeId: row.commune_id,
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    passwordChangedAt: Number(row.password_changed_at),
  };
}
