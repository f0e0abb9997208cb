/**
 * Typo tolerance on the vocabulary, not on the documents: a folded syllable the knowledge base has never seen
 * ("cuowc", "tamm", "kich hoatt") is looked up with fuse.js among known syllables of similar length, and syllables
 * typed without a space ("tamtru", "matkhau") are split where both halves and their bigram are known.
 * fuse.js cost grows with pattern length × number of items, so it only ever sees one short syllable against a
 * bucket of the vocabulary — known syllables with the same first letter and a similar length (tens to a few hundred
 * strings) — and only for unknown syllables. Thumbs rarely miss the first letter; searching the whole vocabulary
 * instead cost 1–2 ms per unknown syllable on the shipped knowledge and pushed p99 past 1 ms.
 */
import Fuse from 'fuse.js';
import { BIGRAM_JOINER } from '../text/analyzer';

export interface Correction {
  /** Replacement folded syllables (one for a typo, two for a split). */
  syllables: string[];
  /** 0..1: how much to trust the correction (1 − fuse score for typos). */
  confidence: number;
}

/** Shorter syllables are too ambiguous to correct ("ct" could be a dozen words). */
const MIN_TYPO_LENGTH = 3;
const LENGTH_SLACK = 1;
const HAS_DIGIT = /\d/;

export interface TypoCorrectorOptions {
  /** fuse.js threshold: 0 exact … 1 anything. */
  threshold: number;
  /** Confidence given to a split of a run-together pair whose bigram is known. */
  splitConfidence: number;
}

export class TypoCorrector {
  /** One fuse index per (first letter, length L), over known syllables with that first letter and length L ± slack. */
  private readonly buckets = new Map<string, Fuse<string>>();

  constructor(
    private readonly isKnown: (folded: string) => boolean,
    private readonly isKnownBigram: (a: string, b: string) => boolean,
    vocabulary: Iterable<string>,
    private readonly options: TypoCorrectorOptions,
  ) {
    const words = new Map<string, string[]>();
    for (const word of vocabulary) {
      if (word.length < MIN_TYPO_LENGTH - LENGTH_SLACK || HAS_DIGIT.test(word)) continue;
      for (let len = Math.max(MIN_TYPO_LENGTH, word.length - LENGTH_SLACK); len <= word.length + LENGTH_SLACK; len++) {
        const key = bucketKey(word, len);
        const bucket = words.get(key) ?? [];
        bucket.push(word);
        words.set(key, bucket);
      }
    }
    const fuseOptions = { includeScore: true, isCaseSensitive: true, ignoreLocation: true, threshold: options.threshold };
    for (const [key, list] of words) this.buckets.set(key, new Fuse(list.sort(), fuseOptions));
  }

  /** A correction for an unknown folded syllable, or undefined when none is close enough. */
  correct(syllable: string): Correction | undefined {
    if (syllable.length < MIN_TYPO_LENGTH || HAS_DIGIT.test(syllable) || syllable.includes(BIGRAM_JOINER)) return undefined;
    return this.split(syllable) ?? this.nearest(syllable);
  }

  private split(word: string): Correction | undefined {
    for (let cut = 1; cut < word.length; cut++) {
      const left = word.slice(0, cut);
      const right = word.slice(cut);
      if (this.isKnown(left) && this.isKnown(right) && this.isKnownBigram(left, right)) {
        return { syllables: [left, right], confidence: this.options.splitConfidence };
      }
    }
    return undefined;
  }

  private nearest(word: string): Correction | undefined {
    const fuse = this.buckets.get(bucketKey(word, word.length));
    const best = fuse?.search(word, { limit: 1 })[0];
    if (!best || best.score === undefined) return undefined;
    return { syllables: [best.item], confidence: 1 - best.score };
  }
}

function bucketKey(word: string, length: number): string {
  return `${word[0]}${length}`;
}
