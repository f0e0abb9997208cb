/**
 * Every sentence the scam checker shows a citizen that is not written by trainers in knowledge/scam/*.yaml:
 * risk labels, the reasons computed from links and phone numbers, and what to do now.
 * Each reason is one plain sentence. Nothing here ever says a message is "an toàn tuyệt đối".
 */
import type { Risk } from './types';

export const RISK_LABELS: Readonly<Record<Risk, string>> = {
  high: 'Nguy hiểm',
  medium: 'Đáng ngờ',
  low: 'Chưa thấy dấu hiệu lừa đảo',
};

/** The fragments that complete "Đường link X giả mạo trang Y: …". */
export const lookalikeMsg = {
  digitForLetter: (letter: string, digit: string) => `chữ ${letter} bị thay bằng số ${digit}`,
  lettersForLetter: (real: string, fake: string) =>
    fake.length > 1 ? `chữ ${real} bị thay bằng cụm chữ ${fake} trông giống` : `chữ ${real} bị thay bằng chữ ${fake} trông giống`,
  foreignLetter: (letter: string) => `chữ ${letter} bị thay bằng một chữ nước ngoài trông giống hệt`,
  accentsAdded: 'tên trang bị thêm dấu tiếng Việt cho giống tên thật',
  dashInserted: 'tên trang bị chèn thêm dấu gạch ngang',
  extraLetters: (letters: string[]) => `thừa chữ ${letters.join(', ')}`,
  missingLetters: (letters: string[]) => `thiếu chữ ${letters.join(', ')}`,
  swapped: (a: string, b: string) => `hai chữ ${a} và ${b} bị đảo chỗ`,
  replaced: (real: string, fake: string) => `chữ ${real} bị thay bằng chữ ${fake}`,
  noGovSuffix: 'không có đuôi .gov.vn',
};

export const linkMsg = {
  spelling: (host: string, official: string, details: string[]) => `Đường link ${host} giả mạo trang ${official}: ${details.join(' và ')}.`,
  embedded: (host: string, official: string, realSuffix: string) =>
    `Đường link ${host} giả mạo trang ${official}: tên trang thật chỉ được ghép vào đầu, còn đuôi thật của link là .${realSuffix}.`,
  fakeSuffix: (host: string, suffix: string, realSuffix: string) =>
    `Đường link ${host} giả dạng đuôi .${suffix} của trang chính thống, nhưng đuôi thật của link là .${realSuffix}.`,
  borrowed: (host: string, owner: string, official: string, realSite: string | undefined, government: boolean) =>
    `Đường link ${host} mượn tên ${owner} nhưng ${realSite ? `thực chất thuộc trang ${realSite}, ` : ''}không phải trang thật ${official}` +
    `${government ? ', vì trang của cơ quan nhà nước luôn có đuôi .gov.vn' : ''}.`,
  apk: (host: string) => `Đường link ${host} tải về tệp cài đặt .apk ngoài kho ứng dụng, trong khi ứng dụng thật chỉ cài từ App Store hoặc Google Play.`,
  apkFile: (file: string) => `Tin nhắn nhắc tới tệp cài đặt ${file}, một tệp ngoài kho ứng dụng; ứng dụng thật chỉ cài từ App Store hoặc Google Play.`,
  ip: (host: string) => `Đường link dùng dãy số ${host} thay cho tên trang, điều trang chính thống không làm.`,
  shortener: (host: string) => `Đường link ${host} là link rút gọn, che mất trang thật mà nó dẫn tới.`,
  suspiciousTld: (host: string, tld: string) => `Đường link ${host} có đuôi .${tld}, loại đuôi kẻ gian hay dùng cho trang giả mạo.`,
  governmentUnofficial: (host: string) =>
    `Tin nhắn nói về cơ quan nhà nước nhưng đường link ${host} không có đuôi .gov.vn như trang thật của cơ quan nhà nước.`,
  official: (host: string, owner: string) => `Đường link ${host} là trang chính thức của ${owner}.`,
  reportedDomainStaff: (domain: string) => `Tên miền ${domain} đã được Công an xác nhận là trang lừa đảo qua phản ánh của người dân.`,
  reportedDomainPublic: (domain: string) => `Tên miền ${domain} đã bị cơ quan chức năng cảnh báo là trang lừa đảo.`,
  reportedPhoneStaff: (phone: string) => `Số điện thoại ${phone} đã được Công an xác nhận là số lừa đảo qua phản ánh của người dân.`,
  reportedPhonePublic: (phone: string) => `Số điện thoại ${phone} đã bị cơ quan chức năng cảnh báo là số dùng để lừa đảo.`,
  reputation: (value: string, source: string, malicious: boolean) =>
    `${value} bị ${source} đánh dấu là ${malicious ? 'lừa đảo' : 'đáng ngờ'}.`,
};

/** Shown as the last reason of every low verdict: the rules still apply. */
export const RULES_REMINDER =
  'Chưa thấy dấu hiệu lừa đảo rõ ràng, nhưng hãy nhớ: không đưa mã OTP, mật khẩu cho bất kỳ ai, trang của cơ quan nhà nước luôn có đuôi .gov.vn, và công an không bao giờ yêu cầu chuyển tiền hay cài ứng dụng qua điện thoại.';

/** What to do now, by risk level (printed by the CLI and reused by the bot dialog). */
export const ADVICE: Readonly<Record<Risk, readonly string[]>> = {
  high: [
    'Không bấm vào đường link, không cài ứng dụng, không chuyển tiền và không đọc mã OTP cho ai.',
    'Nếu đã lỡ làm, hãy gọi ngay cho ngân hàng để khóa tài khoản, đổi mật khẩu và báo Công an xã/phường nơi gần nhất.',
    'Có thể báo tin nhắn, cuộc gọi lừa đảo tới tổng đài 156 (gọi) hoặc 5656 (nhắn tin), miễn phí.',
  ],
  medium: [
    'Chưa nên làm theo tin nhắn: hãy tự gọi lại cho cơ quan, ngân hàng hay người thân qua số bạn đã biết từ trước.',
    'Không bấm vào đường link lạ, không chuyển tiền và không đọc mã OTP cho ai.',
    'Nếu vẫn băn khoăn, hãy hỏi Công an xã/phường nơi gần nhất.',
  ],
  low: [
    'Khi cần làm thủ tục, hãy tự mở ứng dụng VNeID hoặc trang dichvucong.gov.vn thay vì bấm link trong tin nhắn.',
    'Nếu có người gọi điện yêu cầu chuyển tiền hay cung cấp mã, hãy dừng lại và hỏi Công an xã/phường.',
  ],
};

/** Words used by the CLI's readable output. */
export const cliMsg = {
  riskLine: (label: string) => `Mức độ: ${label}`,
  reasonsTitle: 'Lý do:',
  notesTitle: 'Lưu ý:',
  topicLine: (topic: string) => `Xem thêm: ${topic}`,
  urlsTitle: 'Đường link trong tin nhắn:',
  adviceTitle: 'Việc nên làm:',
  emptyInput: 'Chưa có nội dung để kiểm tra: hãy dán tin nhắn vào sau lệnh, hoặc gửi qua đầu vào chuẩn (stdin).',
  pasteHint: 'Dán tin nhắn cần kiểm tra rồi nhấn Ctrl+D (Windows: Ctrl+Z rồi Enter):',
  rulesInvalid: (count: number) => `Quy tắc kiểm tra lừa đảo có ${count} lỗi; hãy sửa rồi chạy lại.`,
};
