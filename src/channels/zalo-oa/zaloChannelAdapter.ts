/**
 * What both Zalo adapters share as Bot Framework adapters (`BotAdapter` subclasses, like the official ones):
 * - `processActivity(activity, logic)` runs a turn (middleware, then the bot) for an activity built from a verified,
 *   de-duplicated webhook event;
 * - `sendActivities` lays each reply out for the channel, remembers the choices it offers, stores the messages in the
 *   durable queue (one transaction) and sends them before returning — so replies leave in order, survive a crash,
 *   and a refused or rate-limited message is retried without holding up the turn for long;
 * - `continueConversation` starts a turn from a stored `ConversationReference`, which is how an officer's reply from
 *   the staff console reaches the citizen.
 * Zalo cannot edit or delete a sent message; those calls fail loudly.
 */
import {
  type Activity,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { Database } from '../../storage/database';
import type { Logger } from '../../logging';
import type { OfferStore } from './offers';
import type { OutboundQueue } from './outboundQueue';
import { toOutgoing, type OutgoingMessage } from './outgoing';
import type { Choice } from './offers';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** How a channel lays out one outgoing message: queued payloads, plus the choices to remember. */
export type Layout = (message: OutgoingMessage) => {
  payloads: unknown[];
  offer?: { id: string; choices: Choice[]; numbered: boolean };
};

/**
 * Put in `context.turnState` by a proactive sender: ties the queued messages to the ticket reply they carry (so
 * sending it twice is harmless and its outcome reaches the ticket) and collects their queue ids.
 */
export const ZALO_DELIVERY_KEY = Symbol('zaloDelivery');

export interface DeliveryMarker {
  /** Makes the enqueue idempotent: the same key is stored once (a failed one is queued again). */
  dedupeKey?: string;
  ticketMessageId?: number;
  /** Filled by `sendActivities`: the queue ids of the messages sent in this turn. */
  queued: number[];
}

export interface ZaloChannelAdapterOptions {
  channelId: string;
  db: Database;
  queue: OutboundQueue;
  offers: OfferStore;
  layout: Layout;
  logger: Logger;
}

export class ZaloChannelAdapter extends BotAdapter {
  readonly channelId: string;

  constructor(protected readonly options: ZaloChannelAdapterOptions) {
    super();
    for (const key of ['channelId', 'db', 'queue', 'offers', 'layout', 'logger'] as const) {
      if (!options?.[key]) throw new Error(`[ZaloChannelAdapter]: Missing parameter "${key}"`);
    }
    this.channelId = options.channelId;
  }

  /** Runs one turn for an incoming activity (already verified and de-duplicated by the webhook). */
  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const context = new TurnContext(this, { ...activity, channelId: this.channelId });
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const { db, queue, offers, layout } = this.options;
    const marker = context.turnState.get(ZALO_DELIVERY_KEY) as DeliveryMarker | undefined;
    const responses: ResourceResponse[] = [];
    const recipients = new Set<string>();
    await db.transaction(async (tx) => {
      let index = 0;
      for (const activity of activities) {
        const recipient = activity.conversation?.id ?? context.activity.conversation?.id;
        const outgoing = toOutgoing(activity);
        if (!outgoing || !recipient) {
          // Typing, traces, delays: nothing to show in a Zalo chat.
          responses.push({ id: '' });
          continue;
        }
        const laid = layout(outgoing);
        if (laid.offer) await offers.saveIn(tx, this.channelId, recipient, laid.offer.id, laid.offer.choices, laid.offer.numbered);
        else await offers.clearCurrentIn(tx, this.channelId, recipient);
        const ids = await queue.enqueueIn(
          tx,
          laid.payloads.map((payload, part) => ({
            channel: this.channelId,
            recipient,
            payload,
            ...(marker?.dedupeKey ? { dedupeKey: `${marker.dedupeKey}:${index}:${part}` } : {}),
            ...(marker?.ticketMessageId !== undefined ? { ticketMessageId: marker.ticketMessageId } : {}),
          })),
        );
        marker?.queued.push(...ids);
        recipients.add(recipient);
        responses.push({ id: ids.length > 0 ? `${this.channelId}:${ids[ids.length - 1]}` : '' });
        index += 1;
      }
    });
    // Sent now, in this turn; whatever has to wait (rate limit, network) is retried by the queue.
    for (const recipient of recipients) {
      await queue.drain(this.channelId, recipient).catch((err: unknown) => {
        this.options.logger.error({ err, channel: this.channelId, conversationId: recipient }, 'zalo send queue failed; the poll will retry');
      });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error(`${this.channelId}: Zalo không cho sửa tin nhắn đã gửi.`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${this.channelId}: Zalo không cho xoá tin nhắn đã gửi.`);
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    if (!reference?.conversation?.id) throw new Error('Thiếu địa chỉ cuộc trò chuyện Zalo (conversation.id).');
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    const context = new TurnContext(this, { ...activity, channelId: this.channelId });
    await this.runMiddleware(context, logic);
  }

  /** Bot Framework's newer signature: (botAppId | claims, reference, logic) or (claims, reference, audience, logic). */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync: thiếu hàm xử lý');
    await this.continueConversation(reference, logic);
  }
}
