/**
 * Measures the matcher the way a citizen would feel it: is the best candidate the right entry, how often does the
 * bot answer wrongly with confidence, how often does it ask back, and does it stay quiet on questions it cannot
 * answer. Used by `donghanh kb eval` and by the tests that hold the shipped knowledge to its targets.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { TextAnalyzer } from '../text/analyzer';
import { CachingAnalyzer } from './cachingAnalyzer';
import { isWithin } from './family';
import { createMatcher, type MatcherOptions } from './matcher';
import type { Matcher, MatchOutcome } from './types';

/** `expect` is an entry id, or `none` for a question the knowledge base must not answer. */
export interface EvalCase {
  q: string;
  expect: string;
  /** Where the case came from (file name), for reports. */
  origin?: string;
}

export const OUT_OF_SCOPE = 'none';

export interface CaseResult {
  q: string;
  expect: string;
  outcome: MatchOutcome;
  /** The best candidate (rank 1) whatever the outcome; null when nothing matched at all. */
  top: string | null;
  score: number;
  candidates: string[];
  /** In scope: rank 1 is `expect` or a sub-entry of it. Out of scope: the bot did not answer. */
  correct: boolean;
}

export interface Confusion {
  expect: string;
  got: string;
  count: number;
  example: string;
}

export interface EvalReport {
  cases: number;
  inScope: number;
  outOfScope: number;
  /** In scope: rank-1 candidate right. */
  top1Accuracy: number;
  /** In scope: answered, and with the right entry. */
  answeredCorrectly: number;
  /** In scope: asked back. */
  clarifyRate: number;
  /** In scope: the right entry was among the choices offered when the bot asked back. */
  clarifyContainsRight: number;
  /** In scope: answered with confidence, but the wrong entry. */
  wrongAnswerRate: number;
  /** In scope: the bot gave up. */
  fallbackRate: number;
  /** Out of scope: answered anyway (lower is better). */
  falseAnswerRate: number;
  /** Out of scope: asked back with choices that cannot fit. */
  outOfScopeClarifyRate: number;
  confusions: Confusion[];
  results: CaseResult[];
}

export type Progress = (done: number, total: number) => void;

export function runCase(matcher: Matcher, c: EvalCase): CaseResult {
  const r = matcher.match(c.q);
  const top = r.candidates[0]?.entry.id ?? null;
  const correct = c.expect === OUT_OF_SCOPE ? r.outcome !== 'answer' : top !== null && isWithin(top, c.expect);
  return { q: c.q, expect: c.expect, outcome: r.outcome, top, score: r.score, candidates: r.candidates.map((x) => x.entry.id), correct };
}

export function evaluateCases(matcher: Matcher, cases: readonly EvalCase[], onProgress?: Progress): EvalReport {
  const results = cases.map((c, i) => {
    const r = runCase(matcher, c);
    onProgress?.(i + 1, cases.length);
    return r;
  });
  return summarise(results);
}

/**
 * Leave-one-out over the entries' own example questions: each question is asked of a matcher built without it,
 * so the score says how well the knowledge generalises to a phrasing it has not seen.
 */
export function leaveOneOut(kb: KnowledgeBase, options: MatcherOptions = {}, onProgress?: Progress): EvalReport {
  const analyzer = options.analyzer ?? new CachingAnalyzer(new TextAnalyzer(kb.synonyms));
  const total = kb.entries.reduce((n, e) => n + e.questions.length, 0);
  const results: CaseResult[] = [];
  kb.entries.forEach((entry, e) => {
    entry.questions.forEach((q, i) => {
      const held = { ...entry, questions: entry.questions.filter((_, j) => j !== i) };
      const entries = kb.entries.map((x, k) => (k === e ? held : x));
      const matcher = createMatcher({ ...kb, entries }, { ...options, analyzer });
      results.push(runCase(matcher, { q, expect: entry.id }));
      onProgress?.(results.length, total);
    });
  });
  return summarise(results);
}

const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);

export function summarise(results: readonly CaseResult[]): EvalReport {
  const inScope = results.filter((r) => r.expect !== OUT_OF_SCOPE);
  const outOfScope = results.filter((r) => r.expect === OUT_OF_SCOPE);
  const count = (list: readonly CaseResult[], pred: (r: CaseResult) => boolean): number => list.filter(pred).length;
  const answeredRight = (r: CaseResult): boolean => r.outcome === 'answer' && r.correct;
  const clarified = inScope.filter((r) => r.outcome === 'clarify');
  return {
    cases: results.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    top1Accuracy: share(count(inScope, (r) => r.correct), inScope.length),
    answeredCorrectly: share(count(inScope, answeredRight), inScope.length),
    clarifyRate: share(clarified.length, inScope.length),
    clarifyContainsRight: share(count(clarified, (r) => r.candidates.some((c) => isWithin(c, r.expect))), clarified.length),
    wrongAnswerRate: share(count(inScope, (r) => r.outcome === 'answer' && !r.correct), inScope.length),
    fallbackRate: share(count(inScope, (r) => r.outcome === 'fallback'), inScope.length),
    falseAnswerRate: share(count(outOfScope, (r) => r.outcome === 'answer'), outOfScope.length),
    outOfScopeClarifyRate: share(count(outOfScope, (r) => r.outcome === 'clarify'), outOfScope.length),
    confusions: confusions(results),
    results: [...results],
  };
}

/** Wrong rank-1 entries (and out-of-scope questions answered anyway), most frequent first. */
function confusions(results: readonly CaseResult[]): Confusion[] {
  const byPair = new Map<string, Confusion>();
  for (const r of results) {
    const wrongInScope = r.expect !== OUT_OF_SCOPE && !r.correct;
    const wrongOutOfScope = r.expect === OUT_OF_SCOPE && r.outcome === 'answer';
    if (!wrongInScope && !wrongOutOfScope) continue;
    const got = r.top ?? '(không có)';
    const key = `${r.expect}\u0000${got}`;
    const c = byPair.get(key);
    if (c) c.count++;
    else byPair.set(key, { expect: r.expect, got, count: 1, example: r.q });
  }
  return [...byPair.values()].sort((a, b) => b.count - a.count || a.expect.localeCompare(b.expect) || a.got.localeCompare(b.got));
}
