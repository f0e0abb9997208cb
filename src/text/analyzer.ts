/**
 * Turns any text (a citizen's message or a trainer's example question) into the terms the matcher indexes:
 * syllables and syllable bigrams, each in an accented and a diacritic-folded form. Vietnamese words span
 * syllables ("tạm trú", "căn cước"), so bigrams carry most of the meaning; the folded form lets
 * "lam can cuoc o dau" meet "làm căn cước ở đâu", while the accented form remains the stronger evidence.
 */
import AggressiveTokenizerVi from 'natural/lib/natural/tokenizers/aggressive_tokenizer_vi';
import { bigrams } from 'natural/lib/natural/ngrams/ngrams';
import type { Synonyms } from '../knowledge/schema';
import { fold, normalize } from './normalize';
import type { Syllable } from './syllable';
import { SynonymExpander } from './synonyms';
import { BIGRAM_JOINER, Vocabulary } from './vocabulary';

export { BIGRAM_JOINER } from './vocabulary';

export interface Analysis {
  /** Accented syllables after abbreviation/synonym expansion, stop words removed. */
  tokens: string[];
  /** `tokens`, folded (đ→d, no diacritics), position for position. */
  folded: string[];
}

export interface Terms {
  accented: string[];
  folded: string[];
}

/**
 * {@link Terms} as ids in the analyzer's vocabulary (see {@link TextAnalyzer.termText}): the first `length` places
 * of `accented` and `folded`. Reusable: an index builder fills one for millions of texts without allocating.
 */
export class TermIds {
  accented = new Uint32Array(64);
  folded = new Uint32Array(64);
  length = 0;

  /** Empties it, with room for `length` terms. */
  reset(length: number): void {
    if (length > this.accented.length) {
      const room = Math.max(length, this.accented.length * 2);
      this.accented = new Uint32Array(room);
      this.folded = new Uint32Array(room);
    }
    this.length = length;
  }

  /** A copy that keeps only what is used. */
  copy(): TermIds {
    const copy = new TermIds();
    copy.accented = this.accented.slice(0, this.length);
    copy.folded = this.folded.slice(0, this.length);
    copy.length = this.length;
    return copy;
  }
}

// natural's tokenizer keeps no state between calls, unlike its TfIdf's global tokenizer setting.
const tokenizer = new AggressiveTokenizerVi();

/**
 * Normalisation and tokenisation never look across white space (NFC composes a letter with the marks that follow
 * it; lower-casing and tone placement work per syllable), so a text's syllables are its words' syllables one after
 * the other, and each distinct word of the knowledge base is worked out once.
 */
function isWhiteSpace(code: number): boolean {
  // Exactly the characters of the regular-expression class \s.
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

export class TextAnalyzer {
  private readonly stopwords: ReadonlySet<string>;
  private readonly expander: SynonymExpander;
  private readonly vocabulary = new Vocabulary();
  /** The knowledge base's words and their syllables; only {@link indexTerms} adds to it (see Vocabulary). */
  private readonly words = new Map<string, readonly Syllable[]>();
  /**
   * Scratch lists reused by every call (analysis is synchronous and never re-entered), filled up to a count and
   * never shortened: indexing 20,000 entries would otherwise make throw-away arrays per text for the garbage
   * collector.
   */
  private readonly typed: Syllable[] = [];
  private readonly indexed: Syllable[] = [];
  private indexedCount = 0;
  private readonly collectIndexed = (s: Syllable): void => {
    this.indexed[this.indexedCount++] = s;
  };

  constructor(synonyms: Synonyms) {
    this.stopwords = new Set(synonyms.stopwords.map((w) => normalize(w)));
    this.expander = new SynonymExpander(synonyms, (text) => this.syllable(text, true));
  }

  analyze(text: string): Analysis {
    const analysis: Analysis = { tokens: [], folded: [] };
    this.expand(text, false, (s) => {
      analysis.tokens.push(s.text);
      analysis.folded.push(s.folded);
    });
    return analysis;
  }

  /** Unigrams followed by bigrams (`căn_cước`), for both the accented and the folded tokens. */
  terms(analysis: Analysis): Terms {
    return { accented: withBigrams(analysis.tokens), folded: withBigrams(analysis.folded) };
  }

  /**
   * The terms of a knowledge-base text, `terms(analyze(text))` in the same order, as vocabulary ids: what an index
   * builder counts. Its words are remembered, so the next text that uses them costs a lookup. The ids are written
   * into `out` (emptied first) when given: an index builder reuses one pair of lists for millions of texts.
   */
  indexTerms(text: string, out: TermIds = new TermIds()): TermIds {
    this.indexedCount = 0;
    this.expand(text, true, this.collectIndexed);
    const syllables = this.indexed;
    const n = this.indexedCount;
    out.reset(Math.max(0, 2 * n - 1));
    const { accented, folded } = out;
    for (let i = 0; i < n; i++) {
      accented[i] = syllables[i]!.id;
      folded[i] = syllables[i]!.foldedId;
    }
    for (let i = 1; i < n; i++) {
      const first = syllables[i - 1]!;
      const second = syllables[i]!;
      accented[n + i - 1] = this.vocabulary.bigram(first.id, second.id);
      folded[n + i - 1] = this.vocabulary.bigram(first.foldedId, second.foldedId);
    }
    return out;
  }

  /** The term an id of {@link indexTerms} stands for. */
  termText(id: number): string {
    return this.vocabulary.text(id);
  }

  /** The text's syllables after synonym expansion, stop words left out. */
  private expand(text: string, learn: boolean, emit: (syllable: Syllable) => void): void {
    const typed = this.typed;
    let count = 0;
    // Words are cut by hand rather than with split(/\s+/): no throw-away array per text.
    for (let start = 0, i = 0; i <= text.length; i++) {
      if (i < text.length && !isWhiteSpace(text.charCodeAt(i))) continue;
      if (i > start) {
        const syllables = this.syllablesOf(text.slice(start, i), learn);
        for (let k = 0; k < syllables.length; k++) typed[count++] = syllables[k]!;
      }
      start = i + 1;
    }
    this.expander.expand(typed, count, emit);
  }

  /** One white-space-free word: normalised (NFC, lower case, tone placement, no punctuation), split, folded. */
  private syllablesOf(word: string, learn: boolean): readonly Syllable[] {
    const known = this.words.get(word);
    if (known) return known;
    // natural's Vietnamese tokenizer only knows precomposed letters: `normalize` makes the word NFC first.
    const tokens: string[] = word ? tokenizer.tokenize(normalize(word)) : [];
    const syllables = tokens.map((t) => this.syllable(t, learn, this.expander));
    // A citizen's words are not remembered: the memory stays bounded by the knowledge base and keeps nothing of them.
    if (learn) this.words.set(word, syllables);
    return syllables;
  }

  /** `expander` is absent while the expander itself is being built (its replacements start no rule). */
  private syllable(text: string, learn: boolean, expander?: SynonymExpander): Syllable {
    const folded = fold(text);
    return {
      text,
      folded,
      id: learn ? this.vocabulary.id(text) : -1,
      foldedId: learn ? this.vocabulary.id(folded) : -1,
      stop: this.stopwords.has(text),
      startsRule: expander?.startsRule(text, folded) ?? false,
    };
  }
}

function withBigrams(tokens: string[]): string[] {
  const pairs = tokens.length > 1 ? (bigrams(tokens) as string[][]) : [];
  return [...tokens, ...pairs.map((p) => p.join(BIGRAM_JOINER))];
}
