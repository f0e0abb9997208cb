import type { Migration } from '../database';

/**
 * Escalation tickets and their messages (see `src/escalation/types.ts`).
 *
 * - `ticket_code_counters`: one row per code prefix and local day (`TH-20251127`), bumped by an atomic upsert inside
 *   the transaction that creates the ticket, so codes are unique and gap-free per day on every instance.
 * - `tickets.request_key`: an idempotency key from the dialog; the same confirmation replayed (a retried request, a
 *   turn re-run after a crash) returns the ticket already filed instead of a second one.
 * - `tickets.search_text`: folded (no case, no diacritics) code + subject + citizen messages, so staff search works
 *   the same on SQLite (whose LOWER() is ASCII-only) and PostgreSQL.
 * - `tickets.purged_at`: set when the retention purge removed the transcript; the row stays for statistics.
 * - `ticket_messages.delivery_started_at`: when a sender took the reply (`sending`), so exactly one instance sends
 *   it and one left `sending` by a crash is retried later.
 * Only the id column differs between dialects.
 */
const columns = (idColumn: string): string => `
CREATE TABLE ticket_code_counters (
  prefix TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
CREATE TABLE tickets (
  ${idColumn},
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  commune_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  conversation_ref TEXT NOT NULL,
  subject TEXT NOT NULL,
  phone TEXT,
  assigned_to BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  first_reply_at BIGINT,
  closed_at BIGINT,
  delivery_problem TEXT,
  request_key TEXT UNIQUE,
  search_text TEXT NOT NULL,
  purged_at BIGINT
);
CREATE INDEX tickets_commune_status ON tickets (commune_id, status, created_at);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_conversation ON tickets (channel, conversation_id, created_at);
CREATE INDEX tickets_closed ON tickets (status, closed_at);
CREATE TABLE ticket_messages (
  ${idColumn},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author TEXT NOT NULL,
  staff_id BIGINT,
  body TEXT NOT NULL,
  internal INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  delivery TEXT NOT NULL,
  delivery_error TEXT,
  delivery_started_at BIGINT
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
CREATE INDEX ticket_messages_delivery ON ticket_messages (delivery);
`;

const tickets: Migration = {
  id: '020-tickets',
  sqlite: columns('id INTEGER PRIMARY KEY AUTOINCREMENT'),
  postgres: columns('id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
};

export default tickets;
