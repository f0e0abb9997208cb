/** Repairing syllables the knowledge base has never seen, with fuse.js over the vocabulary. */
import { TypoCorrector } from '../../src/matching/typoCorrector';

const vocabulary = ['can', 'cuoc', 'tam', 'tru', 'mat', 'khau', 'vneid', 'passcode', 'dang', 'ky', 'thuong', 'keo'];
const bigrams = new Set(['can_cuoc', 'tam_tru', 'mat_khau', 'dang_ky', 'thuong_tru']);
const known = new Set(vocabulary);
const corrector = new TypoCorrector(
  (s) => known.has(s),
  (a, b) => bigrams.has(`${a}_${b}`),
  vocabulary,
  { threshold: 0.3, splitConfidence: 0.9 },
);

test.each([
  { typo: 'cuowc', fixed: ['cuoc'] },
  { typo: 'vneidd', fixed: ['vneid'] },
  { typo: 'passcodee', fixed: ['passcode'] },
  { typo: 'tamtru', fixed: ['tam', 'tru'] },
  { typo: 'matkhau', fixed: ['mat', 'khau'] },
  { typo: 'thuongtru', fixed: ['thuong', 'tru'] },
])('«$typo» → $fixed', ({ typo, fixed }) => {
  const c = corrector.correct(typo);
  expect(c?.syllables).toEqual(fixed);
  expect(c?.confidence).toBeGreaterThan(0);
  expect(c?.confidence).toBeLessThanOrEqual(1);
});

test.each(['meo', 'ab', 'wifi', 'zalo', '2024', 'tam_tru'])('«%s» is left alone (too short, too far, a number or a bigram)', (word) => {
  expect(corrector.correct(word)).toBeUndefined();
});

test('a run-together pair is split only where the pair is a known bigram', () => {
  expect(corrector.correct('trutam')).toBeUndefined();
});
