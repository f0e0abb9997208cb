/**
 * What the staff console does with a scam report: show the checker's verdict on it, list the numbers and domains in
 * it with whether each is already confirmed, and confirm (or, from the same report, un-confirm) the ones staff
 * choose. Only values found in the report itself can be confirmed, and never an official site or a shortener.
 */
import type { ScamChecker } from './checker';
import type { CompiledRules } from './compileRules';
import { findIndicatorCandidates, type IndicatorCandidate } from './indicatorCandidates';
import type { ConfirmedIndicator } from './indicatorRepository';
import { type Indicator, normalizeIndicator } from './indicatorValues';
import type { StoredReportedIndicators } from './storedIndicators';
import type { ScamVerdict } from './types';

export type CandidateStatus =
  /** Not on any list yet. */
  | 'new'
  /** Confirmed by staff (from this report or another). */
  | 'confirmed'
  /** Publicly warned about, listed in the rules folder. */
  | 'public';

export interface ReviewedCandidate extends IndicatorCandidate {
  status: CandidateStatus;
  /** Confirmed from this very report, so it can be un-confirmed here. */
  fromThisReport: boolean;
}

export interface ScamReportReview {
  verdict: ScamVerdict;
  candidates: ReviewedCandidate[];
}

/** Something staff asked for that is not in the report (or not a phone number or domain at all). */
export class IndicatorNotInReportError extends Error {
  constructor(readonly indicator: Indicator) {
    super(`${indicator.kind}:${indicator.value} is not in the report`);
    this.name = 'IndicatorNotInReportError';
  }
}

export interface ScamReportsDeps {
  checker: Pick<ScamChecker, 'analyse'>;
  rules: CompiledRules;
  indicators: StoredReportedIndicators;
}

export class ScamReports {
  constructor(private readonly deps: ScamReportsDeps) {
    for (const key of ['checker', 'rules', 'indicators'] as const) {
      if (!deps?.[key]) throw new Error(`[ScamReports]: Missing parameter "${key}"`);
    }
  }

  /** `text` is the report as stored (masked): its subject and the citizen's messages. */
  review(text: string, ticketId: number): ScamReportReview {
    const { indicators, rules } = this.deps;
    const candidates = findIndicatorCandidates(text, rules).map((c): ReviewedCandidate => {
      const confirmed = indicators.find(c.kind, c.value);
      const isPublic = c.kind === 'phone' ? rules.publiclyReported.hasPhone(c.value) : rules.publiclyReported.hasDomain(c.value);
      return {
        ...c,
        status: confirmed ? 'confirmed' : isPublic ? 'public' : 'new',
        fromThisReport: confirmed?.ticketId === ticketId,
      };
    });
    return { verdict: this.deps.checker.analyse(text).verdict, candidates };
  }

  /** Confirms `wanted` (each must be a candidate of the report); returns the ones that were not confirmed before. */
  async confirm(text: string, ticketId: number, staffId: number | null, wanted: readonly Indicator[]): Promise<ConfirmedIndicator[]> {
    const chosen = this.fromReport(text, wanted);
    return this.deps.indicators.confirm(chosen, { ticketId, staffId });
  }

  /** Un-confirms `wanted` where this report confirmed it; returns what was removed. */
  async unconfirm(text: string, ticketId: number, wanted: readonly Indicator[]): Promise<Indicator[]> {
    return this.deps.indicators.removeFromTicket(this.fromReport(text, wanted), ticketId);
  }

  private fromReport(text: string, wanted: readonly Indicator[]): Indicator[] {
    const candidates = findIndicatorCandidates(text, this.deps.rules);
    return wanted.map((item) => {
      const value = normalizeIndicator(item.kind, item.value);
      const found = value && candidates.find((c) => c.kind === item.kind && c.value === value);
      if (!found) throw new IndicatorNotInReportError(item);
      return { kind: found.kind, value: found.value };
    });
  }
}
