/** The measures `donghanh kb eval` reports, on the fixture knowledge base and hand-made cases. */
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { createMatcher } from '../../src/matching';
import { evaluateCases, leaveOneOut, summarise, type CaseResult } from '../../src/matching/evaluation';
import type { Matcher } from '../../src/matching/types';
import { loadFixture } from './fixture';

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadFixture();
  matcher = createMatcher(kb);
});

const result = (over: Partial<CaseResult>): CaseResult => ({
  q: 'q',
  expect: 'a.b',
  outcome: 'answer',
  top: 'a.b',
  score: 0.5,
  candidates: ['a.b'],
  correct: true,
  ...over,
});

describe('summarise', () => {
  const report = summarise([
    result({}),
    result({ outcome: 'clarify', candidates: ['a.b', 'c.d'] }),
    result({ top: 'c.d', correct: false, candidates: ['c.d'] }),
    result({ outcome: 'fallback', top: null, correct: false, candidates: [] }),
    result({ expect: 'none', outcome: 'answer', top: 'c.d', correct: false }),
    result({ expect: 'none', outcome: 'fallback', top: 'c.d', correct: true }),
  ]);

  test('splits in-scope and out-of-scope cases', () => {
    expect(report).toMatchObject({ cases: 6, inScope: 4, outOfScope: 2 });
  });

  test('rates are shares of the right population', () => {
    expect(report.top1Accuracy).toBeCloseTo(2 / 4);
    expect(report.answeredCorrectly).toBeCloseTo(1 / 4);
    expect(report.clarifyRate).toBeCloseTo(1 / 4);
    expect(report.clarifyContainsRight).toBeCloseTo(1);
    expect(report.wrongAnswerRate).toBeCloseTo(1 / 4);
    expect(report.fallbackRate).toBeCloseTo(1 / 4);
    expect(report.falseAnswerRate).toBeCloseTo(1 / 2);
  });

  test('confusions name what was expected and what came first, most frequent first', () => {
    expect(report.confusions.map((c) => [c.expect, c.got, c.count])).toEqual([
      ['a.b', '(không có)', 1],
      ['a.b', 'c.d', 1],
      ['none', 'c.d', 1],
    ]);
  });

  test('no cases, no division by zero', () => {
    expect(summarise([])).toMatchObject({ cases: 0, top1Accuracy: 0, falseAnswerRate: 0 });
  });
});

describe('evaluateCases', () => {
  test('an answer in a sub-entry of the expected entry counts as right', () => {
    const report = evaluateCases(matcher, [{ q: 'làm căn cước cho bé 2 tuổi qua vneid', expect: 'can-cuoc.tre-em' }]);
    expect(report.results[0]?.top).toBe('can-cuoc.tre-em.duoi-6-tuoi');
    expect(report.top1Accuracy).toBe(1);
  });

  test('an out-of-scope case is right when the bot does not answer it', () => {
    const report = evaluateCases(matcher, [{ q: 'giá vàng hôm nay', expect: 'none' }]);
    expect(report.results[0]?.correct).toBe(true);
    expect(report.falseAnswerRate).toBe(0);
  });

  test('reports progress for every case', () => {
    const seen: Array<[number, number]> = [];
    evaluateCases(matcher, [{ q: 'a', expect: 'none' }, { q: 'b', expect: 'none' }], (done, total) => seen.push([done, total]));
    expect(seen).toEqual([[1, 2], [2, 2]]);
  });
});

describe('leaveOneOut', () => {
  test('asks every example question of a matcher built without it', () => {
    const total = kb.entries.reduce((n, e) => n + e.questions.length, 0);
    const report = leaveOneOut(kb);
    expect(report.cases).toBe(total);
    expect(report.outOfScope).toBe(0);
    const held = report.results.map((r) => r.q).sort();
    expect(held).toEqual(kb.entries.flatMap((e) => e.questions).sort());
  });

  test('an entry whose only phrasing is held out cannot be found by that phrasing', () => {
    const lonely = { ...kb.entries[0]!, id: 'zz.duy-nhat', group: 'zz', title: 'Mục thử', keywords: [], questions: ['xyzzy plugh'] };
    const report = leaveOneOut({ ...kb, entries: [...kb.entries, lonely] });
    const r = report.results.find((x) => x.q === 'xyzzy plugh');
    expect(r?.top).not.toBe('zz.duy-nhat');
  });
});
