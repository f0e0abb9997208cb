/**
 * Plays Zalo's side of the webhooks: builds event bodies the way Zalo sends them (compact JSON, UTF-8, every id a
 * string, millisecond timestamps as strings), signs OA events (`mac=` + sha256(app_id + body + timestamp + OA key)),
 * and posts them — signed, unsigned, forged or repeated with a `num_retry` header.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface OaApp {
  appId: string;
  oaId: string;
  oaSecretKey: string;
}

let sequence = 0;

export function newMsgId(): string {
  sequence += 1;
  return `${randomBytes(8).toString('hex')}${sequence.toString(16).padStart(4, '0')}`;
}

export function oaSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(appId + rawBody + timestamp + oaSecretKey, 'utf8').digest('hex')}`;
}

/** `user_send_text` in the key order of Zalo's documented sample. */
export function textEvent(app: OaApp, userId: string, text: string, options: { msgId?: string; timestamp?: string } = {}): string {
  return JSON.stringify({
    app_id: app.appId,
    sender: { id: userId },
    user_id_by_app: `9${userId.slice(1)}`,
    recipient: { id: app.oaId },
    event_name: 'user_send_text',
    message: { text, msg_id: options.msgId ?? newMsgId() },
    timestamp: options.timestamp ?? String(Date.now()),
  });
}

export function mediaEvent(
  app: OaApp,
  userId: string,
  eventName: string,
  attachment: { type: string; payload: Record<string, unknown> },
  options: { msgId?: string; text?: string } = {},
): string {
  return JSON.stringify({
    app_id: app.appId,
    sender: { id: userId },
    user_id_by_app: `9${userId.slice(1)}`,
    recipient: { id: app.oaId },
    event_name: eventName,
    message: { msg_id: options.msgId ?? newMsgId(), ...(options.text ? { text: options.text } : {}), attachments: [attachment] },
    timestamp: String(Date.now()),
  });
}

/** `follow` / `unfollow`: `follower` and a flat `oa_id`, in the order of a captured real event. */
export function followEvent(app: OaApp, userId: string, eventName: 'follow' | 'unfollow' = 'follow'): string {
  return JSON.stringify({
    oa_id: app.oaId,
    follower: { id: userId },
    event_name: eventName,
    source: 'oa_profile',
    app_id: app.appId,
    timestamp: String(Date.now()),
  });
}

export function submitInfoEvent(app: OaApp, userId: string, info: Record<string, unknown>): string {
  return JSON.stringify({
    sender: { id: userId },
    recipient: { id: app.oaId },
    event_name: 'user_submit_info',
    app_id: app.appId,
    timestamp: String(Date.now()),
    info,
  });
}

export interface PostOptions {
  /** `undefined`: signed correctly; `null`: no header; a string: sent as is (forged). */
  signature?: string | null;
  numRetry?: number;
}

/** Posts a raw OA event body to `{baseUrl}/zalo/webhook`, signed unless told otherwise. */
export async function postOaEvent(baseUrl: string, app: OaApp, rawBody: string, options: PostOptions = {}): Promise<Response> {
  const parsed = JSON.parse(rawBody) as { timestamp?: string };
  const signature = options.signature === undefined ? oaSignature(app.appId, rawBody, String(parsed.timestamp ?? ''), app.oaSecretKey) : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-zevent-signature'] = signature;
  if (options.numRetry !== undefined) headers.num_retry = String(options.numRetry);
  return fetch(`${baseUrl}/zalo/webhook`, { method: 'POST', headers, body: rawBody });
}

/** A Bot Platform update, wrapped as documented (`{ ok, result }`) or unwrapped as observed. */
export function botTextUpdate(chatId: string, text: string, options: { messageId?: string; wrapped?: boolean; eventName?: string } = {}): string {
  const update = {
    event_name: options.eventName ?? 'message.text.received',
    message: {
      from: { id: chatId, display_name: 'Người dân', is_bot: false },
      chat: { id: chatId, chat_type: 'PRIVATE' },
      ...(options.eventName === 'message.unsupported.received' ? {} : { text }),
      message_id: options.messageId ?? newMsgId(),
      date: Date.now(),
    },
  };
  return JSON.stringify(options.wrapped === false ? update : { ok: true, result: update });
}

export async function postBotUpdate(baseUrl: string, secret: string | null, rawBody: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-bot-api-secret-token'] = secret;
  return fetch(`${baseUrl}/zalo-bot/webhook`, { method: 'POST', headers, body: rawBody });
}

/** The environment that points a spawned server at the fake Zalo OA and Bot Platform servers. */
export function zaloServerEnv(
  app: OaApp,
  fakes: { oaUrl: string; botUrl: string; botToken: string; botSecret: string },
): Record<string, string> {
  return {
    ZALO_APP_ID: app.appId,
    ZALO_APP_SECRET: 'app-secret',
    ZALO_OA_SECRET_KEY: app.oaSecretKey,
    ZALO_ACCESS_TOKEN: 'at-first',
    ZALO_REFRESH_TOKEN: 'rt-first',
    ZALO_API_BASE: fakes.oaUrl,
    ZALO_OAUTH_BASE: fakes.oaUrl,
    ZALO_BOT_TOKEN: fakes.botToken,
    ZALO_BOT_SECRET: fakes.botSecret,
    ZALO_BOT_API_BASE: fakes.botUrl,
  };
}
