import type { Migration } from '../database';

/** Conversation and user state of the bot (botbuilder `Storage`), so a conversation survives a restart. */
const botState: Migration = {
  id: '001-bot-state',
  sql: `
    CREATE TABLE bot_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      etag TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE INDEX bot_state_updated_at ON bot_state (updated_at);
  `,
};

export default botState;
