/**
 * BM25F over fielded documents (one document per knowledge entry; fields such as example questions, title,
 * keywords, answer). Each field has its own weight and length normalisation, so a term found in a long answer
 * counts less than the same term in a short title, and an entry with many example questions does not win just by
 * repeating common words. Postings are stored flat (one typed array for all terms) because the index is rebuilt
 * often (on every knowledge change, and once per question in leave-one-out evaluation) and can hold 20,000 entries.
 */

export interface FieldSpec {
  /** How much one occurrence in this field counts, relative to the others. */
  weight: number;
  /** Length normalisation, 0 (none) … 1 (full). */
  b: number;
}

export interface Bm25Params {
  /** Term-frequency saturation: higher lets repeated occurrences keep adding evidence. */
  k1: number;
  fields: readonly FieldSpec[];
}

/**
 * A document: for each field (in `Bm25Params.fields` order), its terms, as one or more chunks (one per text of the
 * field: each example question is a chunk), so callers need not copy millions of terms into flat arrays.
 */
export type FieldedTerms = ReadonlyArray<ReadonlyArray<readonly string[]>>;

export class Bm25Index {
  /** The idf a term would have if no document contained it: the rarest possible. */
  readonly unseenIdf: number;

  private constructor(
    private readonly termIds: ReadonlyMap<string, number>,
    private readonly idfs: Float64Array,
    /** Postings of term t are at [offsets[t], offsets[t + 1]). */
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    /** Saturated evidence in [0, 1): tf' / (tf' + k1), where tf' is the field-weighted, length-normalised frequency. */
    private readonly evidence: Float32Array,
    readonly docCount: number,
  ) {
    this.unseenIdf = idfOf(0, docCount);
  }

  static build(docs: readonly FieldedTerms[], params: Bm25Params): Bm25Index {
    const fieldCount = params.fields.length;
    const lengthOf = (doc: FieldedTerms, f: number): number => (doc[f] ?? []).reduce((n, chunk) => n + chunk.length, 0);
    const avgLength = new Float64Array(fieldCount);
    let longestDoc = 0;
    let totalLength = 0;
    for (const doc of docs) {
      let docLength = 0;
      for (let f = 0; f < fieldCount; f++) {
        const n = lengthOf(doc, f);
        avgLength[f]! += n;
        docLength += n;
      }
      longestDoc = Math.max(longestDoc, docLength);
      totalLength += docLength;
    }
    for (let f = 0; f < fieldCount; f++) avgLength[f] = docs.length ? Math.max(avgLength[f]! / docs.length, 1) : 1;

    // Pass 1: weighted term frequencies per document, as (term, doc, tf) triples, in typed arrays that grow by
    // doubling: a 20,000-entry base has millions of term occurrences, and per-document maps would swamp the GC.
    const termIds = new Map<string, number>();
    // Distinct terms per document are typically 70–90% of its terms: start there and rarely grow.
    const triples = new Triples(Math.max(1024, Math.ceil(totalLength * 0.9)));
    let tf = new Float64Array(1 << 14);
    const inDoc = new Uint32Array(longestDoc);
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d]!;
      let distinct = 0;
      for (let f = 0; f < fieldCount; f++) {
        const spec = params.fields[f]!;
        const length = lengthOf(doc, f);
        if (length === 0 || spec.weight === 0) continue;
        const perOccurrence = spec.weight / (1 - spec.b + (spec.b * length) / avgLength[f]!);
        for (const chunk of doc[f]!) {
          for (let i = 0; i < chunk.length; i++) {
            const term = chunk[i]!;
            let id = termIds.get(term);
            if (id === undefined) {
              termIds.set(term, (id = termIds.size));
              if (id >= tf.length) tf = grown(tf);
            }
            if (tf[id] === 0) inDoc[distinct++] = id;
            tf[id]! += perOccurrence;
          }
        }
      }
      for (let k = 0; k < distinct; k++) {
        const id = inDoc[k]!;
        triples.push(id, d, tf[id]!);
        tf[id] = 0;
      }
    }

    // Pass 2: group the triples by term (counting sort keeps documents in ascending order within a term).
    const termCount = termIds.size;
    const { term: tripleTerm, doc: tripleDoc, tf: tripleTf, size } = triples;
    const offsets = new Uint32Array(termCount + 1);
    for (let i = 0; i < size; i++) offsets[tripleTerm[i]! + 1]!++;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, termCount);
    const postingDocs = new Uint32Array(size);
    const evidence = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const at = cursor[tripleTerm[i]!]!++;
      postingDocs[at] = tripleDoc[i]!;
      evidence[at] = tripleTf[i]! / (tripleTf[i]! + params.k1);
    }
    const idfs = new Float64Array(termCount);
    for (let t = 0; t < termCount; t++) idfs[t] = idfOf(offsets[t + 1]! - offsets[t]!, docs.length);
    return new Bm25Index(termIds, idfs, offsets, postingDocs, evidence, docs.length);
  }

  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /** The term's idf, or `undefined` when no document contains it. */
  idf(term: string): number | undefined {
    const id = this.termIds.get(term);
    return id === undefined ? undefined : this.idfs[id];
  }

  /** Every term of the index (for vocabularies built on top of it). */
  terms(): IterableIterator<string> {
    return this.termIds.keys();
  }

  /**
   * Adds `weight × idf × evidence` to `scores[d]` for every document containing `term`;
   * `touched` collects the documents seen for the first time (`seen` marks them) so callers reset only those.
   */
  accumulate(term: string, weight: number, scores: Float64Array, seen: Uint8Array, touched: number[]): void {
    const id = this.termIds.get(term);
    if (id === undefined) return;
    const w = weight * this.idfs[id]!;
    const end = this.offsets[id + 1]!;
    for (let i = this.offsets[id]!; i < end; i++) {
      const d = this.docs[i]!;
      if (seen[d] === 0) {
        seen[d] = 1;
        touched.push(d);
      }
      scores[d]! += w * this.evidence[i]!;
    }
  }
}

/** (term, document, weighted tf) triples in parallel typed arrays that double when full. */
class Triples {
  term: Uint32Array;
  doc: Uint32Array;
  tf: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.term = new Uint32Array(capacity);
    this.doc = new Uint32Array(capacity);
    this.tf = new Float64Array(capacity);
  }

  push(term: number, doc: number, tf: number): void {
    if (this.size === this.term.length) {
      this.term = grown(this.term);
      this.doc = grown(this.doc);
      this.tf = grown(this.tf);
    }
    this.term[this.size] = term;
    this.doc[this.size] = doc;
    this.tf[this.size++] = tf;
  }
}

function grown<T extends Uint32Array | Float64Array>(a: T): T {
  const bigger = new (a.constructor as new (n: number) => T)(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** BM25's probabilistic idf, kept positive (the "+1" inside the log) so that very common terms still count a little. */
function idfOf(docFreq: number, docCount: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}
