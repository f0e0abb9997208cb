import type { Migration } from '../database';

/**
 * Who is running a bot turn for a conversation right now, so that with several instances and no sticky sessions two
 * messages of one conversation arriving at two instances at once are answered one after the other (botbuilder state
 * is last-writer-wins: concurrent turns would silently lose a dialog step). A lease expires by itself
 * (`expires_at`), so a crashed instance never blocks a conversation for long.
 * On PostgreSQL the table is UNLOGGED: leases are worthless after a database crash, and skipping the WAL keeps the
 * two statements a turn adds free of commit flushes.
 */
const script = (create: string): string => `
${create} conversation_turn_leases (
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
`;

const conversationLeases: Migration = {
  id: '060-conversation-leases',
  sqlite: script('CREATE TABLE'),
  postgres: script('CREATE UNLOGGED TABLE'),
};

export default conversationLeases;
