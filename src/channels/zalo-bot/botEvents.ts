/**
 * Zalo Bot Platform webhook updates. The documented body wraps the update (`{ ok, result: { event_name, message } }`)
 * but Zalo is seen sending it unwrapped (`{ event_name, message }`), so both are read. Every id is kept as a string.
 */
import { idString } from '../zalo-oa/losslessJson';

export interface BotUpdate {
  name: string;
  chatId?: string;
  fromId?: string;
  fromName?: string;
  messageId?: string;
  /** Epoch ms when present. */
  date?: number;
  text?: string;
  /** Picture, sticker or voice URL for media updates. */
  mediaUrl?: string;
  raw: Record<string, unknown>;
}

export function readBotUpdate(body: unknown): BotUpdate | undefined {
  if (!isObject(body)) return undefined;
  const update = isObject(body.result) && typeof body.result.event_name === 'string' ? body.result : body;
  const name = typeof update.event_name === 'string' ? update.event_name : undefined;
  if (!name) return undefined;
  const message = isObject(update.message) ? update.message : {};
  const from = isObject(message.from) ? message.from : {};
  const chat = isObject(message.chat) ? message.chat : {};
  const chatId = idString(chat.id) ?? idString(from.id);
  const fromId = idString(from.id) ?? chatId;
  const messageId = idString(message.message_id);
  const date = typeof message.date === 'number' ? message.date : Number(message.date);
  const text = typeof message.text === 'string' ? message.text : typeof message.caption === 'string' ? message.caption : undefined;
  const mediaUrl = [message.photo_url, message.photo, message.url, message.sticker]
    .find((v): v is string => typeof v === 'string' && /^https?:/i.test(v));
  return {
    name,
    ...(chatId ? { chatId } : {}),
    ...(fromId ? { fromId } : {}),
    ...(typeof from.display_name === 'string' ? { fromName: from.display_name } : {}),
    ...(messageId ? { messageId } : {}),
    ...(Number.isFinite(date) && date > 0 ? { date } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(mediaUrl ? { mediaUrl } : {}),
    raw: update,
  };
}

/** De-duplication key: the message id; for updates without one, what identifies the update. */
export function botUpdateKey(update: BotUpdate): string {
  return update.messageId ? `msg:${update.messageId}` : `${update.name}:${update.chatId ?? '-'}:${update.date ?? '-'}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
