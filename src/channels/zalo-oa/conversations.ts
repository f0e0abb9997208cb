/**
 * What the channel records about a Zalo user beyond the bot's own state: whether they follow the OA (a follow or
 * unfollow is recorded, never answered) and when they last wrote (Zalo lets the OA answer for 7 days after that).
 */
import type { Database } from '../../storage/database';

export class ConversationRecords {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async recordFollow(channel: string, userId: string, following: boolean, at: number): Promise<void> {
    await this.db.execute(
      `INSERT INTO zalo_conversations (channel, conversation_id, following, follow_changed_at, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (channel, conversation_id) DO UPDATE SET following = excluded.following,
         follow_changed_at = excluded.follow_changed_at, updated_at = excluded.updated_at`,
      [channel, userId, following ? 1 : 0, at, this.now()],
    );
  }

  async recordInbound(channel: string, userId: string, at: number): Promise<void> {
    await this.db.execute(
      `INSERT INTO zalo_conversations (channel, conversation_id, last_inbound_at, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel, conversation_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, updated_at = excluded.updated_at`,
      [channel, userId, at, this.now()],
    );
  }

  async get(channel: string, userId: string): Promise<{ following: boolean | null; lastInboundAt: number | null } | undefined> {
    const row = await this.db.queryOne<{ following: number | null; last_inbound_at: number | null }>(
      'SELECT following, last_inbound_at FROM zalo_conversations WHERE channel = $1 AND conversation_id = $2',
      [channel, userId],
    );
    if (!row) return undefined;
    return {
      following: row.following === null ? null : Number(row.following) === 1,
      lastInboundAt: row.last_inbound_at === null ? null : Number(row.last_inbound_at),
    };
  }
}
