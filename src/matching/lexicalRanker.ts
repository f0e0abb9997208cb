/**
 * Ranks knowledge entries for a question, in three steps:
 * 1. repair syllables the knowledge base has never seen (typos, run-together words) — {@link TypoCorrector};
 * 2. BM25F over each entry as one fielded document (all its example questions, title, keywords, answer), accented and
 *    folded — {@link DualIndex}; scores are the share of the question's information an entry explains, 0..1, so a
 *    threshold means the same thing for a three-word question and a long story;
 * 3. re-rank the shortlist by how completely the question names one of the entry's identifying phrases —
 *    {@link PhraseMatcher}.
 * Scoring each example question on its own and keeping the best was measured too: it lost 5–13 points of top-1 in
 * leave-one-out, because a new phrasing rarely follows one known phrasing closely.
 */
import type { Entry } from '../knowledge/schema';
import { TermIds, type Analysis, type Terms } from '../text/analyzer';
import { BIGRAM_JOINER } from '../text/analyzer';
import { courtesyVocabulary, withoutCourtesy, type CourtesyVocabulary } from './courtesy';
import { Accumulator, DualIndexBuilder, type DualIndex } from './dualIndex';
import { entryFieldTexts } from './entryFields';
import { ENTRY_FIELDS, SMALL_TALK_GROUP, type RankingParams } from './params';
import { PhraseMatcher } from './phraseMatch';
import { buildQueryTerms, repairSyllables, type QueryTerms } from './queryTerms';
import { keepBest, type Candidate } from './topK';
import { TypoCorrector } from './typoCorrector';
import type { ScoredEntry } from './types';

/** What the ranker needs from the text pipeline (`TextAnalyzer`, or a caching wrapper around it). */
export interface TermSource {
  analyze(text: string): Analysis;
  terms(analysis: Analysis): Terms;
  indexTerms(text: string, out?: TermIds): TermIds;
  termText(id: number): string;
}

export class LexicalRanker {
  private readonly acc: Accumulator;
  /** Entries answering courtesy (greetings, thanks), by index. */
  private readonly smallTalk: boolean[];

  private constructor(
    private readonly entries: readonly Entry[],
    private readonly analyzer: TermSource,
    private readonly params: RankingParams,
    private readonly index: DualIndex,
    private readonly corrector: TypoCorrector,
    private readonly phrases: PhraseMatcher,
    private readonly courtesy: CourtesyVocabulary,
  ) {
    this.acc = new Accumulator(entries.length);
    this.smallTalk = entries.map((e) => e.group === SMALL_TALK_GROUP);
  }

  static build(entries: readonly Entry[], analyzer: TermSource, params: RankingParams): LexicalRanker {
    // Each text is analysed into vocabulary ids, handed to the index builder and forgotten: at 20,000 entries,
    // keeping every analysis alive until the end tripled the build time in garbage collection, and counting terms
    // by string instead of by id cost as much as the analysis itself (both measured). A caller that rebuilds many
    // times over the same texts (leave-one-out) passes a CachingAnalyzer.
    const builder = new DualIndexBuilder({ k1: params.k1, fields: ENTRY_FIELDS.map((f) => params.fields[f]) }, (id) =>
      analyzer.termText(id),
    );
    // Sibling entries share keywords ("đổi số điện thoại trên VNeID"): one list of terms per distinct phrase.
    const phraseTerms = new Map<string, string[]>();
    const foldedText = (text: string, ids: TermIds): string[] => {
      let list = phraseTerms.get(text);
      if (!list) phraseTerms.set(text, (list = Array.from(ids.folded.subarray(0, ids.length), (id) => analyzer.termText(id))));
      return list;
    };
    /** Per entry, the folded terms of its identifying phrases: keywords, then the title. */
    const phrases: string[][][] = [];
    const terms = new TermIds();
    for (const entry of entries) {
      const texts = entryFieldTexts(entry);
      const identifying: string[][] = [];
      let title: string[] | undefined;
      ENTRY_FIELDS.forEach((field, f) => {
        for (const text of texts[field]) {
          analyzer.indexTerms(text, terms);
          builder.addText(f, terms);
          if (field === 'keywords') identifying.push(foldedText(text, terms));
          else if (field === 'title' && params.titleAsPhrase) title = foldedText(text, terms);
        }
      });
      if (title) identifying.push(title);
      phrases.push(identifying);
      builder.endDocument();
    }
    const index = builder.build();

    const folded = index.folded;
    const vocabulary = [...folded.terms()].filter((t) => !t.includes(BIGRAM_JOINER));
    const corrector = new TypoCorrector(
      (s) => folded.has(s),
      (a, b) => folded.has(`${a}${BIGRAM_JOINER}${b}`),
      vocabulary,
      params.typo,
    );
    const phraseMatcher = new PhraseMatcher(phrases, (t) => folded.idf(t));
    const courtesy = courtesyVocabulary(entries, (text) => analyzer.terms(analyzer.analyze(text)));
    return new LexicalRanker(entries, analyzer, params, index, corrector, phraseMatcher, courtesy);
  }

  /** The `limit` best entries with a score above zero, best first; ties keep knowledge-file order. */
  rank(question: string, limit: number): ScoredEntry[] {
    const { params } = this;
    const folded = this.index.folded;
    const syllables = repairSyllables(this.analyzer.analyze(question), (s) => folded.has(s), this.corrector, params.typo.weight);
    let terms = buildQueryTerms(syllables);
    const size = Math.max(limit, params.shortlist);
    let shortlist = this.shortlist(terms, size, false);

    // "Chào bạn, cho mình hỏi quên mật khẩu VNeID": rank again without the courtesy words, small talk excluded, and
    // keep that ranking only when the subject then scores better than both the small talk and itself before.
    const smallTalk = shortlist.slice(0, COURTESY_RANK).find((c) => this.smallTalk[c.d]);
    const subject = shortlist.find((c) => !this.smallTalk[c.d]);
    if (smallTalk && subject) {
      const content = withoutCourtesy(terms, this.courtesy);
      const rest = this.shortlist(content, size, true);
      const restBest = rest[0]?.score ?? 0;
      if (restBest > smallTalk.score && restBest > subject.score) [shortlist, terms] = [rest, content];
    }

    const k = params.phraseWeight;
    const best: Candidate[] = [];
    for (const c of shortlist) {
      const phrase = this.phrases.best(c.d, terms.folded);
      keepBest(best, { d: c.d, score: c.score * (1 - k + k * phrase) }, limit);
    }
    return best.map((c) => ({ entry: this.entries[c.d]!, score: c.score }));
  }

  /** The `size` best entries by their normalised BM25 share of the question. */
  private shortlist(terms: QueryTerms, size: number, skipSmallTalk: boolean): Candidate[] {
    const { acc } = this;
    const ideal = this.index.accumulate(terms, this.params, acc);
    const shortlist: Candidate[] = [];
    if (ideal > 0) {
      for (const d of acc.touched) {
        const score = Math.min(1, acc.scores[d]! / ideal);
        if (score > 0 && !(skipSmallTalk && this.smallTalk[d])) keepBest(shortlist, { d, score }, size);
      }
    }
    acc.reset();
    return shortlist;
  }
}

/** Small talk counts as courtesy only when it ranks this high for the whole question. */
const COURTESY_RANK = 3;


