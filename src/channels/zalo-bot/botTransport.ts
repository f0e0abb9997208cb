/**
 * Sends one queued Bot Platform message and classifies the answer for the queue: quota (429), timeouts and server
 * errors are retried later; a bad token (401) or a bad request fails at once and is logged for the operator.
 */
import type { QueuedMessage, SendOutcome, Transport } from '../zalo-oa/outboundQueue';
import type { BotPayload } from './botLayout';
import type { ZaloBotApi } from './botApi';

export const BOT_CHANNEL = 'zalo-bot';

export class BotTransport implements Transport<BotPayload> {
  readonly channel = BOT_CHANNEL;

  constructor(private readonly api: Pick<ZaloBotApi, 'sendMessage'>) {}

  async send(queued: QueuedMessage<BotPayload>): Promise<SendOutcome> {
    let result;
    try {
      result = await this.api.sendMessage(queued.recipient, queued.payload.text);
    } catch (err) {
      return { kind: 'retry', code: 'network', message: err instanceof Error ? err.message : String(err) };
    }
    if (result.ok) {
      const id = result.result.message_id;
      return { kind: 'sent', ...(id !== undefined ? { platformMessageId: String(id) } : {}) };
    }
    const code = result.code ?? result.httpStatus;
    const message = result.description || `HTTP ${result.httpStatus}`;
    if (code === 429 || code === 408 || code >= 500) return { kind: 'retry', code: String(code), message };
    return { kind: 'failed', code: String(code), message };
  }
}
