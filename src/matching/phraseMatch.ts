/**
 * How completely a question mentions one of an entry's identifying phrases (its keywords and title): the
 * idf-weighted share of the phrase's folded terms that the question contains, best phrase wins. BM25 only rewards
 * what a question and an entry share; this also notices what the question leaves out, which is what separates
 * neighbours such as "đăng ký tạm trú" and "gia hạn tạm trú" when both share most words with the question.
 */
interface Phrase {
  terms: string[];
  weights: Float64Array;
  total: number;
}

export class PhraseMatcher {
  private readonly phrases: Phrase[][];

  /**
   * `phrasesByEntry[e]`: the folded terms of each identifying phrase of entry e; `idf` weighs them. Entries that
   * share a phrase (sibling entries share keywords) may pass the same list: it is weighed once.
   */
  constructor(phrasesByEntry: ReadonlyArray<ReadonlyArray<readonly string[]>>, idf: (foldedTerm: string) => number | undefined) {
    const weighed = new Map<readonly string[], Phrase>();
    const phrase = (folded: readonly string[]): Phrase => {
      let p = weighed.get(folded);
      if (!p) {
        const terms = [...new Set(folded)];
        const weights = new Float64Array(terms.length);
        let total = 0;
        for (let i = 0; i < terms.length; i++) total += weights[i] = idf(terms[i]!) ?? 0;
        weighed.set(folded, (p = { terms, weights, total }));
      }
      return p;
    };
    this.phrases = phrasesByEntry.map((list) => list.map(phrase).filter((p) => p.total > 0));
  }

  /** 0..1: the best share of any identifying phrase of `entry` found among the question's folded terms. */
  best(entry: number, question: ReadonlySet<string> | ReadonlyMap<string, unknown>): number {
    let best = 0;
    for (const p of this.phrases[entry] ?? []) {
      let found = 0;
      for (let i = 0; i < p.terms.length; i++) if (question.has(p.terms[i]!)) found += p.weights[i]!;
      if (found / p.total > best) best = found / p.total;
    }
    return best;
  }
}
