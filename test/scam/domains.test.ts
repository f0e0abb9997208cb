/**
 * What the checker says about a link on its own: a table of official sites, look-alikes and unrelated sites.
 * Look-alike reasons must name the real site and the trick, in the words a citizen understands.
 */
import type { CompiledRules } from '../../src/scam/compileRules';
import { extractLinks } from '../../src/scam/extractLinks';
import { analyseLink } from '../../src/scam/linkSignals';
import { InMemoryReportedIndicators, NO_REPORTED_INDICATORS, type ReportedIndicators } from '../../src/scam/reportedIndicators';
import type { Finding } from '../../src/scam/types';
import { repoRules } from './loadChecker';

let rules: CompiledRules;
beforeAll(async () => {
  rules = await repoRules();
});

function linkFindings(url: string, opts: { governmentContent?: boolean; reported?: ReportedIndicators } = {}): Finding[] {
  const [link] = extractLinks(url).links;
  if (!link) throw new Error(`no link found in ${url}`);
  return analyseLink(link, rules, { governmentContent: opts.governmentContent ?? false, staffReported: opts.reported ?? NO_REPORTED_INDICATORS });
}
const counted = (findings: Finding[]): Finding[] => findings.filter((f) => f.weight > 0);

describe('official sites', () => {
  test.each([
    'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html',
    'vneid.gov.vn',
    'https://congan.thanhhoa.gov.vn/thong-bao',
    'csgt.bocongan.gov.vn',
    'dichvucong.bocongan.gov.vn',
    'www.vietcombank.com.vn',
    'https://ebank.bidv.com.vn',
    'zalo.me/0912345678',
    'tinnhiemmang.vn/website-lua-dao',
    'baothanhhoa.vn/phap-luat/abc.htm',
  ])('%s is official and adds no risk', (url) => {
    const findings = linkFindings(url);
    expect(findings.map((f) => f.code)).toContain('link-official');
    expect(counted(findings)).toEqual([]);
  });

  test('the note names the owner', () => {
    const note = linkFindings('https://vneid.gov.vn').find((f) => f.code === 'link-official');
    expect(note?.text).toBe('Đường link vneid.gov.vn là trang chính thức của ứng dụng định danh quốc gia VNeID.');
  });
});

describe('look-alikes of official sites', () => {
  test.each([
    { url: 'https://dichvucongs.top/vn', code: 'lookalike-government', text: 'Đường link dichvucongs.top giả mạo trang dichvucong.gov.vn: thừa chữ s và không có đuôi .gov.vn.' },
    { url: 'dichvucongg.top/vn', code: 'lookalike-government', text: 'Đường link dichvucongg.top giả mạo trang dichvucong.gov.vn: thừa chữ g và không có đuôi .gov.vn.' },
    { url: 'dichvucong.gov.vn.xyz', code: 'lookalike-government', text: 'Đường link dichvucong.gov.vn.xyz giả mạo trang dichvucong.gov.vn: tên trang thật chỉ được ghép vào đầu, còn đuôi thật của link là .xyz.' },
    { url: 'http://vneid.gov.vn-xacthuc.com', code: 'lookalike-government', text: 'vneid.gov.vn: tên trang thật chỉ được ghép vào đầu, còn đuôi thật của link là .com' },
    { url: 'thongbao.gov.vn.com', code: 'lookalike-government', text: 'giả dạng đuôi .gov.vn của trang chính thống, nhưng đuôi thật của link là .com' },
    { url: 'https://dichvuc0ng-gov.com/tracuu', code: 'lookalike-government', text: 'chữ o bị thay bằng số 0 và không có đuôi .gov.vn' },
    { url: 'dich-vu-cong.com', code: 'lookalike-government', text: 'tên trang bị chèn thêm dấu gạch ngang' },
    { url: 'http://dịchvụcông.vn', code: 'lookalike-government', text: 'tên trang bị thêm dấu tiếng Việt' },
    { url: 'https://vn\u0435id-gov.vn/xacthuc', code: 'lookalike-government', text: 'chữ e bị thay bằng một chữ nước ngoài trông giống hệt' },
    { url: 'dichvucong.online', code: 'lookalike-government', text: 'mượn tên Cổng Dịch vụ công quốc gia nhưng không phải trang thật dichvucong.gov.vn' },
    { url: 'dichvucong.nfgov.com', code: 'lookalike-government', text: 'thực chất thuộc trang nfgov.com' },
    { url: 'congan.113hanoi.com', code: 'lookalike-government', text: 'mượn tên Bộ Công an nhưng thực chất thuộc trang 113hanoi.com' },
    { url: 'dichvucongbaohiemxahoi.com', code: 'lookalike-government', text: 'mượn tên Cổng Dịch vụ công quốc gia' },
    { url: 'vietcombank.vn-cbs.xyz', code: 'lookalike-bank', text: 'mượn tên Vietcombank nhưng thực chất thuộc trang vn-cbs.xyz, không phải trang thật vietcombank.com.vn.' },
    { url: 'msb.vn-cz.top', code: 'lookalike-bank', text: 'mượn tên MSB' },
    { url: 'https://vcb-digibank.vip', code: 'lookalike-bank', text: 'mượn tên Vietcombank' },
    { url: 'vietcombank-vn.com', code: 'lookalike-bank', text: 'mượn tên Vietcombank' },
    { url: 'https://rnbbank-vn.com', code: 'lookalike-bank', text: 'chữ m bị thay bằng cụm chữ rn' },
    { url: 'vietcombnak.com', code: 'lookalike-bank', text: 'hai chữ a và n bị đảo chỗ' },
    { url: 'agribankk.vn', code: 'lookalike-bank', text: 'thừa chữ k' },
    { url: 'https://tpbank-uudai.com', code: 'lookalike-bank', text: 'mượn tên TPBank' },
    { url: 'chuanhoa-viettel.top', code: 'lookalike-carrier', text: 'mượn tên Viettel' },
    { url: 'evn-thanhtoan.com', code: 'lookalike-utility', text: 'mượn tên Tập đoàn Điện lực Việt Nam (EVN)' },
    { url: 'http://binhchon-zalo.xyz/be-an', code: 'lookalike-app', text: 'mượn tên Zalo' },
  ])('$url', ({ url, code, text }) => {
    const findings = linkFindings(url);
    const lookalike = findings.find((f) => f.code === code);
    expect(lookalike?.text).toContain(text);
    expect(lookalike?.weight).toBe(rules.rules.linkSignals.lookalike);
    expect(findings.map((f) => f.code)).not.toContain('link-official');
  });
});

describe('unrelated sites are not called look-alikes', () => {
  test.each(['ghn.vn/tracking/123', 'https://forms.gle/abc', 'koiglobal-vn.com', 'example.com', 'vcbs.com.vn', 'mbs.com.vn', 'congan.com.vn', 'shopee.vn/sale'])(
    '%s',
    (url) => {
      const codes = linkFindings(url).map((f) => f.code);
      expect(codes.filter((c) => c.startsWith('lookalike-'))).toEqual([]);
      expect(counted(linkFindings(url))).toEqual([]);
    },
  );
});

describe('other link signals', () => {
  test.each([
    { url: 'https://bit.ly/agri-xacminh', code: 'link-shortener', text: 'Đường link bit.ly là link rút gọn, che mất trang thật mà nó dẫn tới.' },
    { url: 'http://103.57.220.14/dangky', code: 'link-ip', text: 'Đường link dùng dãy số 103.57.220.14 thay cho tên trang' },
    { url: 'http://example.com/app.apk', code: 'link-apk', text: 'Đường link example.com tải về tệp cài đặt .apk' },
    { url: 'https://random-shop.xyz/sale', code: 'link-suspicious-tld', text: 'Đường link random-shop.xyz có đuôi .xyz' },
    { url: 'hochieu-online.vn', code: 'reported-domain', text: 'Tên miền hochieu-online.vn đã bị cơ quan chức năng cảnh báo là trang lừa đảo.' },
  ])('$code: $url', ({ url, code, text }) => {
    const finding = linkFindings(url).find((f) => f.code === code);
    expect(finding?.text).toContain(text);
    expect(finding?.weight).toBeGreaterThan(0);
  });

  test('a message about a state body with a non-.gov.vn link says so; the same link elsewhere is only a fact', () => {
    expect(linkFindings('https://forms.gle/abc', { governmentContent: true }).map((f) => f.code)).toContain('link-government-unofficial');
    expect(linkFindings('https://forms.gle/abc', { governmentContent: false }).map((f) => f.code)).toEqual(['link-unofficial']);
    expect(linkFindings('https://dichvucong.gov.vn', { governmentContent: true }).map((f) => f.code)).toEqual(['link-official']);
  });

  test('a domain confirmed by staff is recognised, with its sub-domains', () => {
    const reported = new InMemoryReportedIndicators({ domains: ['https://tracuu-phatnguoi.net/'] });
    for (const url of ['tracuu-phatnguoi.net', 'https://m.tracuu-phatnguoi.net/vn']) {
      const finding = linkFindings(url, { reported }).find((f) => f.code === 'reported-domain');
      expect(finding?.text).toBe('Tên miền tracuu-phatnguoi.net đã được Công an xác nhận là trang lừa đảo qua phản ánh của người dân.');
    }
    expect(linkFindings('tracuu-phatnguoi.net').map((f) => f.code)).not.toContain('reported-domain');
  });
});
