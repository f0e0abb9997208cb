/**
 * Two BM25F indexes over the same documents: folded terms (recall: "lam can cuoc" meets "làm căn cước") and accented
 * terms (precision: "bán xe" is not "bạn"). Scoring a question returns the evidence per document together with the
 * "ideal": the score of a document that explained every term of the question, so that evidence / ideal is the
 * share of the question's information (idf mass) a document explains, in 0..1, whatever the question's length.
 */
import type { TermIds } from '../text/analyzer';
import { Bm25Builder, type Bm25Index, type Bm25Params } from './bm25';
import type { RankingParams } from './params';
import type { QueryTerm, QueryTerms } from './queryTerms';

/** Score accumulators, reused across questions: only the touched documents are reset. */
export class Accumulator {
  readonly scores: Float64Array;
  readonly seen: Uint8Array;
  readonly touched: number[] = [];

  constructor(size: number) {
    this.scores = new Float64Array(size);
    this.seen = new Uint8Array(size);
  }

  reset(): void {
    for (const d of this.touched) {
      this.scores[d] = 0;
      this.seen[d] = 0;
    }
    this.touched.length = 0;
  }
}

export class DualIndex {
  private constructor(
    readonly folded: Bm25Index,
    readonly accented: Bm25Index,
  ) {}

  /** @internal Used by {@link DualIndexBuilder}. */
  static of(folded: Bm25Index, accented: Bm25Index): DualIndex {
    return new DualIndex(folded, accented);
  }

  /** Adds every document's evidence for `terms` into `acc` and returns the ideal score. */
  accumulate(terms: QueryTerms, params: RankingParams, acc: Accumulator): number {
    const { folded, accented } = this;
    const kindWeight = (t: QueryTerm): number => (t.bigram ? params.bigramWeight : 1);
    let ideal = 0;
    for (const [term, q] of terms.folded) {
      const idf = folded.idf(term);
      if (idf === undefined) {
        const cost = q.bigram ? params.unknownBigramCost : params.unknownSyllableCost;
        ideal += kindWeight(q) * cost * folded.unseenIdf;
        continue;
      }
      ideal += kindWeight(q) * idf;
      folded.accumulate(term, kindWeight(q) * q.weight, acc.scores, acc.seen, acc.touched);
    }
    // Accented terms the knowledge base never uses (a misplaced tone) add nothing and cost nothing: the folded
    // term already counted them.
    for (const [term, q] of terms.accented) {
      const idf = accented.idf(term);
      if (idf === undefined) continue;
      const w = params.accentedWeight * kindWeight(q);
      ideal += w * idf;
      accented.accumulate(term, w * q.weight, acc.scores, acc.seen, acc.touched);
    }
    return ideal;
  }
}

/** Builds a {@link DualIndex} one document at a time: each analysed text can be dropped once it is added. */
export class DualIndexBuilder {
  private readonly folded: Bm25Builder;
  private readonly accented: Bm25Builder;

  /** `textOf` names a term id of the analyzer's vocabulary. */
  constructor(params: Bm25Params, textOf: (id: number) => string) {
    this.folded = new Bm25Builder(params, textOf);
    this.accented = new Bm25Builder(params, textOf);
  }

  /**
   * Adds one analysed text to field `field` of the current document. The accented index keeps only terms that
   * carry diacritics (the query side only ever looks those up there); `TermIds` lists its accented and folded terms
   * position for position, so a term differs from its folded twin exactly when it has diacritics.
   */
  addText(field: number, terms: TermIds): void {
    this.folded.addTerms(field, terms.folded, terms.length);
    this.accented.addTerms(field, terms.accented, terms.length, terms.folded);
  }

  endDocument(): void {
    this.folded.endDocument();
    this.accented.endDocument();
  }

  build(): DualIndex {
    return DualIndex.of(this.folded.build(), this.accented.build());
  }
}
