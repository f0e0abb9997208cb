import { parseMobileNumber } from '../../src/escalation/phone';
import { codePrefix, findTicketCode, formatCode, localDay } from '../../src/escalation/ticketCode';

describe('parseMobileNumber', () => {
  test.each([
    { input: '0912345678', expected: '0912345678' },
    { input: '0912 345 678', expected: '0912345678' },
    { input: '091.234.5678', expected: '0912345678' },
    { input: '+84 912 345 678', expected: '0912345678' },
    { input: '84912345678', expected: '0912345678' },
    { input: '0389-123-456', expected: '0389123456' },
    { input: '０９１２３４５６７８', expected: '0912345678' },
    { input: '0701234567', expected: '0701234567' },
    { input: '0561234567', expected: '0561234567' },
    { input: '0812345678', expected: '0812345678' },
  ])('accepts $input', ({ input, expected }) => {
    expect(parseMobileNumber(input)).toBe(expected);
  });

  test.each([
    { input: '02373725725', why: 'a landline (02x)' },
    { input: '0112345678', why: 'no mobile prefix 01' },
    { input: '091234567', why: 'one digit short' },
    { input: '09123456789', why: 'one digit too many' },
    { input: '+85 912 345 678', why: 'another country' },
    { input: 'không có', why: 'words' },
    { input: '', why: 'nothing' },
  ])('rejects $why', ({ input }) => {
    expect(parseMobileNumber(input)).toBeUndefined();
  });
});

describe('ticket codes', () => {
  test.each([
    { at: Date.UTC(2025, 10, 26, 16, 59), day: '20251126', why: '23:59 in Vietnam' },
    { at: Date.UTC(2025, 10, 26, 17, 0), day: '20251127', why: 'midnight in Vietnam, still the 26th in UTC' },
    { at: Date.UTC(2025, 11, 31, 17, 30), day: '20260101', why: 'new year in Vietnam first' },
  ])('the date is the local date: $why', ({ at, day }) => {
    expect(localDay(at)).toBe(day);
  });

  test('codes are padded to four digits and grow past them', () => {
    const prefix = codePrefix('TH', Date.UTC(2025, 10, 27, 2));
    expect([formatCode(prefix, 42), formatCode(prefix, 12345)]).toEqual(['TH-20251127-0042', 'TH-20251127-12345']);
  });

  test.each([
    { input: 'tra cứu TH-20251127-0042', code: 'TH-20251127-0042' },
    { input: 'th20251127-42', code: 'TH-20251127-0042' },
    { input: 'mã th 20251127 0042 ạ', code: 'TH-20251127-0042' },
    { input: 'TH.20251127.0042', code: 'TH-20251127-0042' },
  ])('reads "$input"', ({ input, code }) => {
    expect(findTicketCode(input)).toBe(code);
  });

  test.each(['năm 2025', 'TH-2025-0042', 'TH-20251399-0042', 'số 0912345678', 'ABCDE-20251127-0042'])('finds no code in "%s"', (input) => {
    expect(findTicketCode(input)).toBeUndefined();
  });
});
