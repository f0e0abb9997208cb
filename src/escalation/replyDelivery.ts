/**
 * Brings a staff reply to the citizen in the conversation they wrote from, as a proactive message, and records on
 * the message whether it got there. Each channel supplies a `ProactiveSender` (Web Chat through the CloudAdapter
 * below; Zalo adds its own). Sending is taken race-free (`startDelivery`): two consoles, two instances or a retry
 * after a restart never send the same reply twice while one of them is sending it.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { ActionTypes, MessageFactory } from 'botbuilder';
import type { Logger } from '../logging';
import { escalationText as say } from './messages';
import type { TicketRepository } from './ticketRepository';
import type { DeliveryStatus } from './types';

export interface ProactiveOptions {
  /** Tap-to-send replies offered under the message; a channel without them may ignore them. */
  suggestions?: string[];
  /**
   * The ticket message being delivered. A channel with its own durable queue (Zalo) keys the send on it, so a retry
   * after a crash or a restart never sends the reply twice, and a late delivery still updates the ticket.
   */
  messageId?: number;
}

export interface ProactiveSender {
  /** Resolves when the channel accepted the message; rejects with a readable reason otherwise. */
  send(conversationRef: string, text: string, options?: ProactiveOptions): Promise<void>;
}

export interface DeliveryOutcome {
  status: DeliveryStatus | 'skipped';
  error?: string;
}

export interface ReplyDeliveryOptions {
  tickets: TicketRepository;
  /** Commune id → name, for "Công an Xã Định Hòa trả lời…". */
  communeName: (communeId: string) => string;
  logger?: Logger;
  now?: () => number;
  /** A reply left `sending` longer than this (its sender died) may be sent again. */
  staleAfterMs?: number;
}

export class ReplyDelivery {
  private readonly senders = new Map<string, ProactiveSender>();
  private readonly now: () => number;
  private readonly staleAfterMs: number;

  constructor(private readonly o: ReplyDeliveryOptions) {
    if (!o?.tickets) throw new Error('[ReplyDelivery]: Missing parameter "tickets"');
    if (!o.communeName) throw new Error('[ReplyDelivery]: Missing parameter "communeName"');
    this.now = o.now ?? Date.now;
    this.staleAfterMs = o.staleAfterMs ?? 2 * 60_000;
  }

  /** Registers the sender for tickets from these channel ids (`webchat`, `directline`, `zalo-oa`…). */
  register(channels: readonly string[], sender: ProactiveSender): this {
    for (const channel of channels) this.senders.set(channel, sender);
    return this;
  }

  /**
   * Sends one staff reply (after `TicketRepository.addStaffReply`, or again after a failure) and records the outcome.
   * `skipped`: already delivered, being sent by someone else right now, or not a reply to the citizen.
   */
  async deliver(messageId: number): Promise<DeliveryOutcome> {
    const taken = await this.o.tickets.startDelivery(messageId, this.now() - this.staleAfterMs);
    if (!taken) return { status: 'skipped' };
    const { ticket, message } = taken;
    const sender = this.senders.get(ticket.channel);
    let error: string | undefined;
    if (ticket.purgedAt !== null) error = 'Phiếu đã bị xoá nội dung theo thời hạn lưu trữ, không còn địa chỉ cuộc trò chuyện.';
    else if (!sender) error = `Kênh "${ticket.channel}" chưa hỗ trợ gửi trả lời tự động; hãy liên hệ người dân qua số điện thoại nếu có.`;
    if (!error) {
      try {
        const text = say.staffReply(ticket.code, this.o.communeName(ticket.communeId), message.body);
        await sender!.send(ticket.conversationRef, text, { suggestions: [say.buttons.addMore(ticket.code)], messageId: message.id });
      } catch (err) {
        error = describe(err);
      }
    }
    const status: DeliveryStatus = error ? 'failed' : 'delivered';
    await this.o.tickets.markDelivery(message.id, status, error ?? null);
    this.o.logger?.[error ? 'warn' : 'info']({ ticket: ticket.code, messageId, status, channel: ticket.channel, error }, 'staff reply delivery');
    return error ? { status, error } : { status };
  }

  /** Replies that were saved but never sent (the process stopped in between): sent now, oldest first. */
  async deliverPending(limit = 100): Promise<number> {
    const pending = await this.o.tickets.pendingDeliveries(limit, this.now() - this.staleAfterMs);
    let delivered = 0;
    for (const message of pending) {
      const outcome = await this.deliver(message.id);
      if (outcome.status === 'delivered') delivered++;
    }
    return delivered;
  }
}

/** The part of CloudAdapter the sender uses, so tests can pass a recording fake. */
export type ContinueConversation = Pick<CloudAdapter, 'continueConversationAsync'>;

/**
 * Web Chat (our Direct Line), the Emulator and Azure channels: `continueConversationAsync` with the stored reference.
 * `serviceUrl` overrides the stored one for the self-hosted Direct Line: any instance's callback route stores the
 * message in the shared database, so this instance posts to its own, whichever instance the citizen wrote through.
 */
export class CloudAdapterSender implements ProactiveSender {
  constructor(
    private readonly adapter: ContinueConversation,
    private readonly botAppId: string,
    private readonly serviceUrl?: () => string | undefined,
  ) {
    if (!adapter) throw new Error('[CloudAdapterSender]: Missing parameter "adapter"');
  }

  async send(conversationRef: string, text: string, options: ProactiveOptions = {}): Promise<void> {
    const stored = JSON.parse(conversationRef) as Partial<ConversationReference>;
    if (!stored.conversation?.id) throw new Error('Phiếu không còn địa chỉ cuộc trò chuyện');
    const own = this.serviceUrl?.();
    const reference = own ? { ...stored, serviceUrl: own } : stored;
    const activity = options.suggestions?.length
      ? MessageFactory.suggestedActions(options.suggestions.map((title) => ({ type: ActionTypes.ImBack, title, value: title })), text)
      : MessageFactory.text(text);
    // The adapter's onTurnError would catch a failed send (and try to apologise into the same conversation), and
    // continueConversationAsync would then resolve: the reply would be marked delivered. Keep the failure here.
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      try {
        await context.sendActivity(activity);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }
}

function describe(err: unknown): string {
  const status = (err as { statusCode?: unknown })?.statusCode;
  const message = err instanceof Error ? err.message : String(err);
  return (typeof status === 'number' ? `HTTP ${status}: ${message}` : message).slice(0, 300);
}
