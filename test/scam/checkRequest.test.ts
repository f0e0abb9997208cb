/** Asking for a check in words: ask to paste, check what came with the request, or leave it to the knowledge base. */
import { recognizeCheckRequest } from '../../src/scam/checkRequest';

describe('a request without the message: ask the citizen to paste it', () => {
  test.each([
    'kiểm tra tin nhắn này',
    'Kiểm tra giúp tôi tin nhắn này có phải lừa đảo không',
    'check giup link nay',
    'xem giúp số điện thoại vừa gọi cho tôi có phải lừa đảo',
    'kiem tra so dien thoai la',
    'nhờ xem hộ cái link lạ',
    'đường link này có an toàn không, kiểm tra giúp',
    'tôi muốn gửi tin nhắn lạ để kiểm tra',
  ])('%s', (text) => {
    expect(recognizeCheckRequest(text)).toEqual({ kind: 'ask-to-paste' });
  });
});

describe('a request with the message: check it at once', () => {
  test.each([
    { text: 'kiểm tra giúp: dichvucongs.top/vn', checked: 'dichvucongs.top/vn' },
    { text: 'Xem giúp tin nhắn này:\nVCB: Tai khoan cua Quy khach bi khoa, xac minh tai vcb-xacminh.com', checked: 'VCB: Tai khoan cua Quy khach bi khoa, xac minh tai vcb-xacminh.com' },
    { text: 'check giùm link "https://bit.ly/abc"', checked: 'check giùm link "https://bit.ly/abc"' },
    { text: 'kiểm tra số điện thoại 0912 345 678', checked: 'kiểm tra số điện thoại 0912 345 678' },
  ])('$text', ({ text, checked }) => {
    expect(recognizeCheckRequest(text)).toEqual({ kind: 'check', text: checked });
  });

  test.each([
    'số 0948683917 gọi cho tôi có phải lừa đảo không',
    'trang web dichvucong.nfgov.com có phải trang thật không',
    'tin nhan phat nguoi co link dichvucong.online de nop phat co that ko',
    'bấm vào vneid-gov.vn có sao không',
  ])('a question about one link or number is checked whole: %s', (text) => {
    expect(recognizeCheckRequest(text)).toEqual({ kind: 'check', text });
  });
});

describe('not a request for a check', () => {
  test.each([
    ['asks how to check', 'cách kiểm tra đường link lừa đảo'],
    ['asks where to look numbers up', 'tra cứu số điện thoại lừa đảo ở đâu'],
    ['asks what a site is for', 'tinnhiemmang.vn dùng để làm gì'],
    ['"lừa đảo" only inside a link', 'Xem bài báo này: https://baothanhhoa.vn/phap-luat/canh-giac-lua-dao-123.htm rất bổ ích'],
    ['a ticket look-up', 'tra cứu TH-20251127-0042'],
    ['"kiểm tra" alone', 'kiểm tra'],
    ['a question about fraud without a link or number', 'tin nhắn báo trúng thưởng có phải lừa đảo không'],
    ['a procedure question', 'làm căn cước ở đâu'],
  ])('%s: %s', (_why, text) => {
    expect(recognizeCheckRequest(text)).toBeUndefined();
  });
});
