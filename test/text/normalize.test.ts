import { fold, hasDiacritics, normalize } from '../../src/text/normalize';

describe('normalize', () => {
  test.each([
    { description: 'lower-cases and keeps digits', input: 'CCCD Số 0123', expected: 'cccd số 0123' },
    { description: 'removes punctuation and emoji', input: 'Làm căn cước ở đâu??? 😭🙏', expected: 'làm căn cước ở đâu' },
    { description: 'NFD input (macOS, some keyboards) becomes NFC', input: 'Thủ tục đăng ký'.normalize('NFD'), expected: 'thủ tục đăng ký' },
    { description: 'old tone placement oa: hoà → hòa', input: 'xã Định Hoà', expected: 'xã định hòa' },
    { description: 'old tone placement uy: thuỷ → thủy', input: 'Sơn Thuỷ', expected: 'sơn thủy' },
    { description: 'old tone placement oe: khoẻ → khỏe', input: 'sức khoẻ', expected: 'sức khỏe' },
    { description: 'uỷ ban → ủy ban', input: 'Uỷ ban', expected: 'ủy ban' },
    { description: 'uý → úy', input: 'đại uý', expected: 'đại úy' },
    { description: '"quý" keeps the tone on y (qu is a consonant)', input: 'Quý khách', expected: 'quý khách' },
    { description: 'closed rimes are untouched', input: 'Hoàng toán', expected: 'hoàng toán' },
    { description: 'already canonical text is unchanged', input: 'hòa thủy khỏe', expected: 'hòa thủy khỏe' },
    { description: 'collapses white space and line breaks', input: '  quên \n\t mật   khẩu ', expected: 'quên mật khẩu' },
    { description: 'hyphens split words', input: 'vn-eid', expected: 'vn eid' },
  ])('$description', ({ input, expected }) => {
    expect(normalize(input)).toBe(expected);
  });

  test('is idempotent on a mixed sentence', () => {
    const once = normalize('Tôi muốn làm CCCD cho con, ở xã Thiệu Hoá, được không ạ?');
    expect(normalize(once)).toBe(once);
  });
});

describe('fold', () => {
  test.each([
    ['làm căn cước ở đâu', 'lam can cuoc o dau'],
    ['đăng ký tạm trú', 'dang ky tam tru'],
    ['Đồng hành', 'Dong hanh'],
    ['người dân', 'nguoi dan'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  test('hasDiacritics tells accented from plain words', () => {
    expect(hasDiacritics('đâu')).toBe(true);
    expect(hasDiacritics('dau')).toBe(false);
  });
});
