/** The phrase language trainers write rules in: what a phrase matches in a citizen's message, and what it refuses. */
import { tokenize } from '../../src/scam/messageTokens';
import { compilePhrase, findMatches, phraseSyntaxError } from '../../src/scam/phrasePattern';

const matches = (phrase: string, text: string): boolean => findMatches(compilePhrase(phrase), tokenize(text)).length > 0;

describe('phrase matching', () => {
  test.each([
    { description: 'accented phrase, unaccented message', phrase: 'cung cấp mã otp', text: 'vui long cung cap ma OTP', expected: true },
    { description: 'half-accented message', phrase: 'cung cấp mã otp', text: 'Vui lòng cung cap mã OTP', expected: true },
    { description: 'NFD input', phrase: 'cung cấp mã otp', text: 'cung cấp mã OTP'.normalize('NFD'), expected: true },
    { description: 'old tone placement (hoà) meets new (hòa)', phrase: 'thanh hòa', text: 'Thanh Hoà', expected: true },
    { description: '"gặp" (meet) is not "gấp" (urgent)', phrase: 'gấp', text: 'hẹn gặp lại chị', expected: false },
    { description: 'unaccented "gap" may be "gấp"', phrase: 'gấp', text: 'chuyen gap cho a', expected: true },
    { description: 'whole words only', phrase: 'otp', text: 'otpx', expected: false },
    { description: 'a group offers alternatives', phrase: '(đọc|gửi|báo) mã', text: 'báo mã cho em', expected: true },
    { description: '* skips up to four words', phrase: 'chuyển * vào tài khoản', text: 'chuyển ngay 30 triệu vào tài khoản', expected: true },
    { description: '* skips nothing', phrase: 'chuyển * vào tài khoản', text: 'chuyển vào tài khoản', expected: true },
    { description: '* never skips five words', phrase: 'chuyển * vào tài khoản', text: 'chuyển một hai ba bốn năm vào tài khoản', expected: false },
    { description: 'a phrase never crosses a sentence end', phrase: 'bấm * link', text: 'Bấm vào đây. Link sau', expected: false },
    { description: '<số> is a number', phrase: 'phí <số> triệu', text: 'phí 5 triệu', expected: true },
    { description: '<số> is not a word', phrase: 'phí <số> triệu', text: 'phí năm triệu', expected: false },
    { description: '<số> inside a group', phrase: 'mượn (triệu|<số>)', text: 'mượn 500k', expected: true },
    { description: 'digits glued to letters are split ("10tr")', phrase: '<số> (tr|triệu)', text: 'chuyen gap 10tr', expected: true },
    { description: '"%" reads as "phần trăm"', phrase: 'lãi * phần trăm * ngày', text: 'lai 2%/ngay', expected: true },
  ])('$description', ({ phrase, text, expected }) => {
    expect(matches(phrase, text)).toBe(expected);
  });
});

describe('phrase syntax errors are explained in Vietnamese', () => {
  test.each([
    { phrase: '(đọc|gửi mã', fragment: 'thiếu dấu ngoặc đóng' },
    { phrase: '(đọc) mã', fragment: 'ít nhất hai lựa chọn' },
    { phrase: '(đọc||gửi) mã', fragment: 'không để trống' },
    { phrase: '* mã otp', fragment: 'không được bắt đầu hay kết thúc bằng "*"' },
    { phrase: 'mã otp *', fragment: 'không được bắt đầu hay kết thúc bằng "*"' },
    { phrase: 'mã. otp', fragment: 'dấu câu' },
    { phrase: 'phí # triệu', fragment: 'ký hiệu lạ' },
    { phrase: '((a|b)|c)', fragment: 'lồng nhau' },
    { phrase: 'a | b', fragment: 'nằm ngoài ngoặc' },
    { phrase: '<số>', fragment: 'ít nhất một từ' },
  ])('"$phrase"', ({ phrase, fragment }) => {
    expect(phraseSyntaxError(phrase)).toContain(fragment);
  });

  test('a well-formed phrase has no error', () => {
    expect(phraseSyntaxError('(vui lòng|hãy) * (đọc|gửi) * (otp|mã <số> số)')).toBeNull();
  });
});
