/**
 * Combines findings into the verdict a citizen reads: add the weights (each code counts once, at its strongest),
 * add the combos whose codes all appear, compare with the thresholds, pick the fraud entry to show, and keep the
 * reasons that explain the level. A low verdict still reminds the rules; it never claims a message is safe.
 */
import type { CompiledRules } from './compileRules';
import { COMPUTED_CODES } from './findingCodes';
import { RULES_REMINDER } from './messages';
import type { Finding, Risk, ScamReason, ScamVerdict } from './types';

export interface VerdictInput {
  findings: Finding[];
  urls: string[];
}

export interface ComputedVerdict {
  verdict: ScamVerdict;
  score: number;
  findings: Finding[];
}

function firedCodes(findings: readonly Finding[]): Set<string> {
  return new Set(findings.map((f) => f.code));
}

function addCombos(findings: Finding[], rules: CompiledRules): Finding[] {
  const codes = firedCodes(findings);
  const combos = rules.rules.combos
    .filter((combo) => combo.all_of.every((code) => codes.has(code)))
    .map((combo): Finding => ({ code: combo.code, weight: combo.weight, text: combo.text, origin: 'combo' }));
  return [...findings, ...combos];
}

/**
 * An awareness bulletin from the police describes scams in the scammers' own words. When it carries no unknown link,
 * no mobile number to call and nothing reported, its content findings count only `awareness_factor` of their weight;
 * a scam dressed up as a bulletin still has to send people somewhere, and that is judged in full.
 */
function isAwarenessBulletin(findings: readonly Finding[]): boolean {
  if (!findings.some((f) => f.awareness)) return false;
  const risky = new Set<string>([COMPUTED_CODES.unofficial, COMPUTED_CODES.mobileNumber]);
  return !findings.some((f) => risky.has(f.code) || ((f.origin === 'link' || f.origin === 'phone' || f.origin === 'reputation') && f.weight > 0));
}

/** Each code once, at its highest weight: three look-alike links are one reason to worry, not three. */
function strongestPerCode(findings: readonly Finding[], contentFactor: number): Map<string, number> {
  const best = new Map<string, number>();
  for (const f of findings) {
    const weight = f.origin === 'content' || f.origin === 'combo' ? f.weight * contentFactor : f.weight;
    best.set(f.code, Math.max(best.get(f.code) ?? 0, weight));
  }
  return best;
}

function riskFor(score: number, rules: CompiledRules): Risk {
  const { high, medium } = rules.rules.verdict;
  if (score >= high) return 'high';
  if (score >= medium) return 'medium';
  return 'low';
}

function topicFor(codes: ReadonlySet<string>, rules: CompiledRules): string {
  const rule = rules.rules.topics.find(
    (t) => (!t.any_of || t.any_of.some((code) => codes.has(code))) && (!t.all_of || t.all_of.every((code) => codes.has(code))),
  );
  return rule?.topic ?? rules.rules.verdict.default_topic;
}

function uniqueReasons(findings: readonly Finding[]): ScamReason[] {
  const out: ScamReason[] = [];
  for (const f of findings) {
    if (f.text && !out.some((r) => r.text === f.text)) out.push({ code: f.code, text: f.text });
  }
  return out;
}

export function combineFindings(input: VerdictInput, rules: CompiledRules): ComputedVerdict {
  const findings = addCombos(input.findings, rules);
  const awareness = isAwarenessBulletin(findings);
  const factor = awareness ? rules.rules.verdict.awareness_factor : 1;
  const perCode = strongestPerCode(findings, factor);
  const score = [...perCode.values()].reduce((a, b) => a + b, 0);
  const risk = riskFor(score, rules);
  const maxReasons = rules.rules.verdict.max_reasons;

  let reasons: ScamReason[];
  if (risk === 'low') {
    const notes = findings.filter((f) => f.note || (awareness && f.awareness));
    reasons = [...uniqueReasons(notes).slice(0, maxReasons), { code: COMPUTED_CODES.rulesReminder, text: RULES_REMINDER }];
  } else {
    // Strongest first; a stable sort keeps the rules' own order between equals.
    const counted = findings.filter((f) => f.weight > 0 && f.text && (perCode.get(f.code) ?? 0) > 0);
    counted.sort((a, b) => b.weight - a.weight);
    reasons = uniqueReasons(counted).slice(0, maxReasons);
  }

  return {
    score,
    findings,
    verdict: { risk, reasons, topic: risk === 'low' ? null : topicFor(firedCodes(findings), rules), urls: input.urls },
  };
}
