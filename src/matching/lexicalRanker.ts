/**
 * Ranks knowledge entries for a question. Each entry is one fielded document (all its example questions, title,
 * keywords, answer), so a question that combines words from several phrasings, or from the answer, still finds it.
 * (Scoring each example question on its own and keeping the best was measured too: it lost 5–13 points of top-1 in
 * leave-one-out, because a new phrasing rarely follows one known phrasing closely.) Scores are normalised to 0..1
 * (see {@link DualIndex}), so thresholds mean the same thing for a three-word question and a long story.
 */
import type { Entry } from '../knowledge/schema';
import type { Analysis, Terms } from '../text/analyzer';
import { BIGRAM_JOINER } from '../text/analyzer';
import { Accumulator, DualIndex, type AnalysedDocument } from './dualIndex';
import { entryFieldTexts } from './entryFields';
import { ENTRY_FIELDS, SMALL_TALK_GROUP, type RankingParams } from './params';
import { PhraseMatcher } from './phraseMatch';
import { buildQueryTerms, repairSyllables, type QueryTerm, type QueryTerms } from './queryTerms';
import { TypoCorrector } from './typoCorrector';
import type { ScoredEntry } from './types';

/** What the ranker needs from the text pipeline (`TextAnalyzer`, or a caching wrapper around it). */
export interface TermSource {
  analyze(text: string): Analysis;
  terms(analysis: Analysis): Terms;
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
    const analyse = (text: string): Terms => analyzer.terms(analyzer.analyze(text));
    const entryDocs: AnalysedDocument[] = entries.map((entry) => {
      const texts = entryFieldTexts(entry);
      return ENTRY_FIELDS.map((field) => texts[field].map(analyse));
    });
    const index = DualIndex.build(entryDocs, { k1: params.k1, fields: ENTRY_FIELDS.map((f) => params.fields[f]) });

    const folded = index.folded;
    const vocabulary = [...folded.terms()].filter((t) => !t.includes(BIGRAM_JOINER));
    const corrector = new TypoCorrector(
      (s) => folded.has(s),
      (a, b) => folded.has(`${a}${BIGRAM_JOINER}${b}`),
      vocabulary,
      params.typo,
    );
    const phrases = new PhraseMatcher(
      entries.map((e) => [...(e.keywords ?? []), ...(params.titleAsPhrase ? [e.title] : [])].map(analyse)),
      (t) => folded.idf(t),
    );
    return new LexicalRanker(entries, analyzer, params, index, corrector, phrases, courtesyVocabulary(entries, analyse));
  }

  /** The `limit` best entries with a score above zero, best first; ties keep knowledge-file order. */
  rank(question: string, limit: number): ScoredEntry[] {
    const { params } = this;
    const folded = this.index.folded;
    const syllables = repairSyllables(this.analyzer.analyze(question), (s) => folded.has(s), this.corrector, params.typo.weight);
    let terms = buildQueryTerms(syllables);
    const size = Math.max(limit, params.shortlist);
    let { shortlist } = this.shortlist(terms, size, false);

    // "Chào bạn, cho mình hỏi quên mật khẩu VNeID": the courtesy words belong to small talk and should neither make
    // it a rival of the real subject nor dilute the subject's score. Rank again without them, small talk excluded,
    // and keep that ranking only when the subject then scores better than both the small talk and itself before.
    const top = shortlist.slice(0, COURTESY_RANK);
    const smallTalk = top.find((c) => this.smallTalk[c.d]);
    const subject = shortlist.find((c) => !this.smallTalk[c.d]);
    if (smallTalk && subject) {
      const content = withoutTerms(terms, this.courtesy);
      const rest = this.shortlist(content, size, true);
      const restBest = rest.shortlist[0]?.score ?? 0;
      if (restBest > smallTalk.score && restBest > subject.score) ({ shortlist, terms } = { shortlist: rest.shortlist, terms: content });
    }

    const k = params.phraseWeight;
    const best: Candidate[] = [];
    for (const c of shortlist) {
      const phrase = this.phrases.best(c.d, terms.folded);
      keepBest(best, { d: c.d, score: c.score * (1 - k + k * phrase) }, limit);
    }
    return best.map((c) => ({ entry: this.entries[c.d]!, score: c.score }));
  }

  /** The `size` best entries by normalised BM25 share, and the question's ideal score. */
  private shortlist(terms: QueryTerms, size: number, skipSmallTalk: boolean): { shortlist: Candidate[]; ideal: number } {
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
    return { shortlist, ideal };
  }
}

/** Small talk counts as courtesy only when it ranks this high for the whole question. */
const COURTESY_RANK = 3;

function withoutTerms(terms: QueryTerms, removed: CourtesyVocabulary): QueryTerms {
  const minus = (a: Map<string, QueryTerm>, b: ReadonlySet<string>): Map<string, QueryTerm> =>
    new Map([...a].filter(([t]) => !b.has(t)));
  return { folded: minus(terms.folded, removed.folded), accented: minus(terms.accented, removed.accented) };
}

interface CourtesyVocabulary {
  folded: ReadonlySet<string>;
  accented: ReadonlySet<string>;
}

/** The words of small-talk entries' example questions, keywords and title ("xin chào", "cảm ơn"), not their answers. */
function courtesyVocabulary(entries: readonly Entry[], analyse: (text: string) => Terms): CourtesyVocabulary {
  const folded = new Set<string>();
  const accented = new Set<string>();
  for (const e of entries) {
    if (e.group !== SMALL_TALK_GROUP) continue;
    for (const text of [e.title, ...e.questions, ...(e.keywords ?? [])]) {
      const t = analyse(text);
      t.folded.forEach((x) => folded.add(x));
      t.accented.forEach((x) => accented.add(x));
    }
  }
  return { folded, accented };
}

interface Candidate {
  d: number;
  score: number;
}

const outranks = (a: Candidate, b: Candidate): boolean => a.score > b.score || (a.score === b.score && a.d < b.d);

/** Keeps `best` sorted and at most `limit` long: a partial sort, since only a handful of the entries are wanted. */
function keepBest(best: Candidate[], c: Candidate, limit: number): void {
  if (best.length === limit && !outranks(c, best[limit - 1]!)) return;
  let i = best.length;
  while (i > 0 && outranks(c, best[i - 1]!)) i--;
  best.splice(i, 0, c);
  if (best.length > limit) best.pop();
}
