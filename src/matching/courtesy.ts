/**
 * Courtesy words ("chào bạn", "cảm ơn", "cho mình hỏi"): what the small-talk entries' example questions, keywords
 * and titles say — not their answers, which mention every subject the bot covers. A question that opens with them
 * and then asks something real is ranked again without them, so small talk neither rivals nor dilutes the subject.
 */
import type { Entry } from '../knowledge/schema';
import type { Terms } from '../text/analyzer';
import { SMALL_TALK_GROUP } from './params';
import type { QueryTerm, QueryTerms } from './queryTerms';

export interface CourtesyVocabulary {
  folded: ReadonlySet<string>;
  accented: ReadonlySet<string>;
}

export function courtesyVocabulary(entries: readonly Entry[], analyse: (text: string) => Terms): CourtesyVocabulary {
  const folded = new Set<string>();
  const accented = new Set<string>();
  for (const e of entries) {
    if (e.group !== SMALL_TALK_GROUP) continue;
    for (const text of [e.title, ...e.questions, ...(e.keywords ?? [])]) {
      const t = analyse(text);
      t.folded.forEach((x) => folded.add(x));
      t.accented.forEach((x) => accented.add(x));
    }
  }
  return { folded, accented };
}

/** The question's terms minus the courtesy words. */
export function withoutCourtesy(terms: QueryTerms, courtesy: CourtesyVocabulary): QueryTerms {
  const minus = (a: Map<string, QueryTerm>, b: ReadonlySet<string>): Map<string, QueryTerm> =>
    new Map([...a].filter(([t]) => !b.has(t)));
  return { folded: minus(terms.folded, courtesy.folded), accented: minus(terms.accented, courtesy.accented) };
}
