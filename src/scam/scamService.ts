/**
 * The scam checker as the server runs it: the rules from `<knowledge>/scam/`, the staff-confirmed indicators from
 * the database (cached, kept in step across instances by the event bus), and the staff console's view of reports.
 * Built once by the composition root. `reloadRules()` picks up trainers' edits (the knowledge watcher calls it); rules
 * that no longer validate are refused and the previous ones stay in use. `close()` stops listening for changes.
 */
import { formatProblem } from '../knowledge/knowledgeBase';
import type { Logger } from '../logging';
import type { Database } from '../storage/database';
import type { EventBus } from '../storage/eventBus';
import { ScamChecker } from './checker';
import { compileRules } from './compileRules';
import { ScamIndicatorRepository } from './indicatorRepository';
import { loadScamRules } from './loadRules';
import type { ReputationService } from './reputation';
import { ScamReports } from './scamReports';
import { StoredReportedIndicators } from './storedIndicators';

export interface ScamServiceOptions {
  knowledgeDir: string;
  db: Database;
  events: EventBus;
  logger?: Logger;
  /** Off unless a deployment configures one. */
  reputation?: ReputationService;
}

/** Always the current rules: callers keep these objects across reloads. */
export interface ScamService {
  checker: Pick<ScamChecker, 'check' | 'checkAsync' | 'analyse'>;
  reports: Pick<ScamReports, 'review' | 'confirm' | 'unconfirm'>;
  indicators: StoredReportedIndicators;
  /** Re-reads `<knowledge>/scam/`; on errors keeps the rules in use and returns the problems. */
  reloadRules(): Promise<{ ok: boolean; problems: string[] }>;
  close(): void;
}

export class ScamRulesInvalidError extends Error {
  constructor(readonly problems: string[]) {
    super(`Quy tắc kiểm tra lừa đảo (scam/*.yaml) có lỗi:\n${problems.join('\n')}`);
    this.name = 'ScamRulesInvalidError';
  }
}

interface Built {
  checker: ScamChecker;
  reports: ScamReports;
}

export async function openScamService(options: ScamServiceOptions): Promise<ScamService> {
  const build = async (indicators: StoredReportedIndicators): Promise<Built | string[]> => {
    const loaded = await loadScamRules(options.knowledgeDir);
    if (!loaded.ok) return loaded.problems.filter((p) => p.severity === 'error').map(formatProblem);
    const rules = compileRules(loaded.rules);
    const checker = new ScamChecker({ rules, reported: indicators, ...(options.reputation ? { reputation: options.reputation } : {}) });
    return { checker, reports: new ScamReports({ checker, rules, indicators }) };
  };

  const repository = new ScamIndicatorRepository(options.db, { events: options.events, ...(options.logger ? { logger: options.logger } : {}) });
  const indicators = await StoredReportedIndicators.open(repository, options.events, options.logger);
  const first = await build(indicators);
  if (Array.isArray(first)) {
    indicators.close();
    throw new ScamRulesInvalidError(first);
  }
  let current: Built = first;

  return {
    checker: {
      check: (text) => current.checker.check(text),
      checkAsync: (text) => current.checker.checkAsync(text),
      analyse: (text) => current.checker.analyse(text),
    },
    reports: {
      review: (text, ticketId) => current.reports.review(text, ticketId),
      confirm: (text, ticketId, staffId, wanted) => current.reports.confirm(text, ticketId, staffId, wanted),
      unconfirm: (text, ticketId, wanted) => current.reports.unconfirm(text, ticketId, wanted),
    },
    indicators,
    async reloadRules() {
      let next: Built | string[];
      try {
        next = await build(indicators);
      } catch (err) {
        // The folder vanished mid-edit, say: keep checking with what we have.
        next = [err instanceof Error ? err.message : String(err)];
      }
      if (Array.isArray(next)) {
        options.logger?.error({ problems: next.length }, 'scam rules not reloaded: keeping the previous rules');
        return { ok: false, problems: next };
      }
      current = next;
      return { ok: true, problems: [] };
    },
    close: () => indicators.close(),
  };
}
