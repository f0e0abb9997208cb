/**
 * Numbers the distinct terms (syllables and bigrams, accented and folded) of the texts an analyzer has indexed, so
 * that building an index counts terms in typed arrays instead of hashing millions of strings: 20,000 entries hold
 * about seven million term occurrences but only a few hundred thousand distinct terms.
 *
 * Append-only: it learns only the knowledge base's texts (see `TextAnalyzer.indexTerms`), never citizens' messages,
 * so it is bounded by the knowledge base and nothing a citizen typed is kept in it.
 */

/** Joins the two syllables of a bigram; never produced by normalisation, so it cannot collide with a syllable. */
export const BIGRAM_JOINER = '_';

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  /** `pairs[first].get(second)`: the id of the bigram of two known terms. */
  private readonly pairs: Array<Map<number, number> | undefined> = [];

  /** How many distinct terms it knows. */
  get size(): number {
    return this.texts.length;
  }

  /** The id of `text`, assigned on first sight. */
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  /** The term numbered `id`. */
  text(id: number): string {
    const text = this.texts[id];
    if (text === undefined) throw new RangeError(`[Vocabulary.text]: unknown term id ${id}`);
    return text;
  }

  /** The id of the bigram `first_second`, whose string is made once per pair. */
  bigram(first: number, second: number): number {
    let after = this.pairs[first];
    if (!after) this.pairs[first] = after = new Map();
    let id = after.get(second);
    if (id === undefined) {
      id = this.id(`${this.text(first)}${BIGRAM_JOINER}${this.text(second)}`);
      after.set(second, id);
    }
    return id;
  }
}
