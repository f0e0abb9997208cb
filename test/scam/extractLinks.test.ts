/** Finding the links in a message however the citizen pasted it. */
import { extractLinks } from '../../src/scam/extractLinks';

describe('links found in a message', () => {
  test.each([
    { description: 'full URL, sentence full stop after it', text: 'Truy cập https://dichvucongs.top/vn.', urls: ['https://dichvucongs.top/vn'] },
    { description: 'bare domain with a path', text: 'nop phat tai dichvucongg.top/vn de tranh bi phat', urls: ['dichvucongg.top/vn'] },
    { description: 'defanged dots', text: 'trang dichvucong[.]gov[.]vn la that', urls: ['dichvucong.gov.vn'] },
    { description: 'defanged dots with (.) and [dot]', text: 'vào vneid(.)gov[dot]vn', urls: ['vneid.gov.vn'] },
    { description: 'dots spaced out by hand', text: 'link là dichvucong . gov . vn nhé', urls: ['dichvucong.gov.vn'] },
    { description: 'hxxp scheme', text: 'hxxps://bit[.]ly/abc', urls: ['https://bit.ly/abc'] },
    { description: 'brackets and quotes around', text: '(xem tại vneid.gov.vn) và “dichvucong.gov.vn”', urls: ['vneid.gov.vn', 'dichvucong.gov.vn'] },
    { description: 'upper case, sub-domain with a dash', text: 'CAP NHAT TAI: VIETCOMBANK.VN-CBS.XYZ', urls: ['vietcombank.vn-cbs.xyz'] },
    { description: 'www without scheme', text: 'www.vietcombank.com.vn', urls: ['www.vietcombank.com.vn'] },
    { description: 'raw IP address with scheme', text: 'Dang ky tai http://103.57.220.14/dangky', urls: ['http://103.57.220.14/dangky'] },
    { description: 'the same link twice is listed once', text: 'vneid.gov.vn hoặc vneid.gov.vn', urls: ['vneid.gov.vn'] },
    { description: 'NFD text around the link', text: `${'Đề nghị truy cập'.normalize('NFD')} https://vneid.gov.vn`, urls: ['https://vneid.gov.vn'] },
    { description: 'a word-like TLD with a path is a link', text: 'zalo.me/0912345678', urls: ['zalo.me/0912345678'] },
  ])('$description', ({ text, urls }) => {
    expect(extractLinks(text).links.map((l) => l.url)).toEqual(urls);
  });

  test('a link written in Cyrillic look-alike letters keeps them, so they can be pointed out', () => {
    const [link] = extractLinks('Xác thực tại https://vn\u0435id-gov.vn/xacthuc').links; // \u0435: Cyrillic е
    expect(link?.host).toBe('vn\u0435id-gov.vn');
    expect(link?.host).not.toBe('vneid-gov.vn');
  });
});

describe('things that are not links', () => {
  test.each([
    { description: 'a sentence end followed by a capital', text: 'Hồ sơ đã được phê duyệt. Đề nghị truy cập ứng dụng' },
    { description: 'unaccented sentence end', text: 'da duoc phe duyet. De nghi truy cap ung dung' },
    { description: 'missing space after a full stop, word-like TLD', text: 'Con chao me.Me khoe khong' },
    { description: 'money amount', text: 'Số tiền 1.500.000đ' },
    { description: 'abbreviation', text: 'ở TP.HCM và Q.1' },
    { description: 'plate number', text: 'BKS 36A-512.45' },
    { description: 'file number', text: 'Ho so G22.36-260301-0012' },
    { description: 'e-mail address', text: 'gửi về hotro@gmail.com' },
    { description: 'a phone number with dots', text: 'gọi 0948.683.917' },
  ])('$description', ({ text }) => {
    expect(extractLinks(text).links).toEqual([]);
  });
});

test('an .apk file named on its own is noted as a file, not a link', () => {
  const found = extractLinks('tải file vn84.apk tại 113113vn.com');
  expect(found.apkFiles).toEqual(['vn84.apk']);
  expect(found.links.map((l) => l.url)).toEqual(['113113vn.com']);
});

test('the text used for content matching has each link replaced by the word "link"', () => {
  expect(extractLinks('Truy cập https://dichvucongs.top/vn để nộp phạt').textWithoutLinks).toBe('Truy cập  link  để nộp phạt');
});
