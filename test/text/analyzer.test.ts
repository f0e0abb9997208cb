import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SynonymsFileSchema } from '../../src/knowledge/schema';
import { TermIds, TextAnalyzer } from '../../src/text/analyzer';

const synonyms = SynonymsFileSchema.parse(
  YAML.parse(fs.readFileSync(path.join(__dirname, '../fixtures/text/synonyms.yaml'), 'utf8')),
);
const analyzer = new TextAnalyzer(synonyms);
const tokens = (q: string): string => analyzer.analyze(q).tokens.join(' ');

describe('TextAnalyzer', () => {
  test.each([
    { description: 'teencode ko/dc', input: 'ko dang ky dc', expected: 'không dang ky được' },
    { description: 'domain abbreviations', input: 'quên mk, đổi sdt', expected: 'quên mật khẩu đổi số điện thoại' },
    { description: 'multi-word spelling of VNeID', input: 'app vn eid bi loi', expected: 'app vneid bi loi' },
    { description: 'misspelt VNeID', input: 'vnied', expected: 'vneid' },
    { description: 'equivalent phrase maps to the canonical one', input: 'nhập sổ hộ khẩu', expected: 'nhập thường trú' },
    { description: 'equivalents also match when typed without accents', input: 'ca vet xe', expected: 'đăng ký xe xe' },
    { description: 'other accents do not match an equivalent', input: 'cá vét', expected: 'cá vét' },
    { description: 'stop words are dropped', input: 'cho em hỏi ạ', expected: 'cho em hỏi' },
    { description: 'dialect word expands', input: 'làm cccd chi', expected: 'làm căn cước gì' },
    { description: 'a protected phrase keeps its meaning', input: 'chi phí làm cccd', expected: 'chi phí làm căn cước' },
    { description: 'NFD input with teencode', input: 'Quên mk thì làm ntn'.normalize('NFD'), expected: 'quên mật khẩu thì làm như thế nào' },
  ])('$description', ({ input, expected }) => {
    expect(tokens(input)).toBe(expected);
  });

  test('folded tokens align with accented tokens', () => {
    const a = analyzer.analyze('Làm căn cước ở đâu');
    expect(a.folded).toEqual(['lam', 'can', 'cuoc', 'o', 'dau']);
    expect(a.tokens).toHaveLength(a.folded.length);
  });

  test('terms are syllables plus bigrams, accented and folded', () => {
    const t = analyzer.terms(analyzer.analyze('tạm trú'));
    expect(t.accented).toEqual(['tạm', 'trú', 'tạm_trú']);
    expect(t.folded).toEqual(['tam', 'tru', 'tam_tru']);
  });

  test('an unaccented question meets the accented one on folded terms', () => {
    const typed = analyzer.terms(analyzer.analyze('lam can cuoc o dau')).folded;
    const written = analyzer.terms(analyzer.analyze('làm căn cước ở đâu')).folded;
    expect(typed).toEqual(written);
  });

  test('a very long message is handled', () => {
    const long = 'tôi muốn hỏi về căn cước '.repeat(500);
    expect(analyzer.analyze(long).tokens.length).toBe(3000);
  });

  describe('indexing terms (what the index builder counts)', () => {
    const asTexts = (ids: TermIds, which: 'accented' | 'folded'): string[] =>
      Array.from(ids[which].subarray(0, ids.length), (id) => analyzer.termText(id));

    test.each([
      'Làm căn cước ở đâu',
      'lam can cuoc o dau',
      'ko dang ky dc ạ',
      'nhập sổ hộ khẩu cho con',
      'app vn eid bi loi nhé',
      'chi phí làm cccd chi',
      'Quên mk thì làm ntn'.normalize('NFD'),
      '  Hoà   bình\tthuỷ\nkhoẻ!!! 😡 ',
      'ạ',
      '',
      'tạm trú',
    ])('are the terms of the same text, in the same order: %j', (text) => {
      const expected = analyzer.terms(analyzer.analyze(text));
      const ids = analyzer.indexTerms(text);
      expect(asTexts(ids, 'accented')).toEqual(expected.accented);
      expect(asTexts(ids, 'folded')).toEqual(expected.folded);
    });

    test('a reused list holds only the last text', () => {
      const ids = new TermIds();
      analyzer.indexTerms('tôi muốn hỏi thủ tục xác nhận thông tin cư trú cho mẹ đã 80 tuổi', ids);
      analyzer.indexTerms('tạm trú', ids);
      expect(asTexts(ids, 'accented')).toEqual(['tạm', 'trú', 'tạm_trú']);
      expect(asTexts(ids, 'folded')).toEqual(['tam', 'tru', 'tam_tru']);
    });

    test('equal terms get equal ids, whichever text they come from', () => {
      const a = analyzer.indexTerms('đăng ký tạm trú');
      const b = analyzer.indexTerms('dang ky tam tru online');
      const idOf = (ids: TermIds, term: string): number | undefined =>
        Array.from(ids.folded.subarray(0, ids.length)).find((id) => analyzer.termText(id) === term);
      expect(idOf(b, 'dang_ky')).toBeDefined();
      expect(idOf(b, 'dang_ky')).toBe(idOf(a, 'dang_ky'));
      expect(a.accented[0]).not.toBe(a.folded[0]); // đăng ≠ dang
      expect(b.accented[0]).toBe(a.folded[0]); // typed without diacritics: the same term as the folded one
    });
  });

  test('words are separated by every kind of white space', () => {
    const spaces = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => /\s/.test(c));
    expect(spaces.length).toBeGreaterThan(20);
    for (const space of spaces) {
      expect(analyzer.analyze(`tạm${space}trú`).tokens).toEqual(['tạm', 'trú']);
      expect(analyzer.terms(analyzer.analyze(`tạm${space}trú`)).folded).toEqual(['tam', 'tru', 'tam_tru']);
    }
  });
});
