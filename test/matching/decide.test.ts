/** The decision rules on hand-made rankings: what the bot does with scores, independent of how they were computed. */
import type { Entry, MatchingSettings } from '../../src/knowledge/schema';
import { decide, FAMILY_MARGIN, groupFamilies } from '../../src/matching/decide';
import type { ScoredEntry } from '../../src/matching/types';
import { entry } from './fixture';

const settings: MatchingSettings = { answer_threshold: 0.5, answer_margin: 0.1, clarify_threshold: 0.25, max_clarify: 3 };

const scored = (id: string, score: number): ScoredEntry => ({ entry: entry(id, id, [id]) as Entry, score });
const ranked = (...pairs: Array<[string, number]>): ScoredEntry[] => pairs.map(([id, s]) => scored(id, s));
const ids = (list: ScoredEntry[]): string[] => list.map((c) => c.entry.id);

describe('outcomes', () => {
  test.each([
    { description: 'confident and clearly ahead → answer', list: ranked(['a.x', 0.8], ['b.y', 0.3]), outcome: 'answer', choices: ['a.x', 'b.y'] },
    { description: 'confident with no rival at all → answer', list: ranked(['a.x', 0.6]), outcome: 'answer', choices: ['a.x'] },
    { description: 'confident but the runner-up is close → clarify', list: ranked(['a.x', 0.7], ['b.y', 0.65], ['c.z', 0.1]), outcome: 'clarify', choices: ['a.x', 'b.y'] },
    { description: 'two plausible, neither confident → clarify', list: ranked(['a.x', 0.4], ['b.y', 0.3]), outcome: 'clarify', choices: ['a.x', 'b.y'] },
    { description: 'clarify offers at most max_clarify choices', list: ranked(['a.x', 0.4], ['b.y', 0.39], ['c.z', 0.38], ['d.w', 0.37]), outcome: 'clarify', choices: ['a.x', 'b.y', 'c.z'] },
    { description: 'only one plausible and not confident → fallback', list: ranked(['a.x', 0.4], ['b.y', 0.1]), outcome: 'fallback', choices: ['a.x', 'b.y'] },
    { description: 'nothing plausible → fallback', list: ranked(['a.x', 0.2], ['b.y', 0.1]), outcome: 'fallback', choices: ['a.x', 'b.y'] },
    { description: 'nothing matched → fallback', list: ranked(), outcome: 'fallback', choices: [] },
  ])('$description', ({ list, outcome, choices }) => {
    const d = decide(list, settings);
    expect(d.outcome).toBe(outcome);
    expect(ids(d.candidates)).toEqual(choices);
  });

  test('the margin is measured against the runner-up, at the boundary too', () => {
    expect(decide(ranked(['a.x', 0.6], ['b.y', 0.5]), settings).outcome).toBe('answer');
    expect(decide(ranked(['a.x', 0.6], ['b.y', 0.51]), settings).outcome).toBe('clarify');
  });
});

describe('families never compete', () => {
  test('a sub-entry close behind its parent does not make the answer ambiguous', () => {
    const d = decide(ranked(['can-cuoc.tre-em', 0.7], ['can-cuoc.tre-em.duoi-6', 0.68], ['vneid.x', 0.2]), settings);
    expect(d.outcome).toBe('answer');
    expect(ids(d.candidates)).toEqual(['can-cuoc.tre-em', 'vneid.x']);
  });

  test('a generic question (parent practically level with its sub-entry) is answered by the parent, with the best score', () => {
    const d = decide(ranked(['can-cuoc.tre-em.duoi-6', 0.7], ['can-cuoc.tre-em', 0.7 - FAMILY_MARGIN / 2], ['vneid.x', 0.2]), settings);
    expect(d.outcome).toBe('answer');
    expect(d.candidates[0]?.entry.id).toBe('can-cuoc.tre-em');
    expect(d.candidates[0]?.score).toBe(0.7);
  });

  test.each([0.5, 0.75])('a specific question (sub-entry ahead of its parent at %s) is answered by the sub-entry', (parent) => {
    const d = decide(ranked(['can-cuoc.tre-em.duoi-6', 0.8], ['can-cuoc.tre-em', parent]), settings);
    expect(d.outcome).toBe('answer');
    expect(ids(d.candidates)).toEqual(['can-cuoc.tre-em.duoi-6']);
  });

  test('two close siblings whose parent trails are a real choice', () => {
    const d = decide(ranked(['a.p.one', 0.6], ['a.p.two', 0.58], ['a.p', 0.3]), settings);
    expect(d.outcome).toBe('clarify');
    expect(ids(d.candidates)).toEqual(['a.p.one', 'a.p.two']);
  });

  test('entries of one group that are not parent and child are not a family', () => {
    expect(ids(groupFamilies(ranked(['vneid.quen-mat-khau', 0.6], ['vneid.quen-passcode', 0.55]), 0.1))).toEqual([
      'vneid.quen-mat-khau',
      'vneid.quen-passcode',
    ]);
  });

  test('a longer id that merely starts with the same letters is not a sub-entry', () => {
    expect(ids(groupFamilies(ranked(['a.tam-tru', 0.6], ['a.tam-tru-2', 0.59]), 0.1))).toEqual(['a.tam-tru', 'a.tam-tru-2']);
  });
});
