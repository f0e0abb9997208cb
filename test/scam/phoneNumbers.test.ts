/** Phone numbers as people type them, and numbers confirmed as scammers' by staff. */
import { extractPhones, formatPhone, normalizePhone } from '../../src/scam/phoneNumbers';
import { InMemoryReportedIndicators } from '../../src/scam/reportedIndicators';
import { repoChecker } from './loadChecker';

describe('extracting phone numbers', () => {
  test.each([
    { text: 'Số 0948.683.917 gọi cho tôi', phones: ['0948683917'] },
    { text: 'goi lai 0948 683 917 nhe', phones: ['0948683917'] },
    { text: 'cuộc gọi từ +84 948 683 917', phones: ['0948683917'] },
    { text: 'số +84(0)948683917', phones: ['0948683917'] },
    { text: 'số 84948683917', phones: ['0948683917'] },
    { text: 'đường dây nóng 02373.725.725', phones: ['02373725725'] },
    { text: 'tổng đài 1900 0368 bấm phím 4', phones: ['19000368'] },
    { text: 'ib Zalo 0357-123-456 hoặc 0912345678', phones: ['0357123456', '0912345678'] },
    { text: 'số tiền 1.500.000đ ngày 12/03/2026', phones: [] },
    { text: 'BKS 36A-512.45, mã hồ sơ G22.36-260301-0012', phones: [] },
    { text: 'số bị che 0823125xxx', phones: [] },
  ])('$text', ({ text, phones }) => {
    expect(extractPhones(text)).toEqual(phones);
  });

  test('normalising rejects numbers that are not Vietnamese phone numbers', () => {
    expect(normalizePhone('12345')).toBeUndefined();
    expect(normalizePhone('0123456789')).toBeUndefined();
  });

  test('numbers are shown the way they are read out', () => {
    expect(formatPhone('0948683917')).toBe('0948 683 917');
    expect(formatPhone('02373725725')).toBe('0237 3725 725');
    expect(formatPhone('19000368')).toBe('1900 0368');
  });
});

describe('reported numbers', () => {
  test('a number confirmed by staff makes a message dangerous however it is typed', async () => {
    const reported = new InMemoryReportedIndicators({ phones: ['0987.654.321'] });
    const checker = await repoChecker({ reported });
    for (const text of ['Số 0987654321 gọi cho tôi', 'có số +84 987 654 321 nhắn tin']) {
      const verdict = checker.check(text);
      expect(verdict.risk).toBe('high');
      expect(verdict.reasons[0]).toEqual({ code: 'reported-phone', text: 'Số điện thoại 0987 654 321 đã được Công an xác nhận là số lừa đảo qua phản ánh của người dân.' });
    }
    expect((await repoChecker()).check('Số 0987654321 gọi cho tôi').risk).toBe('low');
  });

  test('a number warned about publicly (rules folder) is recognised without any staff list', async () => {
    const verdict = (await repoChecker()).check('0948.683.917 vừa gọi cho tôi');
    expect(verdict.risk).toBe('high');
    expect(verdict.reasons.map((r) => r.code)).toContain('reported-phone');
  });

  test('the in-memory list ignores what is not a phone number', () => {
    const list = new InMemoryReportedIndicators();
    expect(list.addPhone('không có số')).toBe(false);
    expect(list.addPhone('0912 345 678')).toBe(true);
    expect(list.hasPhone('0912345678')).toBe(true);
  });
});
