/**
 * How completely a question mentions one of an entry's identifying phrases (its keywords and title): the
 * idf-weighted share of the phrase's folded terms that the question contains, best phrase wins. BM25 only rewards
 * what a question and an entry share; this also notices what the question leaves out, which is what separates
 * neighbours such as "đăng ký tạm trú" and "gia hạn tạm trú" when both share most words with the question.
 */
import type { Terms } from '../text/analyzer';

interface Phrase {
  terms: string[];
  weights: Float64Array;
  total: number;
}

export class PhraseMatcher {
  private readonly phrases: Phrase[][];

  /** `phrasesByEntry[e]`: the analysed phrases of entry e; `idf` weighs their folded terms. */
  constructor(phrasesByEntry: ReadonlyArray<readonly Terms[]>, idf: (foldedTerm: string) => number | undefined) {
    this.phrases = phrasesByEntry.map((list) =>
      list
        .map((t) => {
          const terms = [...new Set(t.folded)];
          const weights = Float64Array.from(terms, (x) => idf(x) ?? 0);
          return { terms, weights, total: weights.reduce((a, b) => a + b, 0) };
        })
        .filter((p) => p.total > 0),
    );
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
