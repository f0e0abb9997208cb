/**
 * How a fake name imitates a real one: "dichvucongs" (an extra s), "dichvuc0ng" (a zero for an o), "rnbbank"
 * (rn for m), "vnеid" with a Cyrillic е, "vietcombnak" (two letters swapped). Each trick comes back as the short
 * Vietnamese clause the citizen reads after "giả mạo trang …:".
 */
import { fold } from '../text/normalize';
import { lookalikeMsg } from './messages';

/** Look-alike → the letter it imitates. Digits and letter pairs first, then letters from other alphabets. */
const DIGIT_AND_PAIR_SWAPS: ReadonlyArray<readonly [fake: string, real: string]> = [
  ['0', 'o'], ['1', 'l'], ['1', 'i'], ['3', 'e'], ['4', 'a'], ['5', 's'], ['8', 'b'],
  ['rn', 'm'], ['vv', 'w'], ['cl', 'd'], ['l', 'i'], ['i', 'l'],
];
/** Cyrillic and Greek letters drawn exactly like Latin ones. */
const FOREIGN_LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ј: 'j', ԁ: 'd', ѕ: 's', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  α: 'a', ο: 'o', ν: 'v', ι: 'i', κ: 'k', τ: 't', ρ: 'p', ε: 'e',
};

interface Swap {
  fake: string;
  real: string;
}

/** Aligns `candidate` with `keyword` letter by letter, allowing look-alike swaps; the swaps used, or null. */
function alignWithSwaps(candidate: string, keyword: string, ci = 0, ki = 0): Swap[] | null {
  if (ci === candidate.length && ki === keyword.length) return [];
  if (ci >= candidate.length || ki >= keyword.length) return null;
  if (candidate[ci] === keyword[ki]) {
    const rest = alignWithSwaps(candidate, keyword, ci + 1, ki + 1);
    if (rest) return rest;
  }
  const foreign = FOREIGN_LOOKALIKES[candidate[ci]!];
  if (foreign !== undefined && foreign === keyword[ki]) {
    const rest = alignWithSwaps(candidate, keyword, ci + 1, ki + 1);
    if (rest) return [{ fake: candidate[ci]!, real: foreign }, ...rest];
  }
  for (const [fake, real] of DIGIT_AND_PAIR_SWAPS) {
    if (candidate.startsWith(fake, ci) && keyword.startsWith(real, ki)) {
      const rest = alignWithSwaps(candidate, keyword, ci + fake.length, ki + real.length);
      if (rest) return [{ fake, real }, ...rest];
    }
  }
  return null;
}

function describeSwaps(swaps: Swap[]): string {
  const unique = swaps.filter((s, i) => swaps.findIndex((o) => o.fake === s.fake && o.real === s.real) === i);
  return unique
    .map(({ fake, real }) => {
      if (/^\d$/.test(fake)) return lookalikeMsg.digitForLetter(real, fake);
      if (FOREIGN_LOOKALIKES[fake]) return lookalikeMsg.foreignLetter(real);
      return lookalikeMsg.lettersForLetter(real, fake);
    })
    .join(' và ');
}

/** Letters of `longer` left over when `shorter` is read inside it in order; null when it is not inside. */
function leftoverLetters(longer: string, shorter: string): string[] | null {
  const extra: string[] = [];
  let si = 0;
  for (const ch of longer) {
    if (si < shorter.length && ch === shorter[si]) si++;
    else extra.push(ch);
  }
  return si === shorter.length ? extra : null;
}

/** Words shorter than this are too easy to hit by chance ("acb", "mbb"): only exact matches count for them. */
export const MIN_FUZZY_KEYWORD = 5;

/**
 * The trick that turns `keyword` (a real brand name, e.g. "dichvucong") into `candidate` (a label of a link),
 * or null when the candidate is the keyword itself or not a deliberate misspelling of it.
 */
export function spellingTrick(candidate: string, keyword: string): string | null {
  if (candidate === keyword || keyword.length < MIN_FUZZY_KEYWORD) return null;

  if (candidate.includes('-')) return candidate.replace(/-/g, '') === keyword ? lookalikeMsg.dashInserted : null;

  const folded = fold(candidate);
  if (folded !== candidate && folded === keyword) return lookalikeMsg.accentsAdded;

  const swaps = alignWithSwaps(folded, keyword);
  if (swaps && swaps.length > 0) return describeSwaps(swaps);

  const diff = folded.length - keyword.length;
  if (diff >= 1 && diff <= 2) {
    const extra = leftoverLetters(folded, keyword);
    if (extra) return lookalikeMsg.extraLetters(extra);
  }
  if (diff === -1 && keyword.length >= 6) {
    const missing = leftoverLetters(keyword, folded);
    if (missing) return lookalikeMsg.missingLetters(missing);
  }
  if (diff === 0) {
    const differing = [...folded].map((ch, i) => (ch === keyword[i] ? -1 : i)).filter((i) => i >= 0);
    const [a, b] = differing;
    if (differing.length === 2 && a !== undefined && b === a + 1 && folded[a] === keyword[b] && folded[b] === keyword[a]) {
      return lookalikeMsg.swapped(keyword[a]!, keyword[b]!);
    }
    if (differing.length === 1 && a !== undefined && keyword.length >= 7) return lookalikeMsg.replaced(keyword[a]!, folded[a]!);
  }
  return null;
}
