/**
 * What kind of message arrived, before any matching: text (cut to a length the bot reads), nothing at all,
 * emoji or symbols only, or attachments (pictures, stickers, voice, files) the bot cannot read.
 */
import type { Attachment } from 'botbuilder';

/** Longer messages are cut here, with a polite note; matching a page of text helps no one and costs time. */
export const MAX_TEXT_LENGTH = 2000;

export type Input =
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'empty' }
  | { kind: 'emoji' }
  | { kind: 'symbols' }
  | { kind: 'sticker' }
  | { kind: 'image' }
  | { kind: 'audio' }
  | { kind: 'file' };

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

export function readInput(activity: { text?: string; attachments?: Attachment[] }): Input {
  const raw = typeof activity.text === 'string' ? activity.text.normalize('NFC').trim() : '';
  if (raw) {
    if (!LETTER_OR_DIGIT.test(raw)) return PICTOGRAPH.test(raw) ? { kind: 'emoji' } : { kind: 'symbols' };
    const chars = Array.from(raw);
    if (chars.length <= MAX_TEXT_LENGTH) return { kind: 'text', text: raw, truncated: false };
    // Cut by code points, never inside a surrogate pair (emoji, rare characters).
    return { kind: 'text', text: chars.slice(0, MAX_TEXT_LENGTH).join(''), truncated: true };
  }
  const attachment = activity.attachments?.[0];
  if (!attachment) return { kind: 'empty' };
  const type = (attachment.contentType ?? '').toLowerCase();
  const name = (attachment.name ?? '').toLowerCase();
  if (type.includes('sticker') || name.includes('sticker')) return { kind: 'sticker' };
  if (type.startsWith('image/') || type === 'image') return { kind: 'image' };
  if (type.startsWith('audio/') || type.includes('voice')) return { kind: 'audio' };
  return { kind: 'file' };
}
