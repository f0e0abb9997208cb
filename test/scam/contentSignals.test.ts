/**
 * Each content signal, on the kind of sentence that should raise it (with and without diacritics), and — for the
 * negatable ones — the warning that quotes it ("không cung cấp mã OTP") and must not.
 */
import type { ScamChecker } from '../../src/scam/checker';
import { repoChecker, repoRules } from './loadChecker';

let checker: ScamChecker;
beforeAll(async () => {
  checker = await repoChecker();
});
const codesOf = (text: string): string[] => checker.analyse(text).findings.map((f) => f.code);

/** One or more messages per signal code; every scored signal in knowledge/scam must appear here. */
const FIRES: ReadonlyArray<readonly [code: string, text: string]> = [
  ['otp-request', 'Chị đọc giúp em mã OTP vừa nhận được nhé'],
  ['otp-request', 'nguoi ta bao toi doc ma OTP vua gui ve dien thoai'],
  ['otp-request', 'cho em xin mã xác thực để hoàn tất'],
  ['otp-request', 'bao toi doc so the va ma CVV'],
  ['otp-mention', 'Mã OTP của bạn là 123456'],
  ['face-id-request', 'bác quay mặt trái phải để xác thực khuôn mặt nhé'],
  ['face-id-request', 'chup anh 2 mat can cuoc gui qua'],
  ['bank-login-request', 'đăng nhập tài khoản ngân hàng vào ứng dụng này'],
  ['login-request', 'Quy khach vui long xac thuc tai link sau'],
  ['link-click', 'bấm vào đường link để nhận'],
  ['transfer-holding-account', 'chuyển tiền vào tài khoản tạm giữ để chứng minh trong sạch'],
  ['transfer-request', 'chuyen vao stk nay giup minh'],
  ['transfer-request', 'chị chuyển khoản vào tài khoản cá nhân của cô'],
  ['urgency', 'xử lý trong vòng 24h kẻo bị phạt'],
  ['urgency', 'chuyển gấp cho anh'],
  ['threat', 'tài khoản sẽ bị khóa'],
  ['threat', 'thue bao se bi khoa 2 chieu'],
  ['case-threat', 'ông liên quan đến đường dây rửa tiền'],
  ['case-threat', 'co lenh bat tam giam'],
  ['summons-remote', 'giấy triệu tập của tòa án chưa nhận'],
  ['secrecy', 'không được nói với ai trong nhà'],
  ['secrecy', 'nho giu bi mat'],
  ['robocall-keypress', 'bấm phím 9 để gặp nhân viên'],
  ['zalo-contact', 'bác kết bạn Zalo để cháu hướng dẫn'],
  ['claims-authority', 'tôi là cán bộ điều tra Công an tỉnh'],
  ['claims-authority', 'nguoi ta xung la vien kiem sat'],
  ['cant-call', 'anh đang họp không nghe máy được'],
  ['deepfake-call', 'video call hình mờ, nói vài giây rồi tắt'],
  ['vneid-remote', 'tài khoản VNeID chưa được nâng cấp lên mức 2'],
  ['vneid-remote', 'cap nhat vneid muc 2 qua link'],
  ['vneid-remote', 'để em kích hoạt hộ tài khoản định danh'],
  ['post-merger-update', 'sau sáp nhập bác cần cập nhật lại quê quán'],
  ['data-mismatch', 'thông tin của bác không trùng khớp'],
  ['qr-code', 'quét mã QR này'],
  ['queue-number', 'để bốc số thứ tự'],
  ['app-install-link', 'cài ứng dụng Dịch vụ công theo đường link em gửi'],
  ['app-install-link', 'cai app thanh toan dien luc qua link'],
  ['fast-paperwork', 'làm hộ chiếu online nhanh 3 ngày'],
  ['fine-payment-request', 'khoản phạt nguội chưa thanh toán'],
  ['tax-refund', 'ông được hoàn thuế thu nhập cá nhân'],
  ['electricity-code-change', 'từ tháng 7 mã khách hàng cũ bị hủy'],
  ['sim-standardise', 'thuê bao chưa chuẩn hóa thông tin'],
  ['prize', 'chúc mừng bạn đã trúng thưởng'],
  ['fee-demand', 'vui lòng nộp phí vận chuyển'],
  ['fee-demand', 'đặt cọc 300k'],
  ['gift-abroad', 'anh gửi quà có 50.000 USD từ Mỹ'],
  ['paid-task', 'tha tim video nhan 5k moi luot'],
  ['paid-task', 'việc nhẹ lương cao'],
  ['deposit-to-withdraw', 'phải nạp thêm 15 triệu mới rút được'],
  ['online-job', 'tuyển CTV làm online tại nhà'],
  ['guaranteed-profit', 'lợi nhuận 30%/tháng, cam kết không lỗ'],
  ['investment-pitch', 'tham gia sàn đầu tư tiền ảo'],
  ['loan-scam', 'khoản vay bị đóng băng do sai số tài khoản'],
  ['loan-ad', 'vay online duyệt siêu tốc không thẩm định'],
  ['recovery-service', 'hỗ trợ lấy lại tiền bị lừa 100%'],
  ['relative-emergency', 'con chị bị tai nạn đang cấp cứu'],
  ['borrow-money', 'cho mình mượn 5 triệu, chiều mình trả'],
  ['vote-link', 'bình chọn giúp cháu em với'],
  ['new-number', 'mẹ ơi con đổi số mới rồi'],
  ['context-traffic-fine', 'tra cứu phạt nguội'],
  ['awareness', 'Đề nghị người dân nâng cao cảnh giác'],
];

/** Warnings and advice that quote a scam's words with a negator in front. */
const NEGATED: ReadonlyArray<readonly [code: string, text: string]> = [
  ['otp-request', 'Ngân hàng không bao giờ yêu cầu quý khách cung cấp mã OTP'],
  ['otp-request', 'Vui long khong chia se ma nay voi nguoi khac'],
  ['otp-request', 'Vietcombank KHONG BAO GIO yeu cau cung cap OTP qua dien thoai'],
  ['transfer-request', 'tuyệt đối không chuyển vào tài khoản cá nhân'],
  ['app-install-link', 'Không cài ứng dụng theo đường link lạ'],
  ['link-click', 'đừng bấm vào link trong tin nhắn lạ'],
  ['zalo-contact', 'Công an không bao giờ yêu cầu người dân làm việc qua điện thoại, Zalo'],
  ['recovery-service', 'không tin dịch vụ hứa lấy lại tiền bị lừa'],
];

test('the table covers every scored or awareness signal in knowledge/scam', async () => {
  const rules = await repoRules();
  const scored = rules.signals.filter((s) => s.weight > 0 || s.awareness).map((s) => s.code);
  expect(scored.filter((code) => !FIRES.some(([c]) => c === code))).toEqual([]);
});

describe('signals fire on the sentences scammers use', () => {
  test.each(FIRES.map(([code, text]) => ({ code, text })))('$code: "$text"', ({ code, text }) => {
    expect(codesOf(text)).toContain(code);
  });
});

describe('negated sentences do not raise a negatable signal', () => {
  test.each(NEGATED.map(([code, text]) => ({ code, text })))('$code: "$text"', ({ code, text }) => {
    expect(codesOf(text)).not.toContain(code);
  });
});

test('"dung" typed without diacritics is "ứng dụng", not "đừng": the request still counts', () => {
  expect(codesOf('bao toi phai cai ung dung moi qua link')).toContain('app-install-link');
});

test('a signal phrase split across two sentences does not fire', () => {
  expect(codesOf('Cảm ơn chị đã đọc. Mã OTP sẽ hết hạn sau 5 phút')).not.toContain('otp-request');
});
