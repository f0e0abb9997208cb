/**
 * Turns a ranked list of entries into what the bot does: answer, ask which one was meant, or admit it does not know.
 * The thresholds are the trainers' (knowledge/settings.yaml); this file only applies them.
 */
import type { MatchingSettings } from '../knowledge/schema';
import { isAncestor, sameFamily } from './family';
import type { MatchOutcome, ScoredEntry } from './types';

/** Floating-point slack, so that 0.6 − 0.5 counts as a margin of 0.1, as a trainer reading the settings expects. */
const EPSILON = 1e-9;

export interface Decision {
  outcome: MatchOutcome;
  /** Best first: for `clarify`, exactly the choices to offer; otherwise the leading candidates. */
  candidates: ScoredEntry[];
}

/**
 * Collapses families so that a parent and its sub-entries never look like rival answers: each group is represented
 * by its best entry, or by that entry's most generic ancestor when the ancestor scores within `margin` of it (the
 * question was generic, so the overview fits best). The group keeps the best score of its members.
 */
export function groupFamilies(ranked: readonly ScoredEntry[], margin: number): ScoredEntry[] {
  const remaining = [...ranked];
  const groups: ScoredEntry[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    let representative = best;
    for (const c of remaining) {
      const genericEnough = c.score >= best.score - margin - EPSILON;
      if (genericEnough && isAncestor(c.entry.id, representative.entry.id)) representative = c;
    }
    groups.push({ entry: representative.entry, score: best.score });
    for (let i = remaining.length - 1; i >= 0; i--) {
      if (sameFamily(remaining[i]!.entry.id, representative.entry.id)) remaining.splice(i, 1);
    }
  }
  return groups;
}

/**
 * How close behind its sub-entry a parent must score for the question to count as generic (then the overview
 * answers). Measured: every widening of this window lowered top-1 (0.15: −1.5 points in leave-one-out, −1.2 on the
 * evaluation cases), because a question naming the sub-entry's subject ("cho bé 2 tuổi") should get the sub-entry
 * even with its parent close behind. Family members never compete whatever this value: they are one group.
 */
export const FAMILY_MARGIN = 0.02;

/** `ranked` must be sorted best first (scores in 0..1). */
export function decide(ranked: readonly ScoredEntry[], settings: MatchingSettings, familyMargin = FAMILY_MARGIN): Decision {
  const groups = groupFamilies(ranked, familyMargin);
  const [top, runnerUp] = groups;
  if (!top || top.score < settings.clarify_threshold - EPSILON) {
    return { outcome: 'fallback', candidates: groups.slice(0, settings.max_clarify) };
  }
  const clearlyAhead = !runnerUp || top.score - runnerUp.score >= settings.answer_margin - EPSILON;
  if (top.score >= settings.answer_threshold - EPSILON && clearlyAhead) {
    return { outcome: 'answer', candidates: groups.slice(0, settings.max_clarify) };
  }
  const plausible = groups.filter((g) => g.score >= settings.clarify_threshold - EPSILON).slice(0, settings.max_clarify);
  if (plausible.length >= 2) return { outcome: 'clarify', candidates: plausible };
  return { outcome: 'fallback', candidates: groups.slice(0, settings.max_clarify) };
}
