/** BM25F properties the ranking relies on, on tiny hand-made documents. */
import { Accumulator } from '../../src/matching/dualIndex';
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
