/**
 * Rewrites how people type (ko, đc, cccd, "vn eid", hộ khẩu…) into the words the knowledge base uses,
 * from the trainer-editable `knowledge/synonyms.yaml`. Works on syllables, longest phrase first, so
 * "chi phí" can be protected from the dialect rule "chi → gì" by listing it as itself.
 *
 * Phrases are kept in two tries of syllables (exact, and folded for words typed without any diacritic), so finding
 * the longest phrase at a position walks forward syllable by syllable instead of joining every candidate length
 * into a string: indexing 20,000 entries expands millions of syllables.
 */
import type { Synonyms } from '../knowledge/schema';
import { fold, normalize } from './normalize';
import type { Syllable } from './syllable';

class TrieNode {
  readonly next = new Map<string, TrieNode>();
  replacement: readonly Syllable[] | undefined;

  /** Adds `words` below this node; the first replacement given for a phrase wins. */
  insert(words: readonly string[], replacement: readonly Syllable[]): void {
    let node: TrieNode = this;
    for (const word of words) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = new TrieNode()));
      node = child;
    }
    node.replacement ??= replacement;
  }
}

export class SynonymExpander {
  /** Phrases as written (accented). */
  private readonly exact = new TrieNode();
  /** Phrases folded: used only when the citizen typed the words without any diacritic. */
  private readonly loose = new TrieNode();

  /** `syllable` makes the syllables replacements are written with. */
  constructor(synonyms: Synonyms, syllable: (text: string) => Syllable) {
    const add = (phrase: string, replacement: string): void => {
      const key = normalize(phrase);
      const words = normalize(replacement).split(' ').filter(Boolean);
      if (!key || words.length === 0) return;
      const rule = words.map(syllable);
      const keyWords = key.split(' ');
      this.exact.insert(keyWords, rule);
      this.loose.insert(keyWords.map(fold), rule);
    };
    // Explicit abbreviations first, so they win over an equivalence group that happens to fold the same way.
    for (const [from, to] of Object.entries(synonyms.abbreviations)) add(from, to);
    for (const group of synonyms.equivalents) {
      const [canonical] = group;
      if (canonical === undefined) continue;
      for (const phrase of group) add(phrase, canonical);
    }
  }

  /** Whether some phrase starts with this syllable (`folded` is its folded form). */
  startsRule(text: string, folded: string): boolean {
    return this.exact.next.has(text) || (folded === text && this.loose.next.has(text));
  }

  /**
   * Calls `emit` with each of the first `count` syllables of `input` after expansion, stop words left out;
   * syllables no rule covers pass through unchanged.
   */
  expand(input: readonly Syllable[], count: number, emit: (syllable: Syllable) => void): void {
    let i = 0;
    while (i < count) {
      const syllable = input[i]!;
      const hit = syllable.startsRule ? this.longestMatchAt(input, count, i) : undefined;
      if (hit) {
        const { replacement } = hit;
        for (let k = 0; k < replacement.length; k++) if (!replacement[k]!.stop) emit(replacement[k]!);
        i += hit.length;
      } else {
        if (!syllable.stop) emit(syllable);
        i += 1;
      }
    }
  }

  /** The longest phrase starting at `start`; at equal length an exact match wins over a folded one. */
  private longestMatchAt(
    input: readonly Syllable[],
    count: number,
    start: number,
  ): { replacement: readonly Syllable[]; length: number } | undefined {
    let exact: TrieNode | undefined = this.exact;
    // "ho khau" typed without accents may mean "hộ khẩu"; "hổ khẩu" typed with other accents may not: the folded
    // trie is followed only while every syllable so far was typed without diacritics.
    let loose: TrieNode | undefined = this.loose;
    let best: { replacement: readonly Syllable[]; length: number } | undefined;
    for (let i = start; i < count && (exact || loose); i++) {
      const { text, folded } = input[i]!;
      exact = exact?.next.get(text);
      loose = loose && folded === text ? loose.next.get(text) : undefined;
      const replacement = exact?.replacement ?? loose?.replacement;
      if (replacement) best = { replacement, length: i - start + 1 };
    }
    return best;
  }
}
