/**
 * Remembers the analysis of texts already seen. Rebuilding an index many times over almost the same knowledge
 * (leave-one-out evaluation rebuilds once per example question) then costs the BM25 arithmetic, not the text
 * pipeline. A one-off build does not need it: it would only keep every analysis alive.
 */
import { TermIds, type Analysis, type Terms } from '../text/analyzer';
import type { TermSource } from './lexicalRanker';

export class CachingAnalyzer implements TermSource {
  private readonly analyses = new Map<string, Analysis>();
  private readonly termLists = new WeakMap<Analysis, Terms>();
  private readonly termIds = new Map<string, TermIds>();

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

  indexTerms(text: string, out: TermIds = new TermIds()): TermIds {
    let ids = this.termIds.get(text);
    if (!ids) this.termIds.set(text, (ids = this.inner.indexTerms(text).copy()));
    out.reset(ids.length);
    out.accented.set(ids.accented.subarray(0, ids.length));
    out.folded.set(ids.folded.subarray(0, ids.length));
    return out;
  }

  termText(id: number): string {
    return this.inner.termText(id);
  }
}
