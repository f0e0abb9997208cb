/** 👍/👎 votes in the database (`bot_feedback`), one row per vote, with the entry they were about. */
import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database';
import type { FeedbackRecord, FeedbackRecorder } from './types';

export interface FeedbackSummary {
  entryId: string;
  helpful: number;
  notHelpful: number;
}

export class FeedbackRepository implements FeedbackRecorder {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    if (!db) throw new Error('[FeedbackRepository]: Missing parameter "db"');
  }

  async record(f: FeedbackRecord): Promise<void> {
    await this.db.execute(
      `INSERT INTO bot_feedback (id, entry_id, helpful, channel_id, conversation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), f.entryId, f.helpful ? 1 : 0, f.channelId, f.conversationId, this.now()],
    );
  }

  /** Votes per entry, most 👎 first: what trainers should look at. */
  async summary(): Promise<FeedbackSummary[]> {
    const rows = await this.db.query<{ entry_id: string; helpful: number | string; not_helpful: number | string }>(
      `SELECT entry_id,
              SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS helpful,
              SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) AS not_helpful
       FROM bot_feedback GROUP BY entry_id ORDER BY not_helpful DESC, entry_id`,
    );
    return rows.map((r) => ({ entryId: r.entry_id, helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) }));
  }
}
