import type { Migration } from '../database';

/**
 * Staff of the console (see `src/staff/`): accounts, their sessions and the login throttle.
 *
 * - `staff_accounts.username` is stored lower-case, so "NguyenVanA" and "nguyenvana" are one account.
 * - `staff_accounts.password_hash` is self-describing (`scrypt$N$r$p$salt$hash`), so the cost can be raised later
 *   without a migration.
 * - `staff_sessions.token_hash` is the SHA-256 of the cookie value: someone who reads the table (a backup, a replica)
 *   cannot sign in with what they read.
 * - `staff_login_throttle`: failed logins counted per key (`u:<username>` for the lock-out, `a:<address>` for the rate
 *   limit) in the database, so the limits hold across every instance behind a load balancer.
 * Only the id column differs between dialects.
 */
const script = (idColumn: string): string => `
CREATE TABLE staff_accounts (
  ${idColumn},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  commune_id TEXT,
  password_hash TEXT NOT NULL,
  disabled_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
);
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id BIGINT NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);
CREATE TABLE staff_login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT
);
`;

const staffAccounts: Migration = {
  id: '030-staff-accounts',
  sqlite: script('id INTEGER PRIMARY KEY AUTOINCREMENT'),
  postgres: script('id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
};

export default staffAccounts;
