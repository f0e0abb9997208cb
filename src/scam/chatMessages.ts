/**
 * What the bot says around a scam check (the verdict's own sentences — risk labels, reasons, advice — are in
 * ./messages.ts and the trainers' rules). Plain text with line breaks, so every channel shows the same thing,
 * cards or not. Nothing here says a message is safe: the lowest level only says no sign was found.
 */
import { RISK_LABELS } from './messages';
import type { Risk } from './types';

const HEADLINES: Readonly<Record<Risk, string>> = {
  high: `⛔ ${RISK_LABELS.high}: nội dung bạn gửi có dấu hiệu lừa đảo rõ ràng.`,
  medium: `⚠️ ${RISK_LABELS.medium}: nội dung bạn gửi có điểm đáng ngờ, bạn chưa nên làm theo.`,
  low: `ℹ️ ${RISK_LABELS.low} trong nội dung bạn gửi. Kết quả kiểm tra tự động chỉ để tham khảo.`,
};

export const scamChatText = {
  buttons: {
    report: 'Báo cho Công an xã',
    learn: 'Xem cách nhận biết',
  },

  askToPaste:
    'Bạn sao chép nguyên tin nhắn, đường link hoặc số điện thoại cần kiểm tra rồi dán vào đây nhé. ' +
    'Đừng gửi kèm mã OTP, mật khẩu hay ảnh giấy tờ của bạn.',
  notChecked: 'Vâng. Khi cần kiểm tra tin nhắn, đường link hay số điện thoại nào, bạn cứ dán vào đây nhé.',

  headline: (risk: Risk): string => HEADLINES[risk],
  reasonsTitle: 'Vì sao:',
  notesTitle: 'Lưu ý:',
  fraudKind: (title: string) => `Kiểu lừa đảo: ${title}`,
  readMore: (title: string) => `Nên xem thêm: ${title}.`,
  whatToDoNow: 'Việc cần làm ngay:',
  whatToDo: 'Việc nên làm:',
  offerReport:
    'Bạn có thể bấm “Báo cho Công an xã” để gửi nội dung này cho Công an xã/phường nơi bạn ở (mã OTP, số tài khoản trong đó sẽ được ẩn đi), ' +
    'hoặc “Xem cách nhận biết” để tự phân biệt lần sau.',
  offerReportLow: 'Nếu vẫn thấy nghi ngờ, bạn có thể bấm “Báo cho Công an xã” để cán bộ xem giúp.',
} as const;
