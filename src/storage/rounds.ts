/**
 * Splits a batch into rounds a single statement can carry: within a round no key appears twice (PostgreSQL refuses an
 * upsert that touches one row twice, and the second write of a key must be judged against the first), and a round
 * holds at most `maxPerRound` keys (an item without keys counts as one). Items keep their order, so a later round is
 * what came after.
 */
export function inRounds<T>(items: readonly T[], keysOf: (item: T) => readonly string[], maxPerRound: number): number[][] {
  const out: number[][] = [];
  let pending = items.map((_, i) => i);
  while (pending.length > 0) {
    const keys = new Set<string>();
    const round: number[] = [];
    const later: number[] = [];
    let size = 0;
    for (const i of pending) {
      const own = keysOf(items[i]!);
      const weight = Math.max(1, own.length);
      if (own.some((key) => keys.has(key)) || (round.length > 0 && size + weight > maxPerRound)) {
        later.push(i);
        continue;
      }
      for (const key of own) keys.add(key);
      size += weight;
      round.push(i);
    }
    out.push(round);
    pending = later;
  }
  return out;
}
