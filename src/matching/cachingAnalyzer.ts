/**
 * Remembers the analysis of texts already seen. Rebuilding an index many times over almost the same knowledge
 * (leave-one-out evaluation rebuilds once per example question) then costs the BM25 arithmetic, not the text pipeline.
 */
import type { Analysis, Terms } from '../text/analyzer';
import type { TermSource } from './lexicalRanker';

export class CachingAnalyzer implements TermSource {
  private readonly analyses = new Map<string, Analysis>();
  private readonly termLists = new WeakMap<Analysis, Terms>();

  constructor(private readonly inner: TermSource) {}

  analyze(text: string): Analysis {
    let a = this.analyses.get(text);
    if (!a) this.analyses.set(text, (a = this.inner.analyze(text)));
    return a;
  }

  terms(analysis: Analysis): Terms {
    let t = this.termLists.get(analysis);
    if (!t) this.termLists.set(analysis, (t = this.inner.terms(analysis)));
    return t;
  }
}
