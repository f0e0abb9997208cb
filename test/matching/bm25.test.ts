/** BM25F properties the ranking relies on, on tiny hand-made documents. */
import { Accumulator, DualIndexBuilder } from '../../src/matching/dualIndex';
import { TermIds } from '../../src/text/analyzer';
import { Vocabulary } from '../../src/text/vocabulary';
import { Bm25Index, type Bm25Params, type FieldedTerms } from '../../src/matching/bm25';

/** A document whose fields are each one chunk of terms. */
const doc = (...fields: string[][]): FieldedTerms => fields.map((terms) => [terms]);

const params: Bm25Params = { k1: 1.2, fields: [{ weight: 1, b: 0.75 }, { weight: 0.3, b: 0.75 }] };

function scores(index: Bm25Index, terms: string[], docCount: number): number[] {
  const acc = new Accumulator(docCount);
  for (const t of terms) index.accumulate(t, 1, acc.scores, acc.seen, acc.touched);
  return Array.from(acc.scores);
}

test('a rare term weighs more than a common one', () => {
  const docs = [doc(['tạm', 'trú']), doc(['tạm', 'vắng']), doc(['tạm', 'giữ']), doc(['căn', 'cước'])];
  const index = Bm25Index.build(docs, params);
  expect(index.idf('trú')!).toBeGreaterThan(index.idf('tạm')!);
  const [a] = scores(index, ['tạm', 'trú'], docs.length);
  const [, b] = scores(index, ['tạm', 'trú'], docs.length);
  expect(a).toBeGreaterThan(b!);
});

test('the same match counts more in a short document than in a long one', () => {
  const long = ['thẻ', ...Array.from({ length: 30 }, (_, i) => `từ${i}`)];
  const index = Bm25Index.build([doc(['thẻ', 'mới']), doc(long)], params);
  const [short, longer] = scores(index, ['thẻ'], 2);
  expect(short).toBeGreaterThan(longer!);
});

test('a field with a lower weight counts less', () => {
  const index = Bm25Index.build([doc(['hộ', 'chiếu'], []), doc([], ['hộ', 'chiếu'])], params);
  const [inMain, inSecondary] = scores(index, ['chiếu'], 2);
  expect(inMain).toBeGreaterThan(inSecondary!);
  expect(inSecondary).toBeGreaterThan(0);
});

test('repeating a term saturates instead of growing without bound', () => {
  const index = Bm25Index.build([doc(Array<string>(50).fill('otp')), doc(['otp'])], { k1: 1.2, fields: [{ weight: 1, b: 0 }] });
  const [many, once] = scores(index, ['otp'], 2);
  expect(many).toBeGreaterThan(once!);
  expect(many! / index.idf('otp')!).toBeLessThan(1);
});

test('unknown terms score nothing and report no idf; the unseen idf is the highest possible', () => {
  const index = Bm25Index.build([doc(['a']), doc(['b'])], params);
  expect(index.idf('zzz')).toBeUndefined();
  expect(scores(index, ['zzz'], 2)).toEqual([0, 0]);
  expect(index.unseenIdf).toBeGreaterThan(index.idf('a')!);
});

test('a field given as several chunks counts like the same terms in one chunk', () => {
  const split = Bm25Index.build([[[['mã'], ['otp', 'mã']]], doc(['otp'])], params);
  const whole = Bm25Index.build([doc(['mã', 'otp', 'mã']), doc(['otp'])], params);
  expect(scores(split, ['mã', 'otp'], 2)).toEqual(scores(whole, ['mã', 'otp'], 2));
});

test('an empty index answers without failing', () => {
  const index = Bm25Index.build([], params);
  expect(index.has('x')).toBe(false);
  expect(scores(index, ['x'], 0)).toEqual([]);
});

test('the accented index keeps only terms with diacritics; the folded index keeps them all', () => {
  const vocabulary = new Vocabulary();
  const builder = new DualIndexBuilder(params, (id) => vocabulary.text(id));
  const ids = (terms: string[]): number[] => terms.map((t) => vocabulary.id(t));
  // "làm căn cước online": accented and folded position for position.
  const accented = ids(['làm', 'căn', 'cước', 'online']);
  const folded = ids(['lam', 'can', 'cuoc', 'online']);
  builder.addText(0, Object.assign(new TermIds(), { accented: Uint32Array.from(accented), folded: Uint32Array.from(folded), length: 4 }));
  builder.endDocument();
  const index = builder.build();
  expect(['lam', 'can', 'cuoc', 'online'].every((t) => index.folded.has(t))).toBe(true);
  expect(['làm', 'căn', 'cước'].every((t) => index.accented.has(t))).toBe(true);
  expect(index.accented.has('online')).toBe(false);
  expect(index.accented.has('lam')).toBe(false);
});

test('a field that weighs nothing adds no evidence and does not make its terms look common', () => {
  const weighted: Bm25Params = { k1: 1.2, fields: [{ weight: 1, b: 0.75 }, { weight: 0, b: 0.75 }] };
  const index = Bm25Index.build([doc(['otp'], ['otp', 'mã']), doc([], ['otp']), doc(['mã'])], weighted);
  expect(index.idf('otp')).toBe(Bm25Index.build([doc(['otp']), doc([]), doc(['mã'])], weighted).idf('otp'));
  expect(scores(index, ['otp'], 3)[1]).toBe(0);
});
