import type { Migration } from '../database';

/**
 * On PostgreSQL, storing Direct Line history announces it in the same transaction: a trigger sends, once per
 * statement and per conversation, the event `ConversationStore` would otherwise publish with a second round trip
 * (`{"c":"directline:<id>","p":{"seq":<last seq>}}`, byte for byte what `encodeEvent` makes; `to_json` escapes the
 * id). NOTIFY is delivered at commit, so listeners never read before the rows are visible, and a rolled-back insert
 * announces nothing.
 *
 * The channel is the one this instance listens on: `PostgresDatabase` sets `donghanh.events_channel` on its
 * connections when it is not the default (a schema of its own). SQLite has no triggers to add: its store publishes
 * on the in-process bus itself.
 */
const directlineAnnounce: Migration = {
  id: '070-directline-announce',
  sqlite: '-- nothing to do: ConversationStore publishes on the in-process bus',
  postgres: `
CREATE FUNCTION directline_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  channel TEXT := coalesce(nullif(current_setting('donghanh.events_channel', true), ''), 'donghanh_events');
BEGIN
  PERFORM pg_notify(channel, format('{"c":%s,"p":{"seq":%s}}', to_json('directline:' || conversation_id), last_seq))
  FROM (SELECT conversation_id, max(seq) AS last_seq FROM new_rows GROUP BY conversation_id) AS appended;
  RETURN NULL;
END
$$;
CREATE TRIGGER directline_announce AFTER INSERT ON directline_activities
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION directline_announce();
`,
};

export default directlineAnnounce;
