/**
 * Vietnamese text normalisation: the same function runs on trainers' knowledge and on citizens' messages,
 * so that whatever way a word is typed, both sides meet on one spelling.
 */
import { canonicalizeTones } from './tones';

/** Anything that is not a letter, a combining mark, a digit or white space: punctuation, symbols, emoji. */
const NON_WORD = /[^\p{L}\p{M}\p{N}\s]+/gu;
const SPACES = /\s+/g;
const COMBINING_MARKS = /\p{M}/gu;

/** NFC → lower case → one tone placement (hoà→hòa) → punctuation and emoji to spaces → single spaces. Digits stay. */
export function normalize(text: string): string {
  const lowered = text.normalize('NFC').toLowerCase();
  return canonicalizeTones(lowered.replace(NON_WORD, ' ').replace(SPACES, ' ').trim());
}

/** Folded form of each non-ASCII character seen so far: folding is on every hot path, Unicode decomposition is not cheap. */
const foldedChars = new Map<string, string>();

function foldChar(ch: string): string {
  let folded = foldedChars.get(ch);
  if (folded === undefined) {
    folded = ch === 'đ' ? 'd' : ch === 'Đ' ? 'D' : ch.normalize('NFD').replace(COMBINING_MARKS, '');
    foldedChars.set(ch, folded);
  }
  return folded;
}

/** Removes every diacritic, including đ→d, which Unicode does not decompose. Input should be normalised (NFC). */
export function fold(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) continue;
    out += text.slice(start, i) + foldChar(text[i] as string);
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** True when the word carries any Vietnamese diacritic (tone or vowel mark, or đ). */
export function hasDiacritics(word: string): boolean {
  return fold(word) !== word;
}
