/**
 * The two Zalo HTTP calls the OA channel makes, and what their answers mean.
 *
 * - `POST {apiBase}/v3.0/oa/message/cs` with the bare `access_token` header (not `Authorization`). Zalo answers
 *   failures with HTTP 200 and `{"error": <negative>, "message": …}`; success is only `error === 0`. Some expired-token
 *   answers arrive as HTTP 401 instead.
 * - `POST {oauthBase}/v4/oa/access_token`, a form with `refresh_token`, `app_id`, `grant_type=refresh_token` and the
 *   app secret in the `secret_key` header. `expires_in` is a string of seconds; failures are HTTP 200 with `error`.
 */
import { parseJsonKeepingBigIntegers } from './losslessJson';

export interface ZaloOaApiOptions {
  apiBase: string;
  oauthBase: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type ApiResult =
  | { ok: true; messageId?: string }
  | { ok: false; httpStatus: number; code: number | null; message: string };

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds, as Zalo says (90000 = 25 h). */
  expiresInSeconds: number;
}

export class ZaloRefreshError extends Error {
  constructor(
    message: string,
    /** Zalo's own error, when it answered; absent for network failures. */
    readonly code: number | null,
    /** True when retrying with the same refresh token cannot help (rejected, reused, expired). */
    readonly rejected: boolean,
  ) {
    super(message);
    this.name = 'ZaloRefreshError';
  }
}

/** Zalo error codes the channel acts on. */
export const ZaloError = {
  rateLimited: -32,
  invalidParameter: -201,
  exceedsLimit: -210,
  accessTokenInvalid: -216,
  accessTokenExpired: -220,
  noInteraction7Days: -230,
  interactionExpired: -232,
  unsupportedMessageType: -233,
} as const;

export class ZaloOaApi {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly o: ZaloOaApiOptions) {
    this.fetchImpl = o.fetch ?? fetch;
    this.timeoutMs = o.timeoutMs ?? 15_000;
  }

  /** Sends one consultation message. Network failures reject; Zalo's answers resolve (ok or not). */
  async sendConsultation(accessToken: string, body: unknown): Promise<ApiResult> {
    const res = await this.fetchImpl(`${trimSlash(this.o.apiBase)}/v3.0/oa/message/cs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: accessToken },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const parsed = await readJson(res);
    const code = typeof parsed?.error === 'number' ? parsed.error : parsed?.error !== undefined ? Number(parsed.error) : null;
    if (res.ok && code === 0) {
      const data = parsed?.data as Record<string, unknown> | undefined;
      const messageId = data?.message_id;
      return { ok: true, ...(messageId !== undefined ? { messageId: String(messageId) } : {}) };
    }
    const message = String(parsed?.message ?? parsed?.error_name ?? res.statusText ?? '');
    return { ok: false, httpStatus: res.status, code: code === null || Number.isNaN(code) ? null : code, message };
  }

  /** Exchanges the (single-use) refresh token for a new pair. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${trimSlash(this.o.oauthBase)}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.o.appSecret },
        body: new URLSearchParams({ refresh_token: refreshToken, app_id: this.o.appId, grant_type: 'refresh_token' }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ZaloRefreshError(`không gọi được máy chủ OAuth của Zalo: ${err instanceof Error ? err.message : String(err)}`, null, false);
    }
    const parsed = await readJson(res);
    const access = parsed?.access_token;
    const refresh = parsed?.refresh_token;
    if (res.ok && typeof access === 'string' && access && typeof refresh === 'string' && refresh) {
      const seconds = Number(parsed?.expires_in);
      return { accessToken: access, refreshToken: refresh, expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 90_000 };
    }
    const code = parsed?.error !== undefined ? Number(parsed.error) : null;
    const detail = String(parsed?.error_description ?? parsed?.error_name ?? parsed?.message ?? `HTTP ${res.status}`);
    // A 5xx or an unreadable answer may succeed later; an explicit error about the token will not.
    const rejected = res.status < 500 && code !== null && !Number.isNaN(code);
    throw new ZaloRefreshError(`Zalo từ chối làm mới token: ${detail}`, code === null || Number.isNaN(code) ? null : code, rejected);
  }
}

async function readJson(res: Response): Promise<Record<string, unknown> | undefined> {
  const text = await res.text().catch(() => '');
  if (!text.trim()) return undefined;
  try {
    const parsed = parseJsonKeepingBigIntegers(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function trimSlash(base: string): string {
  return base.replace(/\/+$/, '');
}
