/**
 * Sends one queued OA message and says what happened, in the queue's terms:
 * - a rejected token (-216, -220, HTTP 401) → one refresh (shared with every other sender) and one retry;
 * - buttons refused (-201, -233) → the same message once more as text with a numbered list;
 * - rate limit (-32), network trouble, Zalo errors on its side → retry later;
 * - the 7-day window closed (-230, -232), a user who left or blocked the OA → failed for good, never retried;
 * - anything else → failed, logged against the conversation with Zalo's code and message.
 */
import type { Logger } from '../../logging';
import type { ApiResult, ZaloOaApi } from './oaApi';
import { ZaloError } from './oaApi';
import type { OaPayload } from './oaLayout';
import type { OfferStore } from './offers';
import type { QueuedMessage, SendOutcome, Transport } from './outboundQueue';
import type { CurrentToken, TokenManager } from './tokenManager';

export const OA_CHANNEL = 'zalo-oa';

/** Codes that mean the citizen cannot be reached this way any more. */
const UNREACHABLE = new Set<number>([-213, -217, -227, -244]);
const WINDOW_CLOSED = new Set<number>([ZaloError.noInteraction7Days, ZaloError.interactionExpired]);
const BUTTONS_REFUSED = new Set<number>([ZaloError.invalidParameter, ZaloError.unsupportedMessageType]);
/** Errors on Zalo's side that may pass: "send message failed", quota of the moment. */
const TRANSIENT = new Set<number>([ZaloError.rateLimited, -200, -211, -218]);

export interface OaTransportOptions {
  api: Pick<ZaloOaApi, 'sendConsultation'>;
  tokens: Pick<TokenManager, 'current' | 'replaceRejected'>;
  offers: Pick<OfferStore, 'markNumbered'>;
  logger: Logger;
}

type Attempt = ApiResult | { ok: false; transient: true; code: string; message: string };

export class OaTransport implements Transport<OaPayload> {
  readonly channel = OA_CHANNEL;

  constructor(private readonly o: OaTransportOptions) {}

  async send(queued: QueuedMessage<OaPayload>): Promise<SendOutcome> {
    const { payload, recipient } = queued;
    let result = await this.sendWithFreshToken({ recipient: { user_id: recipient }, message: payload.message });
    if (!result.ok && 'code' in result && typeof result.code === 'number' && BUTTONS_REFUSED.has(result.code) && payload.fallbackText) {
      this.o.logger.warn({ conversationId: recipient, code: result.code }, 'zalo refused the buttons; sending a numbered list instead');
      result = await this.sendWithFreshToken({ recipient: { user_id: recipient }, message: { text: payload.fallbackText } });
      if (result.ok && payload.offerId) {
        await this.o.offers.markNumbered(OA_CHANNEL, recipient, payload.offerId).catch((err: unknown) => {
          this.o.logger.warn({ err, conversationId: recipient }, 'could not record the numbered list');
        });
      }
    }
    return classify(result);
  }

  private async sendWithFreshToken(body: unknown): Promise<Attempt> {
    let token: CurrentToken;
    try {
      token = await this.o.tokens.current();
    } catch (err) {
      return { ok: false, transient: true, code: 'token', message: errorMessage(err) };
    }
    let result = await this.post(token.accessToken, body);
    if (isRejectedToken(result)) {
      try {
        token = await this.o.tokens.replaceRejected(token.accessToken);
      } catch (err) {
        return { ok: false, transient: true, code: 'token-refresh', message: errorMessage(err) };
      }
      result = await this.post(token.accessToken, body);
    }
    return result;
  }

  private async post(accessToken: string, body: unknown): Promise<Attempt> {
    try {
      return await this.o.api.sendConsultation(accessToken, body);
    } catch (err) {
      return { ok: false, transient: true, code: 'network', message: errorMessage(err) };
    }
  }
}

function isRejectedToken(result: Attempt): boolean {
  if (result.ok || 'transient' in result) return false;
  return result.httpStatus === 401 || result.code === ZaloError.accessTokenInvalid || result.code === ZaloError.accessTokenExpired;
}

function classify(result: Attempt): SendOutcome {
  if (result.ok) return { kind: 'sent', ...(result.messageId ? { platformMessageId: result.messageId } : {}) };
  if ('transient' in result) return { kind: 'retry', code: result.code, message: result.message };
  const code = result.code;
  const label = code === null ? `HTTP ${result.httpStatus}` : String(code);
  const message = result.message || label;
  if (isRejectedToken(result)) return { kind: 'retry', code: label, message: `token vẫn bị từ chối sau khi làm mới: ${message}` };
  if (code === null) return result.httpStatus >= 500 || result.httpStatus === 429 ? { kind: 'retry', code: label, message } : { kind: 'failed', code: label, message };
  if (TRANSIENT.has(code)) return { kind: 'retry', code: label, message };
  if (WINDOW_CLOSED.has(code)) return { kind: 'failed', code: label, message, windowClosed: true };
  if (UNREACHABLE.has(code)) return { kind: 'failed', code: label, message };
  return { kind: 'failed', code: label, message };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Zalo codes of a failed message that mean the citizen no longer receives OA messages (left, blocked, inactive). */
export function isUnreachableCode(code: string | null): boolean {
  return code !== null && UNREACHABLE.has(Number(code));
}

export function isWindowClosedCode(code: string | null): boolean {
  return code !== null && WINDOW_CLOSED.has(Number(code));
}
