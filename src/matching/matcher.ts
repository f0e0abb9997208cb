/**
 * The matcher the bot, the CLI and the evaluation use: rank with {@link LexicalRanker}, then decide with the
 * trainers' thresholds. Building it analyses every entry once; matching a question is a lookup in memory.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { TextAnalyzer } from '../text/analyzer';
import { decide } from './decide';
import { LexicalRanker, type TermSource } from './lexicalRanker';
import { DEFAULT_RANKING, type RankingParams } from './params';
import type { Matcher, MatchResult } from './types';

export interface MatcherOptions {
  /** Ranking knobs; the defaults were chosen by measurement. */
  ranking?: RankingParams;
  /** Text pipeline to use instead of a fresh `TextAnalyzer(kb.synonyms)`, e.g. a cached one for repeated builds. */
  analyzer?: TermSource;
}

/** Enough candidates to fill the clarify list even after sub-entries fold into their families. */
const CANDIDATES_PER_CHOICE = 4;

export function createMatcher(kb: KnowledgeBase, options: MatcherOptions = {}): Matcher {
  if (!kb) throw new Error('[createMatcher]: Missing parameter "kb"');
  const analyzer = options.analyzer ?? new TextAnalyzer(kb.synonyms);
  const ranker = LexicalRanker.build(kb.entries, analyzer, options.ranking ?? DEFAULT_RANKING);
  const settings = kb.settings.matching;
  const limit = settings.max_clarify * CANDIDATES_PER_CHOICE;
  return {
    match(question: string): MatchResult {
      const { outcome, candidates } = decide(ranker.rank(question, limit), settings);
      return {
        question,
        outcome,
        entry: outcome === 'answer' ? (candidates[0]?.entry ?? null) : null,
        score: candidates[0]?.score ?? 0,
        candidates,
      };
    },
  };
}
