/**
 * "Did you mean …?" for misspelt field names and ids. A trainer who types `qestions` or `follow_ups` should be told
 * the right name, not just that theirs is wrong.
 */

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Separators and case do not matter when guessing what was meant: `follow-ups` ≈ `followups`. */
function simplify(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The closest candidate, if it is close enough to be a plausible typo (about a third of the word may differ).
 * Returns undefined rather than a far-fetched guess.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const target = simplify(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(target, simplify(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(target.length, 1) / 3));
  return bestDistance <= allowed ? best : undefined;
}
