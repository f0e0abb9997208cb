/** What the citizen reads: level, reasons, topic and links, for dangerous, doubtful and ordinary messages. */
import type { ScamChecker } from '../../src/scam/checker';
import { MAX_CHECKED_CHARS } from '../../src/scam/checker';
import { RULES_REMINDER } from '../../src/scam/messages';
import { repoChecker, repoRules } from './loadChecker';

let checker: ScamChecker;
beforeAll(async () => {
  checker = await repoChecker();
});

const ONE_SENTENCE = /^[^\n]+\.$/;
const NO_SENTENCE_BREAK = /[.!?]\s+\p{Lu}/u;

describe('legitimate messages named in the issue are never dangerous', () => {
  test.each([
    {
      description: 'VNeID approval SMS pointing to vneid.gov.vn',
      text: 'Cuc Canh sat QLHC ve TTXH thong bao: Ho so dang ky tai khoan dinh danh dien tu cua cong dan NGUYEN VAN A da duoc phe duyet. De nghi truy cap ung dung VNeID hoac dia chi https://vneid.gov.vn de kich hoat tai khoan',
    },
    { description: 'bank OTP that says never to share it', text: 'BIDV: Mã OTP của Quý khách là 120934. Tuyệt đối không cung cấp mã này cho bất kỳ ai, kể cả nhân viên ngân hàng.' },
    { description: 'VNeID OTP', text: 'Ma kich hoat tai khoan dinh danh dien tu cua ban la 482910. Tuyet doi khong cung cap ma nay cho bat ky ai.' },
    { description: 'dichvucong.gov.vn appointment reminder', text: 'Cong Dich vu cong quoc gia: Ho so G22.36-260301-0012 da duoc tiep nhan. Ngay hen tra ket qua: 18/03/2026. Tra cuu tai https://dichvucong.gov.vn' },
    { description: 'commune police notice on a .gov.vn site', text: 'Công an xã Định Hòa thông báo lịch tiếp nhận hồ sơ căn cước, chi tiết tại https://congan.thanhhoa.gov.vn/thong-bao' },
  ])('$description → low, with the official link noted and the rules reminded', ({ text }) => {
    const verdict = checker.check(text);
    expect(verdict.risk).toBe('low');
    expect(verdict.topic).toBeNull();
    expect(verdict.reasons[verdict.reasons.length - 1]).toEqual({ code: 'rules-reminder', text: RULES_REMINDER });
  });

  test('the official link is named as such', () => {
    const verdict = checker.check('Tra cứu tại https://dichvucong.gov.vn');
    expect(verdict.reasons[0]?.text).toBe('Đường link dichvucong.gov.vn là trang chính thức của Cổng Dịch vụ công quốc gia.');
  });
});

describe('the low level reminds the rules and never promises safety', () => {
  test.each(['', 'Mẹ ơi tối nay con về muộn', 'https://example.com', 'Tối nay 7h họp lớp nhé'])('"%s"', (text) => {
    const verdict = checker.check(text);
    expect(verdict.risk).toBe('low');
    const all = verdict.reasons.map((r) => r.text).join(' ').toLowerCase();
    expect(all).not.toContain('an toàn tuyệt đối');
    expect(all).toContain('mã otp');
    expect(all).toContain('.gov.vn');
  });
});

describe('dangerous messages', () => {
  const FAKE_FINE = '18001096\nCuc CSGT thong bao: phuong tien cua ban co khoan phat nguoi chua thanh toan. Truy cap https://dichvucongs.top/vn de nop phat.';

  test('the fake traffic-fine SMS: high, the look-alike explained, the traffic-fine entry, the link listed', () => {
    const verdict = checker.check(FAKE_FINE);
    expect(verdict.risk).toBe('high');
    expect(verdict.topic).toBe('lua-dao.phat-nguoi');
    expect(verdict.urls).toEqual(['https://dichvucongs.top/vn']);
    expect(verdict.reasons.map((r) => r.text)).toContain('Đường link dichvucongs.top giả mạo trang dichvucong.gov.vn: thừa chữ s và không có đuôi .gov.vn.');
    expect(verdict.reasons.map((r) => r.code)).not.toContain('rules-reminder');
  });

  test('reasons are ordered strongest first, capped, and each is one sentence', async () => {
    const { rules } = await repoRules();
    const analysis = checker.analyse(FAKE_FINE);
    const weightOf = (code: string): number => Math.max(...analysis.findings.filter((f) => f.code === code).map((f) => f.weight));
    const weights = analysis.verdict.reasons.map((r) => weightOf(r.code));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(analysis.verdict.reasons.length).toBeLessThanOrEqual(rules.verdict.max_reasons);
    for (const reason of analysis.verdict.reasons) {
      expect(reason.text).toMatch(ONE_SENTENCE);
      expect(reason.text).not.toMatch(NO_SENTENCE_BREAK);
    }
  });

  test('the verdict has exactly the four public fields', () => {
    expect(Object.keys(checker.check(FAKE_FINE)).sort()).toEqual(['reasons', 'risk', 'topic', 'urls']);
  });

  test('a call retold by the citizen: fake police, holding account, secrecy', () => {
    const verdict = checker.check(
      'Có người gọi xưng là cán bộ công an, nói tôi liên quan đến vụ án rửa tiền, bảo chuyển tiền vào tài khoản tạm giữ và không được nói với ai.',
    );
    expect(verdict.risk).toBe('high');
    expect(verdict.topic).toBe('lua-dao.gia-danh-cong-an');
    expect(verdict.urls).toEqual([]);
  });
});

describe('police awareness bulletins', () => {
  const BULLETIN =
    'CÔNG AN XÃ KHUYẾN CÁO: xuất hiện thủ đoạn đối tượng giả danh công an gọi điện yêu cầu người dân cập nhật VNeID mức 2, cài ứng dụng qua đường link, chuyển tiền vào tài khoản tạm giữ. Đề nghị người dân nâng cao cảnh giác.';

  test('a bulletin quoting the scammers is not itself a scam', () => {
    const verdict = checker.check(BULLETIN);
    expect(verdict.risk).toBe('low');
    expect(verdict.reasons.map((r) => r.code)).toEqual(['awareness', 'rules-reminder']);
  });

  test('the same words with an unknown link or a mobile number to call are judged on their content', () => {
    expect(checker.check(`${BULLETIN} Đăng ký tại http://canhbao-vneid.com`).risk).toBe('high');
    expect(checker.check(`${BULLETIN} Liên hệ 0912 345 678 để được hỗ trợ.`).risk).toBe('high');
  });
});

test('a doubtful message is medium, with its reasons and the general fraud entry', () => {
  const verdict = checker.check('UBND xã: các hộ đăng ký lớp tập huấn theo mẫu tại https://forms.gle/abc');
  expect(verdict.risk).toBe('medium');
  expect(verdict.reasons.map((r) => r.code)).toEqual(['link-government-unofficial']);
  expect(verdict.topic).toBe('lua-dao.nhan-biet');
});

test('a very long paste is checked (up to the cap) without failing', () => {
  const long = `${'Chào bạn. '.repeat(5_000)} Truy cập https://dichvucongs.top/vn`;
  expect(long.length).toBeGreaterThan(MAX_CHECKED_CHARS);
  expect(checker.check(long).risk).toBe('low');
  expect(checker.check(`Truy cập https://dichvucongs.top/vn ${'Chào bạn. '.repeat(5_000)}`).risk).toBe('high');
});
