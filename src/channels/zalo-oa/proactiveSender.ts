/**
 * The escalation `ProactiveSender` for Zalo: an officer's reply goes to the citizen through the adapter of the
 * ticket's channel (`zalo-oa` or `zalo-bot`, read from the stored conversation reference) with
 * `continueConversation`, through the durable queue like every other message.
 *
 * `send` resolves once Zalo accepted every part, and rejects with a sentence an officer can act on when it will not
 * arrive — above all Zalo's 7-day rule, which `ReplyDelivery` records on the ticket as its delivery problem. A
 * message Zalo asks us to retry later (rate limit, network) is waited for up to `waitMs`:
 * - when the caller names the ticket message (`options.messageId`), it stays queued, is retried however long it
 *   takes, and its final outcome is written to the ticket by the queue (`onSettled`);
 * - otherwise it is withdrawn from the queue and `send` rejects, so nothing arrives that the ticket says failed.
 */
import { type ConversationReference, MessageFactory } from 'botbuilder';
import type { ProactiveOptions, ProactiveSender } from '../../escalation/replyDelivery';
import { zaloStaffText } from './messages';
import type { OutboundQueue, QueueRowState } from './outboundQueue';
import { isUnreachableCode, isWindowClosedCode } from './oaTransport';
import { type DeliveryMarker, ZALO_DELIVERY_KEY, type ZaloChannelAdapter } from './zaloChannelAdapter';

export interface ZaloProactiveOptions extends ProactiveOptions {
  /** The ticket message being delivered: makes a repeated send harmless and lets a late delivery update the ticket. */
  messageId?: number;
}

export interface ZaloProactiveSenderOptions {
  adapters: ReadonlyMap<string, ZaloChannelAdapter>;
  queue: Pick<OutboundQueue, 'states' | 'withdraw'>;
  waitMs?: number;
  pollMs?: number;
  now?: () => number;
}

export class ZaloProactiveSender implements ProactiveSender {
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(private readonly o: ZaloProactiveSenderOptions) {
    this.waitMs = o.waitMs ?? 60_000;
    this.pollMs = o.pollMs ?? 500;
    this.now = o.now ?? Date.now;
  }

  /** The channel ids this sender delivers to (for `ReplyDelivery.register`). */
  get channels(): string[] {
    return [...this.o.adapters.keys()];
  }

  async send(conversationRef: string, text: string, options: ZaloProactiveOptions = {}): Promise<void> {
    const reference = JSON.parse(conversationRef) as Partial<ConversationReference>;
    const adapter = this.o.adapters.get(reference.channelId ?? '');
    if (!adapter) throw new Error(`Kênh "${reference.channelId ?? '?'}" chưa được bật trên máy chủ này.`);
    if (!reference.conversation?.id) throw new Error('Phiếu không còn địa chỉ cuộc trò chuyện Zalo.');
    const marker: DeliveryMarker = {
      queued: [],
      ...(options.messageId !== undefined ? { dedupeKey: `ticket-message:${options.messageId}`, ticketMessageId: options.messageId } : {}),
    };
    const activity = options.suggestions?.length ? MessageFactory.suggestedActions(options.suggestions, text) : MessageFactory.text(text);
    await adapter.continueConversation(reference, async (context) => {
      context.turnState.set(ZALO_DELIVERY_KEY, marker);
      await context.sendActivity(activity);
    });
    await this.awaitOutcome(marker);
  }

  private async awaitOutcome(marker: DeliveryMarker): Promise<void> {
    if (marker.queued.length === 0) throw new Error('Tin trả lời không có nội dung để gửi.');
    const deadline = this.now() + this.waitMs;
    for (;;) {
      const states = await this.o.queue.states(marker.queued);
      const failed = states.find((s) => s.status === 'failed');
      if (failed) throw new Error(reasonFor(failed));
      if (states.length === marker.queued.length && states.every((s) => s.status === 'sent')) return;
      if (this.now() >= deadline) {
        const last = states.find((s) => s.status !== 'sent');
        const detail = last?.lastError ? `${last.errorCode ?? ''} ${last.lastError}`.trim() : 'Zalo chưa nhận tin';
        if (marker.ticketMessageId === undefined) {
          await this.o.queue.withdraw(marker.queued);
          throw new Error(zaloStaffText.failed(`${detail}; hãy thử gửi lại sau ít phút`));
        }
        throw new Error(zaloStaffText.failed(`${detail}; hệ thống sẽ tự gửi lại`));
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }
}

/** What an officer reads on the ticket when a reply could not be delivered. */
export function reasonFor(state: Pick<QueueRowState, 'errorCode' | 'lastError'>): string {
  if (isWindowClosedCode(state.errorCode)) return zaloStaffText.windowClosed;
  if (isUnreachableCode(state.errorCode)) return zaloStaffText.userBlocked;
  return zaloStaffText.failed(`mã lỗi ${state.errorCode ?? '?'}${state.lastError ? `: ${state.lastError}` : ''}`);
}
