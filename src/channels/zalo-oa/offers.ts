/**
 * The choices the bot offered in a Zalo conversation, so a choice comes back as exactly the button it was.
 *
 * - An OA button (`oa.query.hide`) sends its payload back as ordinary text; the payload is `#dh:<offer>:<n>`, which
 *   names the stored offer and the choice, and maps back to the button's title and value.
 * - A numbered list (more than five choices, a channel without buttons, or buttons Zalo refused) is answered with a
 *   digit: the digit maps to the conversation's current offer, but only if that offer was shown numbered — the
 *   current offer is the last message sent with choices, and a later message without choices ends it.
 * Offers are kept `retentionMs` (default 30 days: buttons in old messages stay clickable while Zalo lets us answer).
 */
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../storage/database';

export interface Choice {
  title: string;
  /** What a Bot Framework client would have sent back: the button's `value` (messageBack/postBack)… */
  value?: unknown;
  /** …and its text (`imBack`/`messageBack` text); defaults to the title. */
  text?: string;
}

export type ChoiceLookup =
  | { kind: 'choice'; choice: Choice }
  /** A button payload of an offer we no longer have (expired, or never ours). */
  | { kind: 'unknown-offer' }
  | { kind: 'none' };

const PAYLOAD = /^#dh:([a-z0-9]{6,16}):(\d{1,2})$/;
const DIGIT_REPLY = /^\s*(\d{1,2})\s*[.)]?\s*$/;

export function choicePayload(offerId: string, index: number): string {
  return `#dh:${offerId}:${index + 1}`;
}

export function newOfferId(): string {
  return randomBytes(6).toString('hex');
}

export class OfferStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly retentionMs = 30 * 24 * 60 * 60_000,
  ) {}

  /** Stores an offer inside the caller's transaction and makes it the conversation's current one. */
  async saveIn(tx: Queryable, channel: string, conversationId: string, offerId: string, choices: readonly Choice[], numbered: boolean): Promise<void> {
    const at = this.now();
    await tx.execute(
      `INSERT INTO zalo_offers (channel, conversation_id, offer_id, choices, numbered, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (channel, conversation_id, offer_id) DO NOTHING`,
      [channel, conversationId, offerId, JSON.stringify(choices), numbered ? 1 : 0, at],
    );
    await this.setCurrentIn(tx, channel, conversationId, offerId);
  }

  /** A message without choices was sent: digits no longer answer the previous list. */
  async clearCurrentIn(tx: Queryable, channel: string, conversationId: string): Promise<void> {
    await this.setCurrentIn(tx, channel, conversationId, null);
  }

  /** The offer was shown as a numbered list after all (Zalo refused its buttons). */
  async markNumbered(channel: string, conversationId: string, offerId: string): Promise<void> {
    await this.db.execute('UPDATE zalo_offers SET numbered = 1 WHERE channel = $1 AND conversation_id = $2 AND offer_id = $3', [
      channel,
      conversationId,
      offerId,
    ]);
  }

  /** What an incoming text means: a button payload, a digit answering the current numbered list, or neither. */
  async lookup(channel: string, conversationId: string, text: string): Promise<ChoiceLookup> {
    const payload = PAYLOAD.exec(text.trim());
    if (payload) {
      const row = await this.db.queryOne<{ choices: string }>(
        'SELECT choices FROM zalo_offers WHERE channel = $1 AND conversation_id = $2 AND offer_id = $3 AND created_at >= $4',
        [channel, conversationId, payload[1]!, this.now() - this.retentionMs],
      );
      const choice = row ? (JSON.parse(row.choices) as Choice[])[Number(payload[2]) - 1] : undefined;
      return choice ? { kind: 'choice', choice } : { kind: 'unknown-offer' };
    }
    const digit = DIGIT_REPLY.exec(text);
    if (!digit) return { kind: 'none' };
    const row = await this.db.queryOne<{ choices: string }>(
      `SELECT o.choices FROM zalo_conversations c
       JOIN zalo_offers o ON o.channel = c.channel AND o.conversation_id = c.conversation_id AND o.offer_id = c.current_offer
       WHERE c.channel = $1 AND c.conversation_id = $2 AND o.numbered = 1 AND o.created_at >= $3`,
      [channel, conversationId, this.now() - this.retentionMs],
    );
    if (!row) return { kind: 'none' };
    const choice = (JSON.parse(row.choices) as Choice[])[Number(digit[1]) - 1];
    return choice ? { kind: 'choice', choice } : { kind: 'none' };
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.db.execute('DELETE FROM zalo_offers WHERE created_at < $1', [this.now() - this.retentionMs]);
    return rowCount;
  }

  private async setCurrentIn(tx: Queryable, channel: string, conversationId: string, offerId: string | null): Promise<void> {
    await tx.execute(
      `INSERT INTO zalo_conversations (channel, conversation_id, current_offer, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel, conversation_id) DO UPDATE SET current_offer = excluded.current_offer, updated_at = excluded.updated_at`,
      [channel, conversationId, offerId, this.now()],
    );
  }
}
