/**
 * "Is this a scam?": the one entry point the bot, the CLI and the staff console use.
 * Everything runs locally on the loaded rules; an outside reputation service is consulted only by `checkAsync`,
 * only when one is configured, and only with the extracted host names and phone numbers.
 */
import type { CompiledRules } from './compileRules';
import { matchContentSignals } from './contentSignals';
import { extractLinks } from './extractLinks';
import { COMPUTED_CODES } from './findingCodes';
import { analyseApkFiles, analyseLink } from './linkSignals';
import { tokenize } from './messageTokens';
import { linkMsg } from './messages';
import { extractPhones, formatPhone, isMobile } from './phoneNumbers';
import { NO_REPORTED_INDICATORS, type ReportedIndicators } from './reportedIndicators';
import type { ReputationFinding, ReputationService } from './reputation';
import type { Finding, ScamAnalysis, ScamVerdict } from './types';
import { combineFindings } from './verdict';

/** A pasted message is a few hundred characters; capping keeps a pathological paste from costing seconds. */
export const MAX_CHECKED_CHARS = 20_000;
const DEFAULT_REPUTATION_TIMEOUT_MS = 3_000;

export interface ScamCheckerOptions {
  rules: CompiledRules;
  /** Numbers and domains confirmed by staff; none by default. */
  reported?: ReportedIndicators;
  /** Off unless a deployment configures one. */
  reputation?: ReputationService;
  reputationTimeoutMs?: number;
}

export class ScamChecker {
  private readonly rules: CompiledRules;
  private readonly reported: ReportedIndicators;
  private readonly reputation?: ReputationService;
  private readonly reputationTimeoutMs: number;

  constructor(options: ScamCheckerOptions) {
    this.rules = options.rules;
    this.reported = options.reported ?? NO_REPORTED_INDICATORS;
    this.reputation = options.reputation;
    this.reputationTimeoutMs = options.reputationTimeoutMs ?? DEFAULT_REPUTATION_TIMEOUT_MS;
  }

  /** The verdict, from local rules only. */
  check(text: string): ScamVerdict {
    return this.analyse(text).verdict;
  }

  /** Like `check`, plus the reputation service when one is configured; a slow or failing service is ignored. */
  async checkAsync(text: string): Promise<ScamVerdict> {
    const local = this.collect(text);
    if (!this.reputation || (local.hosts.length === 0 && local.phones.length === 0)) return this.finish(local, []).verdict;
    const extra = await this.lookUpReputation(local.hosts, local.phones);
    return this.finish(local, extra).verdict;
  }

  /** Verdict with the score and every finding, for tests and diagnostics. */
  analyse(text: string): ScamAnalysis {
    return this.finish(this.collect(text), []);
  }

  private collect(text: string): { findings: Finding[]; urls: string[]; hosts: string[]; phones: string[] } {
    const rules = this.rules;
    const message = text.slice(0, MAX_CHECKED_CHARS);
    const extracted = extractLinks(message, rules.suspiciousTlds);
    const signals = matchContentSignals(tokenize(extracted.textWithoutLinks), rules);
    const findings: Finding[] = signals.map((s) => ({
      code: s.code,
      weight: s.weight,
      text: s.text,
      origin: 'content',
      awareness: s.awareness || undefined,
    }));
    const ctx = { governmentContent: signals.some((s) => s.government), staffReported: this.reported };
    for (const link of extracted.links) findings.push(...analyseLink(link, rules, ctx));
    findings.push(...analyseApkFiles(extracted.apkFiles, rules));

    const phones = extractPhones(extracted.textWithoutLinks);
    const reportedWeight = rules.rules.linkSignals['reported-phone'];
    for (const phone of phones) {
      if (isMobile(phone)) findings.push({ code: COMPUTED_CODES.mobileNumber, weight: 0, origin: 'phone' });
      if (this.reported.hasPhone(phone)) {
        findings.push({ code: COMPUTED_CODES.reportedPhone, weight: reportedWeight, origin: 'phone', text: linkMsg.reportedPhoneStaff(formatPhone(phone)) });
      } else if (rules.publiclyReported.hasPhone(phone)) {
        findings.push({ code: COMPUTED_CODES.reportedPhone, weight: reportedWeight, origin: 'phone', text: linkMsg.reportedPhonePublic(formatPhone(phone)) });
      }
    }
    const hosts = [...new Set(extracted.links.map((l) => l.host))];
    return { findings, urls: extracted.links.map((l) => l.url), hosts, phones };
  }

  private finish(local: { findings: Finding[]; urls: string[]; hosts: string[]; phones: string[] }, extra: Finding[]): ScamAnalysis {
    const combined = combineFindings({ findings: [...local.findings, ...extra], urls: local.urls }, this.rules);
    return { verdict: combined.verdict, score: combined.score, findings: combined.findings, phones: local.phones, hosts: local.hosts };
  }

  private async lookUpReputation(hosts: string[], phones: string[]): Promise<Finding[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.reputationTimeoutMs);
    try {
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(new Error('reputation lookup timed out')), { once: true });
      });
      const results = await Promise.race([this.reputation!.lookup({ domains: hosts, phones }, controller.signal), aborted]);
      return results.map((r) => this.reputationFinding(r));
    } catch {
      // The local verdict stands on its own; an unreachable service must not delay or break the citizen's answer.
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  private reputationFinding(r: ReputationFinding): Finding {
    const malicious = r.rating === 'malicious';
    const code = malicious ? COMPUTED_CODES.reputationMalicious : COMPUTED_CODES.reputationSuspicious;
    const shown = r.kind === 'phone' ? `Số điện thoại ${formatPhone(r.value)}` : `Tên miền ${r.value}`;
    return { code, weight: this.rules.rules.linkSignals[code], origin: 'reputation', text: linkMsg.reputation(shown, r.source, malicious) };
  }
}
