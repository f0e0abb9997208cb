/** The matcher's own small knowledge base (test/fixtures/matching), loaded by the real loader so it stays valid. */
import path from 'node:path';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { formatProblem } from '../../src/knowledge/knowledgeBase';
import { loadKnowledge } from '../../src/knowledge/loader';
import type { Entry } from '../../src/knowledge/schema';

export const FIXTURE_DIR = path.resolve(__dirname, '..', 'fixtures', 'matching', 'knowledge');

export async function loadFixture(): Promise<KnowledgeBase> {
  const result = await loadKnowledge(FIXTURE_DIR);
  if (!result.ok) throw new Error(`fixture knowledge is invalid:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.knowledge;
}

/** A knowledge base built in code, for behaviour that needs entries the fixture folder does not have. */
export function knowledgeOf(base: KnowledgeBase, entries: Entry[]): KnowledgeBase {
  return { ...base, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}

export function entry(id: string, title: string, questions: string[], extra: Partial<Entry> = {}): Entry {
  return {
    id,
    group: id.split('.')[0]!,
    title,
    questions,
    answer: `${title}: xem hướng dẫn.`,
    source: { title: 'Nguồn thử nghiệm' },
    reviewed: '2026-11-27',
    ...extra,
  };
}
