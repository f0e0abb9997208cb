/**
 * Zalo OA webhook events, read defensively: every id as a string, unknown fields kept in `raw`, and the two envelope
 * shapes Zalo uses — `sender`/`recipient` for messages, `follower`/`oa_id` for follow and unfollow.
 */
import { idString } from './losslessJson';

export interface OaAttachment {
  type: string;
  payload: Record<string, unknown>;
}

export interface OaEvent {
  name: string;
  appId: string;
  /** Epoch milliseconds, as the string Zalo sent (it is part of the signature). */
  timestamp: string;
  /** The citizen: `sender.id` of user events, `follower.id` of follow/unfollow. */
  userId?: string;
  /** The OA: `recipient.id`, or `oa_id`. */
  oaId?: string;
  msgId?: string;
  text?: string;
  attachments: OaAttachment[];
  /** `user_submit_info`: what the citizen filled in. */
  info?: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/** Media a citizen can send; the bot reads only text, so these are answered politely and kept for a report. */
export const MEDIA_EVENTS = new Set([
  'user_send_image',
  'user_send_gif',
  'user_send_sticker',
  'user_send_location',
  'user_send_file',
  'user_send_audio',
  'user_send_video',
  'user_send_link',
  'user_send_business_card',
]);

/** Undefined when the body is not an event at all (no name, app id or timestamp). */
export function readOaEvent(body: unknown): OaEvent | undefined {
  if (!isObject(body)) return undefined;
  const name = typeof body.event_name === 'string' ? body.event_name : undefined;
  const appId = idString(body.app_id);
  const timestamp = idString(body.timestamp);
  if (!name || !appId || !timestamp) return undefined;
  const sender = isObject(body.sender) ? body.sender : undefined;
  const recipient = isObject(body.recipient) ? body.recipient : undefined;
  const follower = isObject(body.follower) ? body.follower : undefined;
  const message = isObject(body.message) ? body.message : undefined;
  const userId = idString(sender?.id) ?? idString(follower?.id) ?? idString(body.user_id);
  const oaId = idString(recipient?.id) ?? idString(body.oa_id);
  const msgId = idString(message?.msg_id);
  const attachments = Array.isArray(message?.attachments)
    ? (message.attachments as unknown[]).filter(isObject).map((a) => ({
        type: typeof a.type === 'string' ? a.type : 'file',
        payload: isObject(a.payload) ? a.payload : {},
      }))
    : [];
  return {
    name,
    appId,
    timestamp,
    ...(userId ? { userId } : {}),
    ...(oaId ? { oaId } : {}),
    ...(msgId ? { msgId } : {}),
    ...(typeof message?.text === 'string' ? { text: message.text } : {}),
    attachments,
    ...(isObject(body.info) ? { info: body.info } : {}),
    raw: body,
  };
}

/** The de-duplication key: the message id, or for events without one, what identifies the event itself. */
export function oaEventKey(event: OaEvent): string {
  return event.msgId ? `msg:${event.msgId}` : `${event.name}:${event.userId ?? '-'}:${event.timestamp}`;
}

/** Event time as a Date; Zalo's millisecond timestamp, or now when it cannot be read. */
export function eventTime(event: { timestamp: string }, now: () => number = Date.now): Date {
  const ms = Number(event.timestamp);
  return new Date(Number.isFinite(ms) && ms > 0 ? ms : now());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
