/**
 * A fake of Zalo's OA Open API (openapi.zalo.me) and OAuth server (oauth.zaloapp.com) on loopback, behaving as
 * docs/zalo.md and Zalo's published answers describe:
 * - `POST /v3.0/oa/message/cs` needs the bare `access_token` header; an unknown token answers -216, an expired one
 *   -216 (or -220, or HTTP 401: `expiredAnswer`), all with HTTP 200 except the 401 variant;
 * - the recipient must be a known user (-201 `user_id is invalid!`) who wrote within 7 days (-230);
 * - text over 2,000 characters (NFC) → -201; more than 5 buttons → -201; an unknown template → -233;
 *   `refuseButtons` makes any message with buttons fail -201 (as Zalo may for text+buttons);
 * - `rateLimitNext(n)` answers the next n sends -32;
 * - `POST /v4/oa/access_token` (form, `secret_key` header) rotates the pair: a refresh token works once, a reused one
 *   gets -14014 `Invalid refresh token` (the code Zalo's community reports; unverified);
 * - every request is recorded for assertions, and every message accepted is listed in `delivered`.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
  response: Record<string, unknown>;
}

export interface DeliveredMessage {
  userId: string;
  message: Record<string, unknown>;
  messageId: string;
}

export interface FakeZaloOaOptions {
  appId: string;
  appSecret: string;
  /** The first pair, as the developer console would issue it. */
  accessToken?: string;
  refreshToken?: string;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60_000;
const BUTTON_TYPES = new Set(['oa.query.show', 'oa.query.hide', 'oa.open.url', 'oa.open.phone', 'oa.open.sms']);
const TEMPLATE_TYPES = new Set(['media', 'request_user_info', 'list', 'transaction_order', 'promotion']);

export class FakeZaloOa {
  readonly requests: RecordedRequest[] = [];
  readonly delivered: DeliveredMessage[] = [];
  readonly refreshes: Array<{ used: string; issued: string }> = [];
  /** How an expired access token is answered. */
  expiredAnswer: 'error-216' | 'error-220' | 'http-401' = 'error-216';
  refuseButtons = false;
  url = '';

  private readonly server: http.Server;
  private readonly now: () => number;
  private readonly accessTokens = new Map<string, { expiresAt: number }>();
  private readonly refreshTokens = new Map<string, 'valid' | 'used'>();
  private readonly users = new Map<string, { lastInteractionAt: number }>();
  private rateLimited = 0;

  constructor(private readonly o: FakeZaloOaOptions) {
    this.now = o.now ?? Date.now;
    if (o.accessToken) this.accessTokens.set(o.accessToken, { expiresAt: this.now() + 25 * 60 * 60_000 });
    if (o.refreshToken) this.refreshTokens.set(o.refreshToken, 'valid');
    this.server = http.createServer((req, res) => void this.route(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A citizen who follows the OA and last wrote at `lastInteractionAt` (default now). */
  addUser(userId: string, lastInteractionAt = this.now()): void {
    this.users.set(userId, { lastInteractionAt });
  }

  /** The citizen wrote again (what a webhook event means to Zalo). */
  touchUser(userId: string): void {
    const user = this.users.get(userId);
    if (user) user.lastInteractionAt = this.now();
  }

  /** Every access token issued so far stops working, as 25 hours later. */
  expireAccessTokens(): void {
    for (const entry of this.accessTokens.values()) entry.expiresAt = this.now() - 1;
  }

  rateLimitNext(count: number): void {
    this.rateLimited = count;
  }

  /** Sends (successful or not) to the consultation endpoint. */
  sendRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/v3.0/oa/message/cs');
  }

  deliveredTo(userId: string): DeliveredMessage[] {
    return this.delivered.filter((d) => d.userId === userId);
  }

  textsTo(userId: string): string[] {
    return this.deliveredTo(userId).map((d) => String(d.message.text ?? ''));
  }

  /** The pair a fresh refresh would replace; the current valid refresh token. */
  validRefreshTokens(): string[] {
    return [...this.refreshTokens].filter(([, s]) => s === 'valid').map(([t]) => t);
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    let status = 200;
    let response: Record<string, unknown>;
    let body: unknown = raw;
    if (req.method === 'POST' && path === '/v3.0/oa/message/cs') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      [status, response] = this.sendConsultation(req.headers, body);
    } else if (req.method === 'POST' && path === '/v4/oa/access_token') {
      const form = Object.fromEntries(new URLSearchParams(raw));
      body = form;
      response = this.accessToken(req.headers, form);
    } else {
      status = 404;
      response = { error: 404, message: 'Not found' };
    }
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body, status, response });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(response));
  }

  private sendConsultation(headers: http.IncomingHttpHeaders, body: unknown): [number, Record<string, unknown>] {
    const token = headerValue(headers.access_token);
    const known = token ? this.accessTokens.get(token) : undefined;
    if (!known) return [200, { error: -216, message: 'Access token is invalid' }];
    if (known.expiresAt <= this.now()) {
      if (this.expiredAnswer === 'http-401') return [401, { error: 401, message: 'Unauthorized' }];
      if (this.expiredAnswer === 'error-220') return [200, { error: -220, message: 'access_token is expired or removed' }];
      return [200, { error: -216, message: 'Access token is invalid' }];
    }
    if (this.rateLimited > 0) {
      this.rateLimited -= 1;
      return [200, { error: -32, message: 'Your OA reached limit call api' }];
    }
    const b = body as { recipient?: { user_id?: unknown }; message?: Record<string, unknown> } | undefined;
    const userId = b?.recipient?.user_id;
    if (typeof userId !== 'string' || !this.users.has(userId)) return [200, { error: -201, message: 'user_id is invalid!' }];
    if (this.now() - this.users.get(userId)!.lastInteractionAt > 7 * DAY_MS) {
      return [200, { error: -230, message: 'User has not interacted with the OA in the past 7 days' }];
    }
    const message = b?.message;
    if (!message || typeof message !== 'object') return [200, { error: -201, message: 'message is invalid!' }];
    const text = message.text;
    const attachment = message.attachment as { type?: unknown; payload?: Record<string, unknown> } | undefined;
    if (text !== undefined && (typeof text !== 'string' || Array.from(text.normalize('NFC')).length > 2000)) {
      return [200, { error: -201, message: 'text is invalid!' }];
    }
    if (!attachment && (typeof text !== 'string' || text.length === 0)) return [200, { error: -201, message: 'text is invalid!' }];
    if (attachment) {
      const problem = checkAttachment(attachment, this.refuseButtons);
      if (problem) return [200, problem];
    }
    const messageId = randomBytes(10).toString('hex');
    this.delivered.push({ userId, message, messageId });
    return [
      200,
      {
        data: { message_id: messageId, user_id: userId, sent_time: String(this.now()), quota: { quota_type: 'reply' } },
        error: 0,
        message: 'Success',
      },
    ];
  }

  private accessToken(headers: http.IncomingHttpHeaders, form: Record<string, string>): Record<string, unknown> {
    if (headerValue(headers.secret_key) !== this.o.appSecret) return { error: -14002, error_name: 'Invalid secret key' };
    if (form.app_id !== this.o.appId) return { error: -14001, error_name: 'Invalid app_id' };
    if (form.grant_type !== 'refresh_token') return { error: -14003, error_name: 'Invalid grant_type' };
    const used = form.refresh_token ?? '';
    if (this.refreshTokens.get(used) !== 'valid') return { error: -14014, error_name: 'Invalid refresh token' };
    this.refreshTokens.set(used, 'used');
    const accessToken = `at-${randomBytes(12).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(12).toString('hex')}`;
    this.accessTokens.set(accessToken, { expiresAt: this.now() + 90_000 * 1000 });
    this.refreshTokens.set(refreshToken, 'valid');
    this.refreshes.push({ used, issued: refreshToken });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: '90000' };
  }
}

function checkAttachment(attachment: { type?: unknown; payload?: Record<string, unknown> }, refuseButtons: boolean): Record<string, unknown> | undefined {
  if (attachment.type !== 'template' || !attachment.payload) return { error: -201, message: 'attachment is invalid!' };
  const payload = attachment.payload;
  if (payload.template_type !== undefined && !TEMPLATE_TYPES.has(String(payload.template_type))) {
    return { error: -233, message: 'message type is invalid or not support' };
  }
  const buttons = payload.buttons;
  if (buttons === undefined) return undefined;
  if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 5) return { error: -201, message: 'buttons is invalid!' };
  if (refuseButtons) return { error: -201, message: 'buttons is invalid!' };
  for (const button of buttons as Array<Record<string, unknown>>) {
    if (!BUTTON_TYPES.has(String(button.type)) || typeof button.title !== 'string' || !button.title) {
      return { error: -201, message: 'buttons is invalid!' };
    }
    if (String(button.type).startsWith('oa.query.') && (typeof button.payload !== 'string' || button.payload.length > 1000)) {
      return { error: -201, message: 'payload is invalid!' };
    }
  }
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
