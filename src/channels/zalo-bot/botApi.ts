/**
 * The Zalo Bot Platform's HTTP API (Telegram-like): `POST {base}/bot<token>/<method>` with a JSON body, answered
 * `{ ok, result }` or `{ ok: false, error_code, description }`. The token never expires unless reset by its owner.
 */
import { parseJsonKeepingBigIntegers } from '../zalo-oa/losslessJson';

export interface ZaloBotApiOptions {
  apiBase: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type BotApiResult =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; httpStatus: number; code: number | null; description: string };

export class ZaloBotApi {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly o: ZaloBotApiOptions) {
    this.fetchImpl = o.fetch ?? fetch;
  }

  /** The bot's own id: the part of the token before the colon. */
  get botId(): string {
    return this.o.token.split(':')[0] ?? '';
  }

  sendMessage(chatId: string, text: string): Promise<BotApiResult> {
    return this.call('sendMessage', { chat_id: chatId, text });
  }

  /** Network failures reject; the platform's answers resolve, successful or not. */
  async call(method: string, body: Record<string, unknown>): Promise<BotApiResult> {
    const res = await this.fetchImpl(`${this.o.apiBase.replace(/\/+$/, '')}/bot${this.o.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
    });
    const text = await res.text().catch(() => '');
    let parsed: Record<string, unknown> | undefined;
    try {
      const value = text.trim() ? parseJsonKeepingBigIntegers(text) : undefined;
      if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    if (res.ok && parsed?.ok === true) {
      const result = parsed.result;
      return { ok: true, result: result && typeof result === 'object' ? (result as Record<string, unknown>) : {} };
    }
    const code = parsed?.error_code !== undefined ? Number(parsed.error_code) : null;
    return {
      ok: false,
      httpStatus: res.status,
      code: code === null || Number.isNaN(code) ? null : code,
      description: String(parsed?.description ?? res.statusText ?? ''),
    };
  }
}
