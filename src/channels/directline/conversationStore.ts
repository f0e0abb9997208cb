/**
 * Direct Line conversations and their history, in the database so a page reload or a server restart continues the
 * conversation from the client's watermark. The watermark is a per-conversation sequence number: a conversation's
 * activities are numbered 1, 2, 3… in the order they were stored, with no gaps, so "everything after W" is exact.
 */
import type { Activity } from 'botbuilder';
import type { Database } from '../../storage/database';

export interface ConversationRecord {
  id: string;
  userId: string;
  createdAt: number;
}

export interface StoredActivity {
  seq: number;
  activity: Partial<Activity>;
}

interface ActivityRow {
  seq: number | string;
  body: string;
}

/** How many times an append retries when another writer took the same sequence number first. */
const APPEND_ATTEMPTS = 8;

/** Conversations created before $1 with no activity since: what the retention rule removes. */
const IDLE_CONVERSATIONS = `SELECT c.id FROM directline_conversations c
   WHERE c.created_at < $1
     AND NOT EXISTS (SELECT 1 FROM directline_activities a WHERE a.conversation_id = c.id AND a.created_at >= $1)`;

export class ConversationStore {
  constructor(private readonly db: Database) {
    if (!db) throw new Error('[ConversationStore]: Missing parameter "db"');
  }

  /** Creates the conversation; false when it already existed (a second tab, a retried request). */
  async create(record: ConversationRecord): Promise<boolean> {
    const result = await this.db.execute(
      `INSERT INTO directline_conversations (id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
      [record.id, record.userId, record.createdAt],
    );
    return result.rowCount === 1;
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const row = await this.db.queryOne<{ id: string; user_id: string; created_at: number | string }>(
      `SELECT id, user_id, created_at FROM directline_conversations WHERE id = $1`,
      [id],
    );
    return row ? { id: row.id, userId: row.user_id, createdAt: Number(row.created_at) } : undefined;
  }

  /**
   * Appends one activity and returns its sequence number. Two writers racing for the same number both compute
   * MAX+1; the loser's insert does nothing (the primary key holds), and it simply tries again with the next number.
   * On PostgreSQL the loser waits for the winner to commit first, so numbers become visible in order.
   */
  async append(conversationId: string, activity: Partial<Activity>, createdAt: number): Promise<number> {
    const body = JSON.stringify(activity);
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const row = await this.db.queryOne<{ seq: number | string }>(
        `INSERT INTO directline_activities (conversation_id, seq, activity_id, body, created_at)
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM directline_activities WHERE conversation_id = $1
         ON CONFLICT DO NOTHING
         RETURNING seq`,
        [conversationId, activity.id ?? '', body, createdAt],
      );
      if (row) return Number(row.seq);
    }
    throw new Error(`Không ghi được tin nhắn vào cuộc trò chuyện sau ${APPEND_ATTEMPTS} lần thử`);
  }

  /** Activities stored after `watermark` (0 = from the beginning), oldest first. */
  async after(conversationId: string, watermark: number, limit = 500): Promise<StoredActivity[]> {
    const rows = await this.db.query<ActivityRow>(
      `SELECT seq, body FROM directline_activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [conversationId, watermark, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), activity: JSON.parse(r.body) as Partial<Activity> }));
  }

  /**
   * Deletes conversations with no activity since `cutoff` (ms), history included, and returns how many. The history
   * holds what citizens typed (masked), so it is kept only as long as the retention rule allows.
   */
  async purgeIdleSince(cutoff: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.execute(`DELETE FROM directline_activities WHERE conversation_id IN (${IDLE_CONVERSATIONS})`, [cutoff]);
      const { rowCount } = await tx.execute(`DELETE FROM directline_conversations WHERE id IN (${IDLE_CONVERSATIONS})`, [cutoff]);
      return rowCount;
    });
  }

  /** How many conversations `purgeIdleSince(cutoff)` would delete (for `donghanh data purge --dry-run`). */
  async countIdleSince(cutoff: number): Promise<number> {
    const row = await this.db.queryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM (${IDLE_CONVERSATIONS}) idle`, [cutoff]);
    return Number(row?.n ?? 0);
  }

  /** The signing key for tokens, created once per database so every instance and every restart agree on it. */
  async signingKey(generate: () => string): Promise<string> {
    await this.db.execute(`INSERT INTO directline_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      'token_key',
      generate(),
    ]);
    const row = await this.db.queryOne<{ value: string }>(`SELECT value FROM directline_settings WHERE name = $1`, ['token_key']);
    if (!row) throw new Error('Không đọc được khóa ký token Direct Line');
    return row.value;
  }
}
