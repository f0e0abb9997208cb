/**
 * One distinct syllable as the analyzer knows it, made once and shared by every text that contains it: the
 * properties the pipeline needs for each of millions of occurrences are worked out once per syllable.
 */
export interface Syllable {
  /** Normalised (NFC, lower case, one tone placement), with its diacritics. */
  readonly text: string;
  /** Without diacritics (đ→d). */
  readonly folded: string;
  /** `text` and `folded` in the analyzer's vocabulary; -1 for a citizen's word it has not learnt. */
  readonly id: number;
  readonly foldedId: number;
  /** A stop word: dropped after synonym expansion. */
  readonly stop: boolean;
  /** Some synonym rule starts with this syllable (most do not, and skip the rule lookup). */
  readonly startsRule: boolean;
}
