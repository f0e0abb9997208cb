/**
 * The small phrase language trainers write content rules in (knowledge/scam/*.yaml):
 *
 *   words           matched whole, with or without diacritics:      cung cấp mã otp
 *   (a|b c|d)       one of several words or word groups:             (đọc|gửi|báo) mã otp
 *   *               up to four words of anything in between:        chuyển * vào tài khoản
 *   <số>            one number (also inside a group):                phí <số> triệu, (triệu|tr|<số>)
 *
 * (`#` would have been shorter, but in YAML " #" starts a comment and would silently cut the phrase.)
 *
 * A phrase never matches across the end of a sentence. Matching works on tokens (see messageTokens.ts), never on
 * raw regular expressions, so a trainer cannot write a pattern that is slow or that silently matches everything.
 */
import { isMarker, SENTENCE_MARK, sameWord, tokenize, type Token } from './messageTokens';

/** How many words `*` may skip: enough for "chuyển ngay 30 triệu vào", too few to join unrelated sentences. */
export const GAP_MAX_WORDS = 4;

/** A word, or `<số>` for any number. */
type Atom = Token | 'number';

type Element = { kind: 'words'; alternatives: Atom[][] } | { kind: 'gap' };

export interface CompiledPhrase {
  readonly source: string;
  readonly elements: readonly Element[];
}

export interface PhraseMatch {
  /** Index of the first matched token. */
  start: number;
  /** Index just past the last matched token. */
  end: number;
}

export class PhraseSyntaxError extends Error {}

function wordsOf(text: string, phrase: string): Token[] {
  const tokens = tokenize(text);
  if (tokens.some(isMarker)) {
    throw new PhraseSyntaxError(`cụm từ "${phrase}" không được chứa dấu câu (. , ; ! ?); hãy tách thành hai cụm từ`);
  }
  return tokens;
}

const NUMBER_PLACEHOLDER = /<\s*(?:số|so)\s*>/giu;

/** Words and `<số>` placeholders, in order: "phí <số> triệu" → [phí, number, triệu]. */
function atomsOf(text: string, phrase: string): Atom[] {
  const parts = text.normalize('NFC').split(NUMBER_PLACEHOLDER);
  if (parts.some((part) => /[<>#]/.test(part))) {
    throw new PhraseSyntaxError(`cụm từ "${phrase}" có ký hiệu lạ; chỉ dùng (a|b), * và <số>`);
  }
  return parts.flatMap((part, i): Atom[] => (i === 0 ? wordsOf(part, phrase) : ['number', ...wordsOf(part, phrase)]));
}

/** Parses a trainer's phrase; throws `PhraseSyntaxError` with a Vietnamese explanation when it is malformed. */
export function compilePhrase(source: string): CompiledPhrase {
  const elements: Element[] = [];
  const pushWords = (text: string): void => {
    for (const atom of atomsOf(text, source)) elements.push({ kind: 'words', alternatives: [[atom]] });
  };
  let i = 0;
  let pending = '';
  const flush = (): void => {
    if (pending.trim()) pushWords(pending);
    pending = '';
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '(') {
      flush();
      const close = source.indexOf(')', i);
      if (close < 0) throw new PhraseSyntaxError(`cụm từ "${source}" thiếu dấu ngoặc đóng ")"`);
      const inside = source.slice(i + 1, close);
      if (inside.includes('(')) throw new PhraseSyntaxError(`cụm từ "${source}" có ngoặc lồng nhau; chỉ dùng một cấp ngoặc`);
      const alternatives = inside.split('|').map((alt) => alt.trim());
      if (alternatives.length < 2 || alternatives.some((alt) => !alt)) {
        throw new PhraseSyntaxError(`nhóm "(${inside})" cần ít nhất hai lựa chọn, ngăn cách bằng "|", không để trống lựa chọn nào`);
      }
      if (alternatives.some((alt) => alt.includes('*'))) {
        throw new PhraseSyntaxError(`không dùng "*" bên trong ngoặc: "(${inside})"`);
      }
      elements.push({ kind: 'words', alternatives: alternatives.map((alt) => atomsOf(alt, source)) });
      i = close + 1;
    } else if (ch === ')' || ch === '|') {
      throw new PhraseSyntaxError(`cụm từ "${source}" có dấu "${ch}" nằm ngoài ngoặc`);
    } else if (ch === '*') {
      flush();
      elements.push({ kind: 'gap' });
      i++;
    } else {
      pending += ch;
      i++;
    }
  }
  flush();
  if (elements.length === 0) throw new PhraseSyntaxError('cụm từ trống');
  if (elements[0]!.kind === 'gap' || elements[elements.length - 1]!.kind === 'gap') {
    throw new PhraseSyntaxError(`cụm từ "${source}" không được bắt đầu hay kết thúc bằng "*"`);
  }
  const hasWord = elements.some((e) => e.kind === 'words' && e.alternatives.every((alt) => alt.some((a) => a !== 'number')));
  if (!hasWord) throw new PhraseSyntaxError(`cụm từ "${source}" cần ít nhất một từ`);
  return { source, elements };
}

/** The explanation of what is wrong with a phrase, or null when it compiles. */
export function phraseSyntaxError(source: string): string | null {
  try {
    compilePhrase(source);
    return null;
  } catch (err) {
    if (err instanceof PhraseSyntaxError) return err.message;
    throw err;
  }
}

const NUMBER = /^\p{N}+$/u;

function matchAtoms(tokens: readonly Token[], at: number, atoms: readonly Atom[]): number {
  for (let k = 0; k < atoms.length; k++) {
    const token = tokens[at + k];
    const atom = atoms[k]!;
    if (!token || !(atom === 'number' ? NUMBER.test(token.text) : sameWord(token, atom))) return -1;
  }
  return at + atoms.length;
}

/** Where the elements from `ei` on match starting at token `ti`; -1 when they do not. Shortest gaps first. */
function matchFrom(tokens: readonly Token[], elements: readonly Element[], ei: number, ti: number): number {
  if (ei === elements.length) return ti;
  const element = elements[ei]!;
  if (element.kind === 'gap') {
    for (let skip = 0; skip <= GAP_MAX_WORDS; skip++) {
      const skipped = tokens.slice(ti, ti + skip);
      if (skipped.length < skip || skipped.some((t) => t.text === SENTENCE_MARK)) return -1;
      const end = matchFrom(tokens, elements, ei + 1, ti + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const atoms of element.alternatives) {
    const next = matchAtoms(tokens, ti, atoms);
    if (next < 0) continue;
    const end = matchFrom(tokens, elements, ei + 1, next);
    if (end >= 0) return end;
  }
  return -1;
}

/** Every place the phrase matches, left to right, not overlapping. */
export function findMatches(phrase: CompiledPhrase, tokens: readonly Token[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (let start = 0; start < tokens.length; start++) {
    const end = matchFrom(tokens, phrase.elements, 0, start);
    if (end > start) {
      matches.push({ start, end });
      start = end - 1;
    }
  }
  return matches;
}
