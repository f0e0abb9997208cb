/**
 * Holds the shipped knowledge base to its promises: it validates, it covers every catalogue topic, every entry is
 * sourced and phrased many ways, and the matcher meets its accuracy targets on the held-out evaluation set.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readCases } from '../../src/cli/commands/kbEval';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { loadKnowledge } from '../../src/knowledge/loader';
import { createMatcher } from '../../src/matching';
import { evaluateCases, OUT_OF_SCOPE, type EvalCase } from '../../src/matching/evaluation';
import { normalize } from '../../src/text/normalize';

const ROOT = path.join(__dirname, '../..');
const catalogue = YAML.parse(fs.readFileSync(path.join(__dirname, '../fixtures/catalogue/topics.yaml'), 'utf8')) as {
  topics: { id: string }[];
};

let kb: KnowledgeBase;
let cases: EvalCase[];

beforeAll(async () => {
  const result = await loadKnowledge(path.join(ROOT, 'knowledge'));
  if (!result.ok) throw new Error(`knowledge/ does not validate:\n${result.problems.map((p) => p.message).join('\n')}`);
  kb = result.knowledge;
  cases = await readCases(path.join(ROOT, 'test/eval/questions.yaml'));
});

describe('shipped knowledge base', () => {
  test('covers every catalogue id (as an entry or the parent of sub-entries)', () => {
    const ids = kb.entries.map((e) => e.id);
    const missing = catalogue.topics
      .map((t) => t.id)
      .filter((id) => !ids.some((e) => e === id || e.startsWith(`${id}.`)));
    expect(missing).toEqual([]);
  });

  test('every entry has at least 8 example questions, a source and a review date', () => {
    const thin = kb.entries.filter((e) => e.questions.length < 8).map((e) => e.id);
    expect(thin).toEqual([]);
    for (const e of kb.entries) {
      expect(e.source.title.length).toBeGreaterThan(0);
      expect(e.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test('fraud entries say what to do, where to report and the rule; scam kinds also how it goes and its signs', () => {
    // General guidance (after being scammed, recognising scams, protecting data) describes no single scam.
    const guidance = new Set(['lua-dao.da-bi-lua', 'lua-dao.nhan-biet', 'lua-dao.bao-ve-thong-tin']);
    const fraud = kb.entries.filter((e) => e.group === 'lua-dao' && e.id.split('.').length === 2);
    expect(fraud.filter((e) => !e.steps?.length || !e.report?.length || !e.rule).map((e) => e.id)).toEqual([]);
    const scamKinds = fraud.filter((e) => !guidance.has(e.id));
    expect(scamKinds.length).toBeGreaterThanOrEqual(15);
    expect(scamKinds.filter((e) => !e.scenario || !e.signs?.length).map((e) => e.id)).toEqual([]);
  });
});

describe('how citizens name things', () => {
  test.each([
    'căn cước của con nít dùng được mấy năm',
    'the can cuoc con nit het han khi nao',
    'thẻ căn cước trẻ con hết hạn lúc nào',
    'con nít có phải lấy vân tay không',
  ])('"con nít" and "trẻ con" are children (knowledge/synonyms.yaml): %s', (q) => {
    expect(createMatcher(kb).match(q).candidates[0]?.entry.id).toBe('can-cuoc.tre-em');
  });
});

describe('held-out evaluation set (test/eval/questions.yaml)', () => {
  test('has at least 200 in-scope and 40 out-of-scope cases, none copied from the entries', () => {
    const inScope = cases.filter((c) => c.expect !== OUT_OF_SCOPE);
    expect(inScope.length).toBeGreaterThanOrEqual(200);
    expect(cases.length - inScope.length).toBeGreaterThanOrEqual(40);
    const examples = new Set(kb.entries.flatMap((e) => e.questions.map(normalize)));
    expect(cases.filter((c) => examples.has(normalize(c.q))).map((c) => c.q)).toEqual([]);
  });

  test('every expected id exists', () => {
    const ids = new Set(kb.entries.map((e) => e.id));
    expect(cases.filter((c) => c.expect !== OUT_OF_SCOPE && !ids.has(c.expect)).map((c) => c.expect)).toEqual([]);
  });

  test('meets the accuracy targets: top-1 ≥ 90%, wrong confident answers ≤ 3%, out-of-scope answered ≤ 10%', () => {
    const report = evaluateCases(createMatcher(kb), cases);
    process.stderr.write(
      `kb eval: top-1 ${(report.top1Accuracy * 100).toFixed(1)}%, answered right ${(report.answeredCorrectly * 100).toFixed(1)}%, ` +
        `wrong ${(report.wrongAnswerRate * 100).toFixed(1)}%, out-of-scope answered ${(report.falseAnswerRate * 100).toFixed(1)}%\n`,
    );
    expect(report.top1Accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.wrongAnswerRate).toBeLessThanOrEqual(0.03);
    expect(report.falseAnswerRate).toBeLessThanOrEqual(0.1);
  });
});
