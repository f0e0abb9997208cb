/** Test helper: the checker built from the repository's own rules (knowledge/scam), loaded once per test file. */
import path from 'node:path';
import { formatProblem } from '../../src/knowledge/knowledgeBase';
import { compileRules, type CompiledRules } from '../../src/scam/compileRules';
import { ScamChecker, type ScamCheckerOptions } from '../../src/scam/checker';
import { loadScamRules } from '../../src/scam/loadRules';

export const KNOWLEDGE_DIR = path.resolve(__dirname, '../../knowledge');

let cached: CompiledRules | undefined;

export async function repoRules(): Promise<CompiledRules> {
  if (cached) return cached;
  const loaded = await loadScamRules(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error(`knowledge/scam is invalid:\n${loaded.problems.map(formatProblem).join('\n')}`);
  cached = compileRules(loaded.rules);
  return cached;
}

export async function repoChecker(options: Omit<ScamCheckerOptions, 'rules'> = {}): Promise<ScamChecker> {
  return new ScamChecker({ ...options, rules: await repoRules() });
}
