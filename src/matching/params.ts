/**
 * Ranking knobs: engineering constants chosen by measurement (`donghanh kb eval`, leave-one-out and the evaluation
 * set), unlike the answer/clarify thresholds, which trainers may move in knowledge/settings.yaml.
 */
import type { FieldSpec } from './bm25';
import type { TypoCorrectorOptions } from './typoCorrector';

export const ENTRY_FIELDS = ['questions', 'title', 'keywords', 'answer'] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** The knowledge group whose entries answer courtesy (greetings, thanks, "who are you"), not a subject. */
export const SMALL_TALK_GROUP = 'chung';

export interface RankingParams {
  k1: number;
  fields: Record<EntryField, FieldSpec>;
  /** How many entries the BM25 stage hands to the phrase re-ranking. */
  shortlist: number;
  /**
   * How much an entry loses when the question mentions none of its identifying phrases (keywords, title): the BM25
   * share is multiplied by (1 − w + w × phrase share). Measured: +5 points of leave-one-out top-1. Adding the phrase
   * share instead of multiplying raised false answers on out-of-scope questions from 7% to 19%.
   */
  phraseWeight: number;
  /** Whether the title counts as one more identifying phrase. */
  titleAsPhrase: boolean;
  /** Extra weight of a match on the accented form, on top of the folded match it always implies. */
  accentedWeight: number;
  /** Weight of a syllable bigram relative to a single syllable. */
  bigramWeight: number;
  /**
   * What a syllable the knowledge base never uses costs, as a multiple of the rarest idf. It only calibrates scores
   * (every entry of one question pays it alike): "quên mật khẩu wifi" must score lower than "quên mật khẩu VNeID".
   * Measured: 1.5 let the thresholds answer 51% of leave-one-out questions right (against 43% at 0.5) with false
   * answers on out-of-scope cases at 5%.
   */
  unknownSyllableCost: number;
  /** The same for an unknown bigram (two known syllables never seen side by side cost less). */
  unknownBigramCost: number;
  typo: TypoCorrectorOptions & {
    /** Weight of a corrected syllable's evidence relative to one typed correctly. */
    weight: number;
  };
}

export const DEFAULT_RANKING: RankingParams = {
  k1: 1.2,
  fields: {
    questions: { weight: 1, b: 0.5 },
    title: { weight: 1, b: 0.3 },
    keywords: { weight: 1, b: 0.3 },
    answer: { weight: 0.3, b: 0.75 },
  },
  shortlist: 30,
  phraseWeight: 0.25,
  titleAsPhrase: true,
  accentedWeight: 0.5,
  bigramWeight: 0.5,
  unknownSyllableCost: 1.5,
  unknownBigramCost: 0.2,
  typo: { threshold: 0.3, splitConfidence: 0.9, weight: 0.8 },
};
