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
import { SynonymExpander } from './synonyms';

export interface Analysis {
  /** The normalised text, before synonym expansion. */
  normalized: string;
  /** Accented syllables after abbreviation/synonym expansion, stop words removed. */
  tokens: string[];
  /** `tokens`, folded (đ→d, no diacritics), position for position. */
  folded: string[];
}

export interface Terms {
  accented: string[];
  folded: string[];
}

/** Joins the two syllables of a bigram; never produced by normalisation, so it cannot collide with a syllable. */
export const BIGRAM_JOINER = '_';

// natural's tokenizer keeps no state between calls, unlike its TfIdf's global tokenizer setting.
const tokenizer = new AggressiveTokenizerVi();

export class TextAnalyzer {
  private readonly expander: SynonymExpander;
  private readonly stopwords: ReadonlySet<string>;

  constructor(synonyms: Synonyms) {
    this.expander = new SynonymExpander(synonyms);
    this.stopwords = new Set(synonyms.stopwords.map((w) => normalize(w)));
  }

  analyze(text: string): Analysis {
    const normalized = normalize(text);
    // natural's Vietnamese tokenizer only knows precomposed letters: `normalize` has already made the text NFC.
    const syllables = tokenizer.tokenize(normalized);
    const tokens = this.expander.expand(syllables).filter((t) => !this.stopwords.has(t));
    return { normalized, tokens, folded: tokens.map(fold) };
  }

  /** Unigrams followed by bigrams (`căn_cước`), for both the accented and the folded tokens. */
  terms(analysis: Analysis): Terms {
    return { accented: withBigrams(analysis.tokens), folded: withBigrams(analysis.folded) };
  }
}

function withBigrams(tokens: string[]): string[] {
  const pairs = tokens.length > 1 ? (bigrams(tokens) as string[][]) : [];
  return [...tokens, ...pairs.map((p) => p.join(BIGRAM_JOINER))];
}
