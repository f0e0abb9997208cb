/**
 * Turns a message (or a trainer's phrase) into the word stream the content rules match on.
 *
 * Words go through the shared Vietnamese normaliser (NFC, lower case, one tone placement) and keep a folded twin
 * (no diacritics, đ→d), so "cung cấp mã OTP" and "cung cap ma otp" meet. Sentence ends and commas survive as marker
 * tokens: a phrase must not run across a sentence, and a "không" only negates what follows it in the same clause.
 */
import { fold, normalize } from '../text/normalize';

export const SENTENCE_MARK = '|';
export const CLAUSE_MARK = ',';

export interface Token {
  /** Normalised word with its diacritics, or a marker. */
  text: string;
  /** The same word without diacritics. */
  folded: string;
  /** True when the word was typed without any diacritic (so its folded form is all we know about it). */
  plain: boolean;
}

/** ".", "!", "?", ";", "…" followed by a space or the end close a sentence; "30.000" and "TP.HCM" do not. */
const SENTENCE_END = /[.!?;…]+(?=\s|$)/gu;
const NEWLINES = /\r?\n+/g;
/** Letters glued to digits are separate words to a reader: "10tr", "500k", "24h", "30%". */
const DIGIT_LETTER_BOUNDARY = /(?<=\p{N})(?=\p{L})|(?<=\p{L})(?=\p{N})/u;

function word(text: string): Token {
  const folded = fold(text);
  return { text, folded, plain: folded === text };
}

function marker(mark: string): Token {
  return { text: mark, folded: mark, plain: true };
}

export function isMarker(token: Token): boolean {
  return token.text === SENTENCE_MARK || token.text === CLAUSE_MARK;
}

export function tokenize(text: string): Token[] {
  const marked = text
    .normalize('NFC')
    .replace(NEWLINES, ` ${SENTENCE_MARK} `)
    .replace(SENTENCE_END, ` ${SENTENCE_MARK} `)
    .replace(/,/g, ` ${CLAUSE_MARK} `)
    // "30%/tháng" is read "ba mươi phần trăm một tháng"; spelling it out lets trainers write "phần trăm".
    .replace(/%/g, ' phần trăm ');
  const tokens: Token[] = [];
  for (const raw of marked.split(/\s+/)) {
    if (raw === SENTENCE_MARK || raw === CLAUSE_MARK) {
      // Collapse runs of markers; a sentence end wins over a comma.
      const last = tokens[tokens.length - 1];
      if (last && isMarker(last)) {
        if (raw === SENTENCE_MARK) last.text = last.folded = SENTENCE_MARK;
        continue;
      }
      if (tokens.length > 0) tokens.push(marker(raw));
      continue;
    }
    const normalised = normalize(raw);
    if (!normalised) continue;
    for (const part of normalised.split(' ')) {
      for (const piece of part.split(DIGIT_LETTER_BOUNDARY)) if (piece) tokens.push(word(piece));
    }
  }
  while (tokens.length > 0 && isMarker(tokens[tokens.length - 1]!)) tokens.pop();
  return tokens;
}

/**
 * Does the message word `token` spell the rule word `rule`? Exact match with diacritics, or — when either side was
 * typed without diacritics — the same folded letters. Two words that both carry diacritics must agree on them, so
 * "gặp" (meet) never counts as "gấp" (urgent), nor "dùng" as "đừng".
 */
export function sameWord(token: Token, rule: Token): boolean {
  if (token.text === rule.text) return true;
  return (token.plain || rule.plain) && token.folded === rule.folded;
}
