/**
 * A `Matcher` that answers from a script: each question maps to an outcome and entry ids. Bot tests use it so they
 * test the conversation, not the ranking; anything unscripted is a fallback, as an unknown question would be.
 */
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Matcher, MatchResult } from '../../src/matching/types';

export type Script = Record<string, { outcome: 'answer' | 'clarify'; ids: string[] }>;

export function scriptedMatcher(kb: KnowledgeBase, script: Script): Matcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    match(question: string): MatchResult {
      asked.push(question);
      const line = script[question];
      if (!line) return { question, outcome: 'fallback', entry: null, score: 0, candidates: [] };
      const candidates = line.ids.map((id, i) => {
        const entry = kb.byId.get(id);
        if (!entry) throw new Error(`scriptedMatcher: no entry ${id}`);
        return { entry, score: 0.9 - i * 0.1 };
      });
      return {
        question,
        outcome: line.outcome,
        entry: line.outcome === 'answer' ? candidates[0]!.entry : null,
        score: candidates[0]?.score ?? 0,
        candidates,
      };
    },
  };
}
