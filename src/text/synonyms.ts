/**
 * Rewrites how people type (ko, đc, cccd, "vn eid", hộ khẩu…) into the words the knowledge base uses,
 * from the trainer-editable `knowledge/synonyms.yaml`. Works on token lists, longest phrase first, so
 * "chi phí" can be protected from the dialect rule "chi → gì" by listing it as itself.
 */
import type { Synonyms } from '../knowledge/schema';
import { fold, hasDiacritics, normalize } from './normalize';

interface Rule {
  replacement: string[];
}

/** Phrase → replacement, keyed by the phrase's tokens joined with spaces. */
type RuleTable = Map<string, Rule>;

export class SynonymExpander {
  /** Rules keyed by the exact (accented) phrase. */
  private readonly exact: RuleTable = new Map();
  /** Rules keyed by the folded phrase: used only when the citizen typed the words without any diacritic. */
  private readonly folded: RuleTable = new Map();
  private readonly longestPhrase: number;
  /** First words of every rule (exact and folded): most tokens start no rule, and are passed over with one lookup. */
  private readonly exactFirstWords = new Set<string>();
  private readonly foldedFirstWords = new Set<string>();

  constructor(synonyms: Synonyms) {
    let longest = 1;
    const add = (phrase: string, replacement: string): void => {
      const key = normalize(phrase);
      const rule = { replacement: normalize(replacement).split(' ').filter(Boolean) };
      if (!key || rule.replacement.length === 0) return;
      const words = key.split(' ');
      longest = Math.max(longest, words.length);
      if (!this.exact.has(key)) this.exact.set(key, rule);
      const foldedKey = fold(key);
      if (!this.folded.has(foldedKey)) this.folded.set(foldedKey, rule);
      this.exactFirstWords.add(words[0] as string);
      this.foldedFirstWords.add(fold(words[0] as string));
    };
    // Explicit abbreviations first, so they win over an equivalence group that happens to fold the same way.
    for (const [from, to] of Object.entries(synonyms.abbreviations)) add(from, to);
    for (const group of synonyms.equivalents) {
      const [canonical] = group;
      if (canonical === undefined) continue;
      for (const phrase of group) add(phrase, canonical);
    }
    this.longestPhrase = longest;
  }

  /** Expands normalised tokens; tokens no rule covers pass through unchanged. */
  expand(tokens: readonly string[]): string[] {
    const folded = tokens.map(fold);
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      const hit = this.longestMatchAt(tokens, folded, i);
      if (hit) {
        out.push(...hit.rule.replacement);
        i += hit.length;
      } else {
        out.push(tokens[i] as string);
        i += 1;
      }
    }
    return out;
  }

  private longestMatchAt(
    tokens: readonly string[],
    folded: readonly string[],
    start: number,
  ): { rule: Rule; length: number } | undefined {
    const first = tokens[start] as string;
    const firstIsPlain = folded[start] === first; // i.e. typed without diacritics
    if (!this.exactFirstWords.has(first) && !(firstIsPlain && this.foldedFirstWords.has(first))) return undefined;
    const max = Math.min(this.longestPhrase, tokens.length - start);
    for (let len = max; len >= 1; len--) {
      const phrase = tokens.slice(start, start + len).join(' ');
      const exact = this.exact.get(phrase);
      if (exact) return { rule: exact, length: len };
      // "ho khau" typed without accents may mean "hộ khẩu"; "hổ khẩu" typed with other accents may not.
      if (!hasDiacritics(phrase)) {
        const loose = this.folded.get(phrase);
        if (loose) return { rule: loose, length: len };
      }
    }
    return undefined;
  }
}
