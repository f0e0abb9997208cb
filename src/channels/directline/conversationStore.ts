/**
 * Direct Line conversations and their history, in the database so a page reload or a server restart continues the
 * conversation from the client's watermark. The watermark is a per-conversation sequence number: a conversation's
 * activities are numbered 1, 2, 3… in the order they were stored, with no gaps, so "everything after W" is exact.
 *
 * Every append is announced on the event bus (`eventChannel(conversationId)`, payload `{ seq }`: the last number
 * stored), so the streams open on any instance push it. On PostgreSQL a trigger on the history (migration 070) sends
 * the notification inside the INSERT's own transaction, one per conversation per statement, which saves a round trip
 * per append; on SQLite the store publishes on the in-process bus once the insert is done.
 */
import type { Activity } from 'botbuilder';
import type { Database, Queryable } from '../../storage/database';
import { isUniqueViolation } from '../../storage/errors';
import type { EventBus } from '../../storage/eventBus';
import { type Outcome, TickBatch } from '../../storage/tickBatch';

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

/** Where a conversation's appends are announced; the payload is `{ seq }`, a hint to read after one's watermark. */
export function eventChannel(conversationId: string): string {
  return `directline:${conversationId}`;
}

export interface ConversationStoreOptions {
  /** The database's own bus; without it (tools that only read or purge) appends are not announced on SQLite. */
  events?: EventBus;
}

/** Channel ids of conversations held by this server's own Direct Line (Web Chat says `webchat`), e.g. on tickets. */
export const DIRECT_LINE_CHANNELS = ['webchat', 'directline'] as const;

/** How many times an append retries when another writer took the same sequence number first. */
const APPEND_ATTEMPTS = 8;

/**
 * Conversations created before $1 with no activity since: what the retention rule removes. Except one that a ticket
 * still holds: an officer's reply to the ticket is delivered through this conversation and would otherwise have
 * nowhere to go. A ticket holds its conversation until it has been closed since before $1, when the same rule purges
 * its transcript (escalation/retention.ts), so a dry run counts what the real run removes, whichever purge runs first.
 */
const IDLE_CONVERSATIONS = `SELECT c.id FROM directline_conversations c
   WHERE c.created_at < $1
     AND NOT EXISTS (SELECT 1 FROM directline_activities a WHERE a.conversation_id = c.id AND a.created_at >= $1)
     AND NOT EXISTS (SELECT 1 FROM tickets t
                     WHERE t.channel IN (${DIRECT_LINE_CHANNELS.map((id) => `'${id}'`).join(', ')}) AND t.conversation_id = c.id
                       AND NOT (t.status = 'closed' AND COALESCE(t.closed_at, 0) < $1))`;

interface Append {
  conversationId: string;
  activities: ReadonlyArray<Partial<Activity>>;
  createdAt: number;
}

/** Rows per shared insert (5 parameters each). */
const ROWS_PER_INSERT = 200;

export class ConversationStore {
  private readonly appends = new TickBatch<Append, number>((batch) => this.appendBatch(batch));
  /** The bus this store publishes on itself: none on PostgreSQL, where the trigger announces. */
  private readonly publishTo: EventBus | undefined;

  constructor(private readonly db: Database, options: ConversationStoreOptions = {}) {
    if (!db) throw new Error('[ConversationStore]: Missing parameter "db"');
    this.publishTo = db.dialect === 'postgres' ? undefined : options.events;
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

  /** Appends one activity and returns its sequence number (see `appendAll`). */
  async append(conversationId: string, activity: Partial<Activity>, createdAt: number): Promise<number> {
    return this.appendAll(conversationId, [activity], createdAt);
  }

  /**
   * Appends activities in order, numbered one after another, and returns the last number. Readers see all of them
   * or none. Appends made during one turn of the event loop, for any conversations, share one statement (under load,
   * one commit for many turns' messages); if that statement fails (a conversation that no longer exists, or another
   * instance taking the same numbers first), each append is retried on its own, so one conversation's problem stays
   * its own. Resolves once the append is also announced (see the top of this file).
   */
  async appendAll(conversationId: string, activities: ReadonlyArray<Partial<Activity>>, createdAt: number): Promise<number> {
    const seq = await this.appends.add({ conversationId, activities, createdAt });
    await this.publishTo?.publish(eventChannel(conversationId), { seq });
    return seq;
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
   * holds what citizens typed (masked), so it is kept only as long as the retention rule allows; a conversation a
   * ticket still refers to is kept with the ticket (see IDLE_CONVERSATIONS).
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

  private async appendBatch(batch: Append[]): Promise<Outcome<number>[]> {
    if (batch.length === 1) return [await settle(this.appendAlone(batch[0]!))];
    const outcomes: Outcome<number>[] = [];
    // In order, one statement per chunk: a later chunk numbers on from what the earlier ones stored.
    for (const chunk of chunks(batch)) {
      try {
        outcomes.push(...(await insertTogether(this.db, chunk)).map((value) => ({ value })));
      } catch {
        // Someone's conversation is gone, or another writer took its numbers: each on its own.
        outcomes.push(...(await Promise.all(chunk.map((a) => settle(this.appendAlone(a))))));
      }
    }
    return outcomes;
  }

  /**
   * One conversation's activities. One activity: `ON CONFLICT DO NOTHING`, and a loser of a race for the number
   * simply tries the next (on PostgreSQL it waits for the winner to commit first, so numbers become visible in
   * order). Several: one statement, which a race makes fail as a whole (`DO NOTHING` would keep some rows and drop
   * others), then tried again numbered after the winner. Never inside a transaction, where a failed statement would
   * abort it.
   */
  private async appendAlone(append: Append): Promise<number> {
    if (append.activities.length === 1) return appendOne(this.db, append.conversationId, append.activities[0]!, append.createdAt);
    for (let attempt = 1; ; attempt++) {
      try {
        const [last] = await insertTogether(this.db, [append]);
        return last!;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= APPEND_ATTEMPTS) throw err;
      }
    }
  }
}

async function appendOne(db: Queryable, conversationId: string, activity: Partial<Activity>, createdAt: number): Promise<number> {
  const body = JSON.stringify(activity);
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
    const row = await db.queryOne<{ seq: number | string }>(
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

/**
 * Inserts every append's activities in one statement, each conversation's numbered on from its highest number
 * (taken before the statement's own rows, on both backends), in the order given, and answers each append's last
 * number.
 */
async function insertTogether(db: Queryable, batch: Append[]): Promise<number[]> {
  const params: unknown[] = [];
  const rows: string[] = [];
  const next = new Map<string, number>();
  const lastOffsets = batch.map((append) => {
    let offset = next.get(append.conversationId) ?? 0;
    for (const activity of append.activities) {
      offset += 1;
      params.push(append.conversationId, offset, activity.id ?? '', JSON.stringify(activity), append.createdAt);
      const n = params.length;
      rows.push(`($${n - 4}, CAST($${n - 3} AS INTEGER), $${n - 2}, $${n - 1}, CAST($${n} AS BIGINT))`);
    }
    next.set(append.conversationId, offset);
    return offset;
  });
  const inserted = await db.query<{ conversation_id: string; seq: number | string }>(
    `INSERT INTO directline_activities (conversation_id, seq, activity_id, body, created_at)
     SELECT r.column1,
            COALESCE((SELECT MAX(a.seq) FROM directline_activities a WHERE a.conversation_id = r.column1), 0) + r.column2,
            r.column3, r.column4, r.column5
     FROM (VALUES ${rows.join(', ')}) r
     RETURNING conversation_id, seq`,
    params,
  );
  // Each conversation's rows were numbered base+1, base+2…: its lowest returned number gives the base.
  const base = new Map<string, number>();
  for (const row of inserted) {
    const seq = Number(row.seq);
    base.set(row.conversation_id, Math.min(base.get(row.conversation_id) ?? Infinity, seq - 1));
  }
  return batch.map((append, i) => base.get(append.conversationId)! + lastOffsets[i]!);
}

function settle<T>(work: Promise<T>): Promise<Outcome<T>> {
  return work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** Consecutive appends, at most ROWS_PER_INSERT activities per chunk (an append larger than that is a chunk alone). */
function chunks(batch: Append[]): Append[][] {
  const out: Append[][] = [];
  let current: Append[] = [];
  let rows = 0;
  for (const append of batch) {
    if (current.length > 0 && rows + append.activities.length > ROWS_PER_INSERT) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(append);
    rows += append.activities.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}
