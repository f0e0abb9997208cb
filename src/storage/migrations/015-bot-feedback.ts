import type { Migration } from '../database';

/**
 * 👍/👎 after an answer, tied to the knowledge entry it was about, so trainers can see which answers do not help.
 * One row per vote; `helpful` is 1 or 0. No citizen text is stored here.
 */
const botFeedback: Migration = {
  id: '015-bot-feedback',
  sql: `
    CREATE TABLE bot_feedback (
      id TEXT PRIMARY KEY,
      entry_id TEXT NOT NULL,
      helpful INTEGER NOT NULL,
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );
    CREATE INDEX bot_feedback_entry ON bot_feedback (entry_id, created_at);
  `,
};

export default botFeedback;
