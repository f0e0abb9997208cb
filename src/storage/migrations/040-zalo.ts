import type { Migration } from '../database';

/**
 * The Zalo channels (`src/channels/zalo-oa`, `src/channels/zalo-bot`).
 *
 * - `zalo_inbound`: every webhook event seen, by channel and event key (`msg_id`, or a key built from the event when
 *   it has none). Zalo delivers at least once, so the key is inserted before the bot runs; `processed_at` is set
 *   after the turn, and an event whose processing was cut short by a crash (`claimed_at` long ago, never processed)
 *   may be taken again when Zalo retries it.
 * - `zalo_tokens`: the OA's current access/refresh token pair. The refresh token is single-use, so a refresh is
 *   serialised across instances by a lease on this row (`lock_owner`/`lock_until`, taken with a conditional UPDATE
 *   that works the same on SQLite and PostgreSQL) and the new pair replaces the old in one statement.
 *   `seed_fingerprint` remembers which configured pair seeded the row, so an operator who issues a new first pair
 *   (after the old chain expired) replaces it by changing the configuration.
 * - `zalo_outbound`: the durable send queue. A reply is stored before it is sent and marked `sent` once Zalo accepted
 *   it; one sender at a time takes the head of a conversation's queue (`sending`), so messages keep their order and
 *   a crash leaves the row to be retried. `dedupe_key` makes enqueueing a staff reply twice harmless.
 * - `zalo_offers`: the choices (buttons) sent to a conversation, so a button's payload or a digit typed in answer to
 *   a numbered list maps back to the button's value. `zalo_conversations.current_offer` is the offer a digit answers.
 * - `zalo_pending_items`: photos, files, locations and contact details a citizen sent, kept for the ticket they are
 *   filing (attached when it is created) or attached at once to the ticket that is already open.
 * Only the id columns differ between dialects.
 */
const script = (idColumn: string): string => `
CREATE TABLE zalo_inbound (
  channel TEXT NOT NULL,
  event_key TEXT NOT NULL,
  event_name TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  claimed_at BIGINT NOT NULL,
  processed_at BIGINT,
  PRIMARY KEY (channel, event_key)
);
CREATE INDEX zalo_inbound_received ON zalo_inbound (received_at);
CREATE TABLE zalo_tokens (
  account TEXT PRIMARY KEY,
  access_token TEXT NOT NULL,
  refresh_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  seed_fingerprint TEXT NOT NULL,
  generation BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  lock_owner TEXT,
  lock_until BIGINT
);
CREATE TABLE zalo_outbound (
  ${idColumn},
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  claimed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT,
  platform_message_id TEXT,
  error_code TEXT,
  last_error TEXT,
  dedupe_key TEXT UNIQUE,
  ticket_message_id BIGINT
);
CREATE INDEX zalo_outbound_conversation ON zalo_outbound (channel, recipient, status, id);
CREATE INDEX zalo_outbound_due ON zalo_outbound (status, next_attempt_at);
CREATE INDEX zalo_outbound_ticket_message ON zalo_outbound (ticket_message_id);
CREATE TABLE zalo_offers (
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  choices TEXT NOT NULL,
  numbered INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (channel, conversation_id, offer_id)
);
CREATE INDEX zalo_offers_created ON zalo_offers (created_at);
CREATE TABLE zalo_conversations (
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  current_offer TEXT,
  following INTEGER,
  follow_changed_at BIGINT,
  last_inbound_at BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (channel, conversation_id)
);
CREATE TABLE zalo_pending_items (
  ${idColumn},
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  ticket_id BIGINT
);
CREATE INDEX zalo_pending_items_conversation ON zalo_pending_items (channel, conversation_id, received_at);
`;

const zalo: Migration = {
  id: '040-zalo',
  sqlite: script('id INTEGER PRIMARY KEY AUTOINCREMENT'),
  postgres: script('id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
};

export default zalo;
