/**
 * Cuts a reply into messages Zalo accepts: at most 2,000 characters each (OA consultation texts and Bot Platform
 * texts alike). Text is put in NFC first, the form Zalo counts in and the form Vietnamese is shown in; lengths are
 * counted in UTF-16 units, which is never fewer than characters, so a part that fits here fits Zalo's count too.
 * Cuts fall, in order of preference, between paragraphs, between lines, after a sentence, between words; a single
 * word longer than the limit (a long link) is cut where it must, never inside a surrogate pair.
 */

export const ZALO_TEXT_LIMIT = 2000;

export function splitText(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  let rest = text.normalize('NFC').trim();
  const parts: string[] = [];
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/**
 * Like `splitText`, but the last part leaves `reserve` units free for something appended to it afterwards (a
 * numbered list of choices), so that the last part plus the addition still fits one message.
 */
export function splitTextLeavingRoom(text: string, reserve: number, limit = ZALO_TEXT_LIMIT): string[] {
  const parts = splitText(text, limit);
  const last = parts.pop();
  if (last === undefined) return parts;
  if (last.length + reserve <= limit) return [...parts, last];
  return [...parts, ...splitText(last, Math.max(limit - reserve, 2))];
}

const BREAKS: readonly RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…:;](?=\s)/g, /\s/g];

/** Where to end a part of at most `room` units: after the best natural break, or a hard cut. */
function cutPoint(text: string, room: number): number {
  const window = text.slice(0, room + 1);
  // A break too early would leave tiny parts; only accept breaks in the second half of the window.
  const minimum = Math.floor(room / 2);
  for (const pattern of BREAKS) {
    let best = -1;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
      const end = m.index + (pattern.source.startsWith('[') ? 1 : 0);
      if (end <= room && end >= minimum) best = end;
      if (m[0].length === 0) pattern.lastIndex += 1;
    }
    if (best > 0) return best;
  }
  return safeCut(text, room);
}

/** `room`, moved back by one when it would split a surrogate pair. */
function safeCut(text: string, room: number): number {
  const code = text.charCodeAt(room - 1);
  return code >= 0xd800 && code <= 0xdbff ? room - 1 : room;
}
