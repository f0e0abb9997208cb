import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CommuneMatcher } from '../../src/escalation/communeMatcher';
import { CommunesFileSchema } from '../../src/knowledge/schema';

const communes = CommunesFileSchema.parse(
  YAML.parse(fs.readFileSync(path.join(__dirname, '../fixtures/communes/communes.yaml'), 'utf8')),
);
const matcher = new CommuneMatcher(communes);

describe('CommuneMatcher', () => {
  test.each([
    { description: 'full name', input: 'Xã Định Hòa', id: 'xa-dinh-hoa' },
    { description: 'without diacritics', input: 'dinh hoa', id: 'xa-dinh-hoa' },
    { description: 'old tone placement', input: 'xã Định Hoà', id: 'xa-dinh-hoa' },
    { description: 'without "xã"', input: 'Định Tân', id: 'xa-dinh-tan' },
    { description: 'abbreviated "P."', input: 'P. Hạc Thành', id: 'phuong-hac-thanh' },
    { description: 'unaccented with prefix', input: 'phuong hac thanh', id: 'phuong-hac-thanh' },
    { description: 'with "tỉnh Thanh Hóa" after it', input: 'xã Sơn Thủy, tỉnh Thanh Hóa', id: 'xa-son-thuy' },
    { description: 'a small typo', input: 'son thuyy', id: 'xa-son-thuy' },
  ])('matches $description', ({ input, id }) => {
    const m = matcher.match(input);
    expect(m.kind).toBe('match');
    if (m.kind === 'match') expect(m.commune.id).toBe(id);
  });

  test('an old district named as such is answered with a question', () => {
    const m = matcher.match('huyện Hoằng Hóa');
    expect(m.kind).toBe('former-district');
  });

  test('the old city lists the wards that replaced it', () => {
    const m = matcher.match('TP Thanh Hóa');
    expect(m).toMatchObject({ kind: 'former-district' });
    if (m.kind === 'former-district') expect(m.communes.map((c) => c.id)).toContain('phuong-hac-thanh');
  });

  test('a name that is both a commune and an old district is confirmed', () => {
    const m = matcher.match('Đông Sơn');
    expect(m.kind).toBe('ambiguous');
    if (m.kind === 'ambiguous') expect(m.communes.map((c) => c.id)).toContain('phuong-dong-son');
  });

  test('a partial name offers the close candidates', () => {
    const m = matcher.match('quang');
    expect(['ambiguous', 'none']).toContain(m.kind);
    const ids = m.kind === 'ambiguous' ? m.communes.map((c) => c.id) : m.kind === 'none' ? m.suggestions.map((c) => c.id) : [];
    expect(ids).toEqual(expect.arrayContaining(['xa-quang-ninh', 'xa-quang-binh']));
  });

  test('something that is no commune matches nothing', () => {
    expect(matcher.match('Hà Nội mùa thu').kind).toBe('none');
    expect(matcher.match('   ').kind).toBe('none');
  });
});
