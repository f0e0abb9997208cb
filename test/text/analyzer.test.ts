import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SynonymsFileSchema } from '../../src/knowledge/schema';
import { TextAnalyzer } from '../../src/text/analyzer';

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
});
