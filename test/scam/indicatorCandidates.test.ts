/** What staff are offered to confirm from a report: its numbers and unknown domains, never an official site or a shortener. */
import type { CompiledRules } from '../../src/scam/compileRules';
import { findIndicatorCandidates } from '../../src/scam/indicatorCandidates';
import { normalizeIndicator } from '../../src/scam/indicatorValues';
import { repoRules } from './loadChecker';

let rules: CompiledRules;
beforeAll(async () => {
  rules = await repoRules();
});

const offered = (text: string): string[] => findIndicatorCandidates(text, rules).map((c) => `${c.kind}:${c.value}${c.broader ? ' (cả tên miền)' : ''}`);

test.each([
  {
    description: 'a look-alike bank site and the name it is registered under',
    text: 'Vietcombank: cap nhat sinh trac hoc tai vietcombank.vn-cbs.xyz',
    expected: ['domain:vietcombank.vn-cbs.xyz', 'domain:vn-cbs.xyz (cả tên miền)'],
  },
  {
    description: 'a number however it is written, once',
    text: 'Goi 0948.683.917 hoac +84 948 683 917 de duoc ho tro',
    expected: ['phone:0948683917'],
  },
  {
    description: 'a defanged link, without its www.',
    text: 'nop phat tai www.dichvucongs[.]top/vn',
    expected: ['domain:dichvucongs.top'],
  },
  {
    description: 'official sites, shorteners and raw IP addresses are not offered',
    text: 'Tra cuu tai https://dichvucong.gov.vn, https://bit.ly/abc, http://103.57.220.14/dangky hoac vietcombank.com.vn',
    expected: [],
  },
  {
    description: 'a masked account number is not a phone number',
    text: 'chuyen vao [số tài khoản đã ẩn, đuôi 012] roi goi 0362 111 222',
    expected: ['phone:0362111222'],
  },
])('$description', ({ text, expected }) => {
  expect(offered(text)).toEqual(expected);
});

test.each([
  ['phone', '+84 (0) 948-683-917', '0948683917'],
  ['phone', '0948 683 91', undefined],
  ['domain', 'HTTPS://WWW.Vn-Cbs.XYZ/login?x=1', 'vn-cbs.xyz'],
  ['domain', 'xn--vnid-gov-d8g.vn', 'vnеid-gov.vn'],
  ['domain', 'localhost', undefined],
  ['domain', 'a..b', undefined],
] as const)('%s "%s" is stored as %s', (kind, raw, expected) => {
  expect(normalizeIndicator(kind, raw)).toBe(expected);
});
