/** Which texts of an entry are evidence for which field of the index. */
import type { Entry } from '../knowledge/schema';
import type { EntryField } from './params';

export function entryFieldTexts(entry: Entry): Record<EntryField, readonly string[]> {
  return {
    questions: entry.questions,
    title: [entry.title],
    keywords: entry.keywords ?? [],
    // Fraud entries describe the scam in `scenario` and `signs`: the words a worried citizen uses.
    answer: [entry.answer, ...(entry.scenario ? [entry.scenario] : []), ...(entry.signs ?? [])],
  };
}
