import type { Migration } from '../database';

/**
 * Self-hosted Direct Line: conversations, their history numbered per conversation (the watermark), and the
 * per-database key that signs tokens. Bodies are JSON text; times are integer milliseconds.
 */
const directline: Migration = {
  id: '010-directline',
  sql: `
CREATE TABLE directline_conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE directline_activities (
  conversation_id TEXT NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  activity_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE TABLE directline_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};

export default directline;
