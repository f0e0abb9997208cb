/** A partial sort for ranking: only a handful of thousands of entries are ever wanted. */

export interface Candidate {
  /** Entry index. */
  d: number;
  score: number;
}

/** Higher score first; on a tie, the entry that comes first in the knowledge files, so results are deterministic. */
export const outranks = (a: Candidate, b: Candidate): boolean => a.score > b.score || (a.score === b.score && a.d < b.d);

/** Inserts `c` into `best`, which stays sorted and at most `limit` long. */
export function keepBest(best: Candidate[], c: Candidate, limit: number): void {
  if (best.length === limit && !outranks(c, best[limit - 1]!)) return;
  let i = best.length;
  while (i > 0 && outranks(c, best[i - 1]!)) i--;
  best.splice(i, 0, c);
  if (best.length > limit) best.pop();
}
