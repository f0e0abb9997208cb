/** The scam checker's public surface: load the rules, build a checker, check a message. */
import { ScamChecker, type ScamCheckerOptions } from './checker';
import { compileRules } from './compileRules';
import { loadScamRules } from './loadRules';
import type { KnowledgeProblem } from '../knowledge/knowledgeBase';

export { ScamChecker, type ScamCheckerOptions } from './checker';
export { compileRules, type CompiledRules } from './compileRules';
export { loadScamRules, type ScamRulesLoadResult } from './loadRules';
export { InMemoryReportedIndicators, NO_REPORTED_INDICATORS, type ReportedIndicators } from './reportedIndicators';
export type { ReputationFinding, ReputationQuery, ReputationService } from './reputation';
export { ScamRulesFileSchema, SCAM_RULES_SCHEMA_FILE } from './schema';
export { ADVICE, RISK_LABELS } from './messages';
export type { Risk, ScamReason, ScamVerdict } from './types';
export { looksLikePastedMessage, readPastedMessage } from './pastedMessage';
export { recognizeCheckRequest, type CheckRequest } from './checkRequest';
export { openScamService, type ScamService } from './scamService';

export type ScamCheckerLoadResult =
  | { ok: true; checker: ScamChecker; problems: KnowledgeProblem[] }
  | { ok: false; problems: KnowledgeProblem[] };

/** Loads `<knowledgeDir>/scam/*.yaml` and builds a checker; reports the rules' problems instead when they are invalid. */
export async function loadScamChecker(knowledgeDir: string, options: Omit<ScamCheckerOptions, 'rules'> = {}): Promise<ScamCheckerLoadResult> {
  const loaded = await loadScamRules(knowledgeDir);
  if (!loaded.ok) return loaded;
  return { ok: true, checker: new ScamChecker({ ...options, rules: compileRules(loaded.rules) }), problems: loaded.problems };
}
