/**
 * A citizen's question as weighted search terms: syllables and bigrams, folded (always) and accented (only those
 * that carry diacritics: an accented term without any would merely repeat the folded one). Unknown syllables are
 * repaired by the typo corrector first, and terms built from a repaired syllable weigh less.
 */
import type { Analysis } from '../text/analyzer';
import { BIGRAM_JOINER } from '../text/analyzer';
import type { Correction, TypoCorrector } from './typoCorrector';

export interface QueryTerm {
  weight: number;
  bigram: boolean;
}

export interface QueryTerms {
  folded: Map<string, QueryTerm>;
  accented: Map<string, QueryTerm>;
}

interface Syllable {
  accented: string;
  folded: string;
  weight: number;
}

/** Replaces syllables unknown to the index by their corrections; known ones pass through at full weight. */
export function repairSyllables(
  analysis: Analysis,
  isKnown: (folded: string) => boolean,
  corrector: TypoCorrector | undefined,
  typoWeight: number,
): Syllable[] {
  const out: Syllable[] = [];
  // A long message repeats words: look each unknown one up once.
  const corrections = new Map<string, Correction | undefined>();
  const correct = (folded: string): Correction | undefined => {
    if (!corrections.has(folded)) corrections.set(folded, corrector?.correct(folded));
    return corrections.get(folded);
  };
  analysis.tokens.forEach((accented, i) => {
    const folded = analysis.folded[i] ?? accented;
    const correction = !isKnown(folded) ? correct(folded) : undefined;
    if (!correction) {
      out.push({ accented, folded, weight: 1 });
      return;
    }
    const weight = typoWeight * correction.confidence;
    // The corrected syllable is folded, so it only ever meets the folded index; its accents are unknown.
    for (const s of correction.syllables) out.push({ accented: s, folded: s, weight });
  });
  return out;
}

export function buildQueryTerms(syllables: readonly Syllable[]): QueryTerms {
  const terms: QueryTerms = { folded: new Map(), accented: new Map() };
  const add = (accented: string, folded: string, weight: number, bigram: boolean): void => {
    keepStrongest(terms.folded, folded, { weight, bigram });
    // A term differs from its folded twin exactly when it carries diacritics.
    if (accented !== folded) keepStrongest(terms.accented, accented, { weight, bigram });
  };
  syllables.forEach((s, i) => {
    add(s.accented, s.folded, s.weight, false);
    const next = syllables[i + 1];
    if (next) {
      const weight = Math.min(s.weight, next.weight);
      add(`${s.accented}${BIGRAM_JOINER}${next.accented}`, `${s.folded}${BIGRAM_JOINER}${next.folded}`, weight, true);
    }
  });
  return terms;
}

function keepStrongest(map: Map<string, QueryTerm>, key: string, term: QueryTerm): void {
  const existing = map.get(key);
  if (!existing || existing.weight < term.weight) map.set(key, term);
}
