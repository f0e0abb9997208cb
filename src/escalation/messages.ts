/**
 * Everything the escalation flow says to citizens, in one place so tests, reviewers and translators see the same
 * words. Register: the bot's own ("mình" / "bạn"), plain and polite. Never a fee, a deadline or a phone number that
 * is not in the knowledge settings.
 */
import { TICKET_STATUS_LABELS, type TicketKind, type TicketStatus } from './types';

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour12: false,
});

/** "09:05 27/11/2025" in Vietnam's time, whatever the server's time zone. */
export function formatLocalTime(at: number): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}

const police = (communeName: string): string => `Công an ${communeName}`;
const responseTime = (typical: string | undefined): string =>
  typical ? `Cán bộ thường trả lời ${typical}.` : 'Cán bộ sẽ trả lời sớm nhất có thể trong giờ làm việc.';

export const escalationText = {
  buttons: {
    send: 'Gửi cho Công an xã',
    sendNew: 'Gửi phản ánh mới',
    appendTo: (code: string) => `Bổ sung vào ${code}`,
    notNow: 'Không, cảm ơn',
    keep: 'Giữ nguyên',
    rewrite: 'Viết lại',
    phoneYes: 'Có, để lại số',
    phoneNo: 'Không để lại số',
    confirm: 'Gửi',
    edit: 'Sửa lại',
    cancel: 'Hủy',
    retry: 'Thử gửi lại',
    notListed: 'Không có trong danh sách',
    notThisOne: 'Không phải',
    addMore: (code: string) => `Bổ sung cho phản ánh ${code}`,
    editCommune: 'Xã/phường',
    editDetails: 'Nội dung',
    editPhone: 'Số điện thoại',
  },

  /** After a fallback or "Không phải các ý trên": an offer, not a form the citizen did not ask for. */
  offer:
    'Câu này mình chưa trả lời được. Bạn có muốn gửi câu hỏi cho Công an xã/phường nơi bạn ở không? Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này.',
  offerWithOpen: (code: string, status: TicketStatus) =>
    `Bạn đang có phản ánh ${code} (${TICKET_STATUS_LABELS[status].toLowerCase()}). Bạn muốn bổ sung vào phản ánh đó, hay gửi một phản ánh mới?`,
  declined: 'Vâng. Bạn có thể hỏi lại bằng cách khác, hoặc chọn một mục trong menu.',

  intro: (kind: TicketKind, typical: string | undefined) =>
    (kind === 'scam_report'
      ? 'Mình sẽ chuyển tin nhắn đáng ngờ này tới Công an xã/phường nơi bạn ở để cán bộ xem xét. '
      : 'Mình sẽ chuyển câu hỏi của bạn tới Công an xã/phường nơi bạn ở. ') +
    `Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này. ${responseTime(typical)} ` +
    'Bạn sẽ nhận một mã phiếu để tra cứu.\n\nViệc khẩn cấp, đang bị đe dọa: gọi ngay 113.',

  askCommune: 'Bạn đang ở xã/phường nào? Gõ tên xã/phường hiện nay, ví dụ: Định Hòa.',
  communeAmbiguous: 'Có mấy xã/phường có tên gần giống. Bạn chọn đúng nơi của mình nhé:',
  communeConfirmOne: (name: string) =>
    `Có phải bạn ở ${name} (đơn vị hiện nay) không? Nếu bạn đang nói tới huyện cũ cùng tên, hãy gõ tên xã/phường bạn đang ở hiện nay.`,
  communeFormerDistrict: (district: string, hasChoices: boolean) =>
    `${district} là đơn vị hành chính cũ, từ ngày 01/7/2025 đã được sắp xếp lại thành các xã/phường mới. ` +
    (hasChoices ? 'Bạn đang ở xã/phường nào dưới đây?' : 'Bạn gõ tên xã/phường bạn đang ở hiện nay giúp mình nhé.'),
  communeNotFound: (input: string, province: string, hasSuggestions: boolean) =>
    `Mình chưa tìm thấy xã/phường “${input}” trong tỉnh ${province}. ` +
    (hasSuggestions
      ? 'Có phải một trong các nơi dưới đây không? Nếu không, bạn gõ lại tên xã/phường hiện nay nhé.'
      : 'Bạn gõ lại tên xã/phường hiện nay (sau sắp xếp từ ngày 01/7/2025) giúp mình nhé.'),
  communeRetypeName: 'Bạn gõ tên xã/phường hiện nay giúp mình nhé, ví dụ: Định Hòa.',
  communeChosen: (communeName: string) => `Phản ánh sẽ gửi tới ${police(communeName)}.`,

  prefilled: (kind: TicketKind, text: string) =>
    `${kind === 'scam_report' ? 'Tin nhắn' : 'Nội dung'} mình sẽ gửi:\n\n“${text}”\n\nBạn giữ nguyên hay muốn viết lại cho rõ hơn?`,
  askDetails: (kind: TicketKind) =>
    (kind === 'scam_report'
      ? 'Bạn dán nội dung tin nhắn hoặc kể lại sự việc đáng ngờ (ai liên hệ, qua số điện thoại hay đường link nào, họ yêu cầu gì). '
      : 'Bạn viết rõ câu hỏi hoặc sự việc cần phản ánh giúp mình, càng cụ thể cán bộ càng dễ trả lời. ') +
    'Đừng ghi mật khẩu, mã OTP hay số thẻ ngân hàng.',
  detailsTooShort: 'Nội dung hơi ngắn, cán bộ có thể chưa hiểu. Bạn viết rõ hơn một chút nhé.',
  detailsTooLong: (limit: number) =>
    `Nội dung dài quá ${limit.toLocaleString('vi-VN')} ký tự. Bạn rút gọn lại giúp mình; phần còn lại có thể bổ sung sau khi gửi.`,
  secretsWarning:
    'Mình đã ẩn mã OTP, mật khẩu hoặc số thẻ, số tài khoản trong nội dung của bạn. Xin đừng bao giờ gửi mã OTP hay mật khẩu cho bất kỳ ai, kể cả người xưng là cán bộ công an: công an không bao giờ hỏi những thông tin này.',

  askPhoneConsent:
    'Bạn có muốn để lại số điện thoại để cán bộ gọi lại khi cần không? Số này chỉ dùng để Công an xã/phường liên hệ về phản ánh này. Không bắt buộc.',
  askPhone: 'Bạn nhập số điện thoại di động của mình, ví dụ: 0912 345 678.',
  phoneInvalid:
    'Số này chưa đúng dạng số di động Việt Nam (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, hoặc +84). Bạn nhập lại, hoặc bấm “Không để lại số”.',

  summary: (kind: TicketKind, communeName: string, details: string, phone: string | null) =>
    `Bạn kiểm tra lại trước khi gửi nhé:\n\n` +
    `• Gửi tới: ${police(communeName)}\n` +
    `• ${kind === 'scam_report' ? 'Tin nhắn đáng ngờ' : 'Nội dung'}: ${details}\n` +
    `• Số điện thoại: ${phone ?? 'không để lại'}\n\n` +
    'Bấm “Gửi” để gửi, “Sửa lại” để sửa, hoặc “Hủy” nếu không gửi nữa.',
  whatToEdit: 'Bạn muốn sửa phần nào?',
  chooseButton: 'Bạn chọn một trong các nút bên dưới giúp mình nhé (hoặc gõ “hủy” để dừng).',

  sent: (code: string, communeName: string, typical: string | undefined) =>
    `Đã gửi tới ${police(communeName)}. Mã phiếu của bạn: ${code}\n\n` +
    `Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này. ${responseTime(typical)} ` +
    `Bạn gõ “tra cứu ${code}” bất cứ lúc nào để xem tình trạng.`,
  alreadySent: (code: string) => `Phản ánh này đã được gửi trước đó, mã phiếu: ${code}. Bạn gõ “tra cứu ${code}” để xem tình trạng.`,
  saveFailed:
    'Xin lỗi, hệ thống đang gặp sự cố nên chưa gửi được. Nội dung của bạn vẫn được giữ lại: bạn bấm “Thử gửi lại” sau ít phút nhé.',
  cancelled: 'Đã hủy, mình chưa gửi gì cả. Bạn cần hỏi gì thêm cứ gõ nhé.',

  askAppend: (code: string) => `Bạn gõ nội dung muốn bổ sung cho phản ánh ${code}:`,
  appended: (code: string, reopened: boolean) =>
    `Đã bổ sung vào phản ánh ${code}.` + (reopened ? ' Phản ánh đã được mở lại để cán bộ xem tiếp.' : ' Cán bộ sẽ xem cùng phản ánh.'),
  noOpenTicket: 'Trong cuộc trò chuyện này bạn chưa có phản ánh nào đang mở. Bạn có muốn gửi phản ánh mới không?',
  appendNotHere: (code: string) =>
    `Phản ánh ${code} được gửi từ một cuộc trò chuyện khác, nên mình không bổ sung được từ đây. Bạn có thể gửi một phản ánh mới và ghi kèm mã ${code}.`,
  appendPurged: (code: string) =>
    `Phản ánh ${code} đã đóng từ lâu và nội dung đã được xoá theo thời hạn lưu trữ. Bạn gửi một phản ánh mới giúp mình nhé.`,

  lookupNotFound: (code: string) =>
    `Mình không tìm thấy phản ánh có mã ${code}. Bạn kiểm tra lại mã giúp mình (dạng TH-20251127-0042) nhé.`,
  lookupNoneHere: 'Bạn gõ mã phiếu cần tra cứu, ví dụ: tra cứu TH-20251127-0042.',
  lookupHeader: (code: string, status: TicketStatus) => `Phản ánh ${code}: ${TICKET_STATUS_LABELS[status]}`,
  lookupSentAt: (at: number, communeName: string) => `Gửi lúc ${formatLocalTime(at)} tới ${police(communeName)}.`,
  lookupSubject: (subject: string) => `Nội dung: ${subject}`,
  lookupReply: (at: number, body: string) => `Cán bộ trả lời lúc ${formatLocalTime(at)}:\n${body}`,
  lookupWaiting: (typical: string | undefined) => `Chưa có trả lời. ${responseTime(typical)}`,
  lookupStatusOnly:
    'Vì lý do bảo mật, nội dung và câu trả lời chỉ hiện trong cuộc trò chuyện đã gửi phản ánh này.',
  lookupPurged: 'Nội dung phản ánh đã được xoá theo thời hạn lưu trữ.',

  /** A staff reply, delivered proactively in the conversation the citizen came from. */
  staffReply: (code: string, communeName: string, body: string) =>
    `${police(communeName)} trả lời phản ánh ${code} của bạn:\n\n${body}`,
} as const;
