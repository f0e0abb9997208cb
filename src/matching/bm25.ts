/**
 * BM25F over fielded documents (one document per knowledge entry; fields such as example questions, title,
 * keywords, answer). Each field has its own weight and length normalisation, so a term found in a long answer
 * counts less than the same term in a short title, and an entry with many example questions does not win just by
 * repeating common words. Postings are stored flat (one typed array for all terms) because the index is rebuilt
 * often (on every knowledge change, and once per question in leave-one-out evaluation) and can hold 20,000 entries.
 */
import { Vocabulary } from '../text/vocabulary';

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

  /** An index over `docs` (see {@link Bm25Builder} to add documents one at a time). */
  static build(docs: readonly FieldedTerms[], params: Bm25Params): Bm25Index {
    const vocabulary = new Vocabulary();
    const builder = new Bm25Builder(params, (id) => vocabulary.text(id));
    for (const doc of docs) {
      doc.forEach((chunks, field) => chunks.forEach((terms) => builder.addTerms(field, terms.map((t) => vocabulary.id(t)))));
      builder.endDocument();
    }
    return builder.build();
  }

  /** @internal Used by {@link Bm25Builder}. */
  static fromPostings(
    termIds: ReadonlyMap<string, number>,
    idfs: Float64Array,
    offsets: Uint32Array,
    docs: Uint32Array,
    evidence: Float32Array,
    docCount: number,
  ): Bm25Index {
    return new Bm25Index(termIds, idfs, offsets, docs, evidence, docCount);
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

/**
 * Builds a {@link Bm25Index} one document at a time, so the caller can analyse a text, hand over its terms and
 * forget them: nothing per text outlives the call. Terms arrive as ids of the caller's vocabulary (counting them in
 * typed arrays is what makes 20,000 entries quick to index). Frequencies are counted per (term, document, field)
 * and only weighted when the index is built, because length normalisation needs every field's average length.
 */
export class Bm25Builder {
  /** Our own term number for each of the caller's term ids, plus one (0: not seen yet). */
  private localIds = new Uint32Array(1 << 14);
  /** The caller's id of each of our terms. */
  private readonly callerIds: number[] = [];
  private readonly postings = new Postings(1 << 16);
  /** Terms per (document, field): `fieldLengths[d × fieldCount + f]`. */
  private fieldLengths = new Uint32Array(1 << 12);
  private docCount = 0;
  /** Occurrences of each term in each field of the current document, by slot `term × fieldCount + field`. */
  private counts = new Uint32Array(1 << 14);
  /** Per slot, 1 + the last document it occurred in (0: none yet). */
  private lastDoc = new Uint32Array(1 << 14);
  /** The slots the current document uses, in order of first appearance. */
  private inDoc = new Uint32Array(1 << 10);
  private distinct = 0;

  /** `textOf` names a term id of the caller's vocabulary (the index is looked up by text). */
  constructor(
    private readonly params: Bm25Params,
    private readonly textOf: (id: number) => string,
  ) {}

  /**
   * Adds the first `count` terms (the caller's ids) to field `field` of the current document (any number of calls
   * per field). With `twins`, a term equal to its twin at the same position is left out (the accented index keeps
   * only the terms that differ from their folded form).
   */
  addTerms(field: number, terms: ArrayLike<number>, count = terms.length, twins?: ArrayLike<number>): void {
    const fieldCount = this.params.fields.length;
    if (!(field >= 0 && field < fieldCount)) throw new RangeError(`[Bm25Builder.addTerms]: no field ${field}`);
    // A field that weighs nothing must not make its terms look more common (their idf) either.
    if (this.params.fields[field]!.weight === 0) return;
    const slot = this.docCount * fieldCount + field;
    if (slot >= this.fieldLengths.length) this.fieldLengths = grown(this.fieldLengths, slot + 1);
    let added = 0;
    for (let i = 0; i < count; i++) {
      if (twins && terms[i] === twins[i]) continue;
      const at = this.localId(terms[i]!) * fieldCount + field;
      if (this.lastDoc[at] !== this.docCount + 1) {
        this.lastDoc[at] = this.docCount + 1;
        if (this.distinct === this.inDoc.length) this.inDoc = grown(this.inDoc, this.distinct + 1);
        this.inDoc[this.distinct++] = at;
      }
      this.counts[at]!++;
      added++;
    }
    this.fieldLengths[slot]! += added;
  }

  /** Closes the current document; the next `addTerms` starts a new one. */
  endDocument(): void {
    const fieldCount = this.params.fields.length;
    const slot = (this.docCount + 1) * fieldCount;
    if (slot > this.fieldLengths.length) this.fieldLengths = grown(this.fieldLengths, slot);
    for (let k = 0; k < this.distinct; k++) {
      const at = this.inDoc[k]!;
      this.postings.push(Math.floor(at / fieldCount), this.docCount, at % fieldCount, this.counts[at]!);
      this.counts[at] = 0;
    }
    this.distinct = 0;
    this.docCount++;
  }

  build(): Bm25Index {
    const { params, docCount, fieldLengths } = this;
    const fieldCount = params.fields.length;
    const avgLength = new Float64Array(fieldCount);
    for (let d = 0; d < docCount; d++) for (let f = 0; f < fieldCount; f++) avgLength[f]! += fieldLengths[d * fieldCount + f]!;
    for (let f = 0; f < fieldCount; f++) avgLength[f] = docCount ? Math.max(avgLength[f]! / docCount, 1) : 1;
    /** What one occurrence of a term adds to its document's tf, in field f of document d: `[d × fieldCount + f]`. */
    const perOccurrence = new Float64Array(docCount * fieldCount);
    for (let d = 0; d < docCount; d++) {
      for (let f = 0; f < fieldCount; f++) {
        const spec = params.fields[f]!;
        perOccurrence[d * fieldCount + f] = spec.weight / (1 - spec.b + (spec.b * fieldLengths[d * fieldCount + f]!) / avgLength[f]!);
      }
    }

    // Group the postings by term (a counting sort keeps documents ascending, and fields in order, within a term)
    // and merge each document's fields into one weighted tf.
    const termCount = this.callerIds.length;
    const { term, doc, field, count, size } = this.postings;
    const starts = new Uint32Array(termCount + 1);
    for (let i = 0; i < size; i++) starts[term[i]! + 1]!++;
    for (let t = 0; t < termCount; t++) starts[t + 1]! += starts[t]!;
    const cursor = starts.slice(0, termCount);
    const sortedDoc = new Uint32Array(size);
    const sortedTf = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const at = cursor[term[i]!]!++;
      sortedDoc[at] = doc[i]!;
      sortedTf[at] = count[i]! * perOccurrence[doc[i]! * fieldCount + field[i]!]!;
    }
    const offsets = new Uint32Array(termCount + 1);
    const postingDocs = new Uint32Array(size);
    const evidence = new Float32Array(size);
    const idfs = new Float64Array(termCount);
    let out = 0;
    for (let t = 0; t < termCount; t++) {
      offsets[t] = out;
      for (let i = starts[t]!; i < starts[t + 1]!; ) {
        const d = sortedDoc[i]!;
        let tf = 0;
        for (; i < starts[t + 1]! && sortedDoc[i] === d; i++) tf += sortedTf[i]!;
        postingDocs[out] = d;
        evidence[out++] = tf / (tf + params.k1);
      }
      idfs[t] = idfOf(out - offsets[t]!, docCount);
    }
    offsets[termCount] = out;
    const termIds = new Map(this.callerIds.map((callerId, id) => [this.textOf(callerId), id]));
    return Bm25Index.fromPostings(termIds, idfs, offsets, postingDocs.slice(0, out), evidence.slice(0, out), docCount);
  }

  private localId(callerId: number): number {
    if (callerId >= this.localIds.length) this.localIds = grown(this.localIds, callerId + 1);
    let id = this.localIds[callerId]! - 1;
    if (id < 0) {
      id = this.callerIds.length;
      this.callerIds.push(callerId);
      this.localIds[callerId] = id + 1;
      const slots = (id + 1) * this.params.fields.length;
      if (slots > this.counts.length) {
        this.counts = grown(this.counts, slots);
        this.lastDoc = grown(this.lastDoc, slots);
      }
    }
    return id;
  }
}

/** (term, document, field, occurrences) postings in parallel typed arrays that double when full. */
class Postings {
  term: Uint32Array;
  doc: Uint32Array;
  field: Uint8Array;
  count: Uint32Array;
  size = 0;

  constructor(capacity: number) {
    this.term = new Uint32Array(capacity);
    this.doc = new Uint32Array(capacity);
    this.field = new Uint8Array(capacity);
    this.count = new Uint32Array(capacity);
  }

  push(term: number, doc: number, field: number, count: number): void {
    if (this.size === this.term.length) {
      this.term = grown(this.term, this.size + 1);
      this.doc = grown(this.doc, this.size + 1);
      this.field = grown(this.field, this.size + 1);
      this.count = grown(this.count, this.size + 1);
    }
    this.term[this.size] = term;
    this.doc[this.size] = doc;
    this.field[this.size] = field;
    this.count[this.size++] = count;
  }
}

/** A copy of `a`, at least twice as long and at least `atLeast` long. */
function grown<T extends Uint8Array | Uint32Array | Float64Array>(a: T, atLeast: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(a.length * 2, atLeast));
  bigger.set(a);
  return bigger;
}

/** BM25's probabilistic idf, kept positive (the "+1" inside the log) so that very common terms still count a little. */
function idfOf(docFreq: number, docCount: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}
