export { createMatcher, type MatcherOptions } from './matcher';
export { DEFAULT_RANKING, type RankingParams } from './params';
export { isWithin, sameFamily } from './family';
export type { Matcher, MatchOutcome, MatchResult, ScoredEntry } from './types';
