/**
 * Holds the checker to its targets on test/eval/scam-messages.yaml and prints the figures (reported in the README):
 * every scam high or medium, at least 90% of scams high, no legitimate message high, at most 10% of them medium.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ScamChecker } from '../../src/scam/checker';
import type { Risk } from '../../src/scam/types';
import { repoChecker } from './loadChecker';

const EvalMessageSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['scam', 'legit']),
    expect: z.enum(['high', 'medium', 'low']),
    channel: z.string().optional(),
    text: z.string().min(1),
  })
  .strict();
const EvalFileSchema = z.object({ messages: z.array(EvalMessageSchema) }).strict();
type EvalMessage = z.infer<typeof EvalMessageSchema>;

const EVAL_FILE = path.resolve(__dirname, '../eval/scam-messages.yaml');
const messages: EvalMessage[] = EvalFileSchema.parse(parse(readFileSync(EVAL_FILE, 'utf8'))).messages;
const scams = messages.filter((m) => m.kind === 'scam');
const legit = messages.filter((m) => m.kind === 'legit');

let checker: ScamChecker;
const rated = new Map<string, Risk>();

beforeAll(async () => {
  checker = await repoChecker();
  for (const m of messages) rated.set(m.id, checker.check(m.text).risk);
  const count = (list: EvalMessage[], risk: Risk): number => list.filter((m) => rated.get(m.id) === risk).length;
  const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
  const mismatches = messages.filter((m) => rated.get(m.id) !== m.expect).map((m) => `  ${m.id} (${m.kind}): expected ${m.expect}, got ${rated.get(m.id)}`);
  console.log(
    [
      `Scam checker on ${path.relative(process.cwd(), EVAL_FILE)}: ${messages.length} messages`,
      `  scams: ${scams.length} — high ${count(scams, 'high')} (${pct(count(scams, 'high'), scams.length)}), medium ${count(scams, 'medium')}, low ${count(scams, 'low')}`,
      `  legitimate: ${legit.length} — low ${count(legit, 'low')}, medium ${count(legit, 'medium')} (${pct(count(legit, 'medium'), legit.length)}), high ${count(legit, 'high')}`,
      mismatches.length ? `Different from the expected level:\n${mismatches.join('\n')}` : 'Every message rated at its expected level.',
    ].join('\n'),
  );
});

describe('the evaluation set', () => {
  test('is large and varied enough to mean something', () => {
    expect(messages.length).toBeGreaterThanOrEqual(80);
    expect(legit.length).toBeGreaterThanOrEqual(30);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    for (const m of legit) expect(m.expect).toBe('low');
  });
});

describe('scam checker on the evaluation set', () => {
  test('rates every scam high or medium', () => {
    const missed = scams.filter((m) => rated.get(m.id) === 'low').map((m) => m.id);
    expect(missed).toEqual([]);
  });

  test('rates at least 90% of scams high', () => {
    const high = scams.filter((m) => rated.get(m.id) === 'high').length;
    expect(high / scams.length).toBeGreaterThanOrEqual(0.9);
  });

  test('never rates a legitimate message high', () => {
    const flagged = legit.filter((m) => rated.get(m.id) === 'high').map((m) => m.id);
    expect(flagged).toEqual([]);
  });

  test('rates at most 10% of legitimate messages medium', () => {
    const medium = legit.filter((m) => rated.get(m.id) === 'medium').length;
    expect(medium / legit.length).toBeLessThanOrEqual(0.1);
  });
});
