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

/** Removes every diacritic, including đ→d, which Unicode does not decompose. Input should be normalised. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** True when the word carries any Vietnamese diacritic (tone or vowel mark, or đ). */
export function hasDiacritics(word: string): boolean {
  return fold(word) !== word;
}
