import type { Migration } from '../database';

/**
 * On PostgreSQL, taking turn leases and reading the bot state those turns need is one round trip: this function takes
 * the leases (free or expired ones, as ConversationLeases' upsert does) and then reads the state rows. The read is a
 * statement of its own, with its own snapshot, so it sees what a lease's previous holder stored before giving the
 * lease back (one statement could not: its snapshot would be taken before waiting for that holder). SQLite runs the
 * same two steps as two statements, with nothing to wait for: one process, one writer.
 */
const turnLeasesWithState: Migration = {
  id: '080-turn-leases-with-state',
  sqlite: '-- nothing to do: ConversationLeases runs the two statements itself',
  postgres: `
CREATE FUNCTION take_turn_leases(p_keys TEXT[], p_owners TEXT[], p_expires_at BIGINT, p_now BIGINT, p_state_keys TEXT[])
RETURNS TABLE (lease_key TEXT, state_key TEXT, state_value TEXT, state_etag TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
    WITH taken AS (
      INSERT INTO conversation_turn_leases AS held (key, owner, expires_at)
      SELECT claim.key, claim.owner, p_expires_at FROM unnest(p_keys, p_owners) AS claim (key, owner)
      ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE held.expires_at < p_now OR held.owner = excluded.owner
      RETURNING held.key)
    SELECT taken.key, NULL::TEXT, NULL::TEXT, NULL::TEXT FROM taken;
  IF cardinality(p_state_keys) > 0 THEN
    RETURN QUERY SELECT NULL::TEXT, state.key, state.value, state.etag FROM bot_state AS state WHERE state.key = ANY (p_state_keys);
  END IF;
END
$$;
`,
};

export default turnLeasesWithState;
