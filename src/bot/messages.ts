/**
 * Every Vietnamese sentence the bot says, in one place, so wording is reviewed once and tests import the same
 * strings. Nothing here invents a fee, a deadline or a phone number: numbers come from knowledge/settings.yaml.
 */
import type { Settings } from '../knowledge/schema';

/** Headings of the parts of an answer, shared by the plain-text and the card renderings. */
export const entryLabels = {
  scenario: 'Kẻ gian thường làm thế nào',
  signs: 'Dấu hiệu nhận biết',
  steps: 'Các bước thực hiện',
  /** Steps of a fraud entry are what to do now, not a procedure. */
  urgentSteps: 'Việc cần làm ngay',
  documents: 'Hồ sơ, giấy tờ cần mang',
  fee: 'Lệ phí',
  processingTime: 'Thời gian giải quyết',
  where: 'Nơi làm',
  report: 'Nơi trình báo',
  rule: 'Điều cần nhớ',
  note: 'Lưu ý',
  source: 'Nguồn',
  reviewed: 'Kiểm tra lần cuối ngày',
  openSource: 'Xem nguồn',
} as const;

export const clarifyText = {
  intro: 'Có phải bạn muốn hỏi:',
  none: 'Không phải các ý trên',
  howToReply: 'Bạn trả lời bằng số thứ tự (ví dụ: 1), hoặc gõ lại câu hỏi theo cách khác.',
} as const;

export const fallbackText = {
  sorry: 'Xin lỗi, mình chưa tìm được câu trả lời phù hợp cho câu hỏi này.',
  offer: 'Nếu bạn đồng ý, mình sẽ chuyển câu hỏi tới Công an xã/phường nơi bạn ở để cán bộ trả lời',
  meanwhile: 'Trong lúc chờ, bạn có thể:',
  visit: 'Đến trụ sở Công an xã/phường nơi bạn cư trú trong giờ làm việc.',
  call: 'Hoặc gọi các số sau:',
  rephrase: 'Hoặc hỏi lại bằng cách khác, ngắn gọn hơn, ví dụ: “làm căn cước cho con ở đâu”.',
  privacy: 'Đừng gửi mật khẩu, mã OTP hay số thẻ ngân hàng cho bất kỳ ai, kể cả cho mình.',
} as const;

/** "• Tổng đài hỗ trợ VNeID: 1900 0368 (bấm phím 4…)" */
export function hotlineLine(h: Settings['hotlines'][number]): string {
  return `• ${h.name}: ${h.number}${h.note ? ` (${h.note})` : ''}`;
}

/** "Kiểm tra lần cuối ngày 27/11/2026" from the ISO date trainers write. */
export function reviewedLine(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${entryLabels.reviewed} ${d}/${m}/${y}.`;
}

// --- The conversation on every channel (welcome, menus, feedback, small talk, notices) ---------------------------

/** Button labels and texts of the conversation; one place, so tests and translations use the same words. */
export const botText = {
  menu: {
    procedures: 'Thủ tục hành chính',
    vneid: 'VNeID',
    scams: 'Cảnh báo lừa đảo',
    /** Under "Cảnh báo lừa đảo", before the fraud topics: opens the scam checker. */
    scamCheck: 'Kiểm tra tin nhắn/đường link',
    report: 'Gửi phản ánh cho Công an xã',
    mainMenu: 'Về menu chính',
  },
  /** Short labels for the groups of the knowledge base, shown as buttons under "Thủ tục hành chính". */
  groups: {
    'cu-tru': 'Cư trú (thường trú, tạm trú)',
    'can-cuoc': 'Thẻ căn cước',
    'ho-tich': 'Hộ tịch (khai sinh, kết hôn…)',
    xe: 'Đăng ký xe',
    dvc: 'Dịch vụ công trực tuyến',
    'ho-chieu': 'Hộ chiếu',
  } as Record<string, string>,
  procedureGroups: ['cu-tru', 'can-cuoc', 'ho-tich', 'xe', 'dvc', 'ho-chieu'],

  welcome(settings: Settings): string {
    const tagline = settings.bot.tagline ? ` — ${lowerFirst(settings.bot.tagline)}` : '';
    return (
      `Xin chào! Mình là ${settings.bot.name}${tagline}.\n\n` +
      'Bạn cứ gõ câu hỏi bằng lời của mình, có dấu hay không dấu đều được, ví dụ: “quên mật khẩu VNeID thì làm sao”. ' +
      'Hoặc chọn một mục bên dưới.\n\n' +
      'Lưu ý: đừng gửi mật khẩu, mã OTP hay số thẻ ngân hàng cho bất kỳ ai, kể cả cho mình.'
    );
  },
  welcomeBack: 'Chào bạn quay lại! Bạn cần hỏi gì thì cứ gõ, hoặc chọn một mục bên dưới.',
  mainMenuPrompt: 'Bạn muốn tìm hiểu về việc gì? Chọn một mục bên dưới, hoặc gõ câu hỏi.',
  proceduresPrompt: 'Bạn cần hỏi về thủ tục nào?',
  groupPrompt: (label: string) => `Các câu hỏi thường gặp về ${label}. Chọn một câu, hoặc gõ câu hỏi của bạn:`,
  scamsPrompt: 'Các kiểu lừa đảo đang phổ biến. Chọn một mục để xem cách nhận biết và cách xử lý:',
  emptyGroup: 'Mục này chưa có câu hỏi nào. Bạn thử gõ câu hỏi của mình nhé.',

  clarifyIntro: clarifyText.intro,
  clarifyNone: clarifyText.none,

  fallback:
    'Xin lỗi, mình chưa tìm được câu trả lời phù hợp cho câu hỏi này. Bạn có thể hỏi lại bằng cách khác, chọn một mục trong menu, hoặc gửi câu hỏi cho Công an xã/phường.',

  forwardNotReady:
    'Tính năng chuyển câu hỏi trực tiếp cho cán bộ đang được hoàn thiện. Trong lúc chờ, bạn có thể liên hệ Công an xã/phường nơi bạn ở (đến trụ sở trong giờ làm việc), hoặc gọi các số sau:',
  emergency: 'Việc khẩn cấp, đang bị đe dọa: gọi ngay 113.',

  feedbackQuestion: 'Câu trả lời có hữu ích không?',
  feedbackYes: '👍 Có, hữu ích',
  feedbackNo: '👎 Chưa hữu ích',
  feedbackThanksYes: 'Cảm ơn bạn! Bạn cần hỏi thêm gì cứ gõ nhé.',
  feedbackThanksNo:
    'Cảm ơn bạn đã cho biết. Mình sẽ chuyển ý kiến này để cán bộ bổ sung câu trả lời. Bạn có thể hỏi lại bằng cách khác, hoặc gửi câu hỏi cho Công an xã/phường.',

  smallTalk: {
    greeting: 'Xin chào! Bạn cần hỏi gì về thủ tục hành chính, VNeID hay cảnh báo lừa đảo? Cứ gõ câu hỏi, hoặc chọn một mục bên dưới.',
    thanks: 'Không có gì ạ! Chúc bạn một ngày tốt lành. Cần hỏi thêm gì, bạn cứ nhắn nhé.',
    goodbye: 'Tạm biệt bạn! Khi cần, bạn cứ quay lại hỏi nhé.',
    whoAreYou:
      'Mình là trợ lý tự động, không phải người thật. Mình trả lời theo tài liệu hướng dẫn chính thức; câu nào chưa trả lời được, mình giúp bạn gửi cho Công an xã/phường.',
    acknowledge: 'Dạ. Bạn cần hỏi thêm gì cứ gõ, hoặc chọn một mục bên dưới.',
  },

  symbolsOnly: 'Bạn gõ câu hỏi bằng chữ giúp mình nhé, ví dụ: “làm căn cước ở đâu”.',
  emptyMessage: 'Mình chưa nhận được nội dung nào. Bạn gõ câu hỏi bằng chữ giúp mình nhé.',
  imageReceived:
    'Mình chưa xem được hình ảnh hay tệp đính kèm. Bạn mô tả bằng chữ giúp mình nhé. Nếu là ảnh giấy tờ tùy thân, bạn đừng gửi cho ai qua mạng.',
  stickerReceived: 'Cảm ơn bạn! 😊 Bạn cần hỏi gì thì cứ gõ câu hỏi nhé.',
  audioReceived: 'Mình chưa nghe được tin nhắn thoại. Bạn gõ câu hỏi bằng chữ giúp mình nhé.',
  tooLong: (limit: number) =>
    `Tin nhắn của bạn dài hơn ${limit.toLocaleString('vi-VN')} ký tự nên mình chỉ đọc phần đầu. Nếu cần, bạn gửi tiếp phần còn lại trong một tin nhắn khác.`,
  secretsMasked:
    'Tin nhắn có thông tin nhạy cảm (mật khẩu, mã OTP, số thẻ hoặc số tài khoản) nên mình đã ẩn đi. Đừng gửi những thông tin này cho bất kỳ ai, kể cả người xưng là công an.',

  turnError: (ref: string) =>
    `Xin lỗi, hệ thống vừa gặp sự cố nên mình chưa trả lời được. Bạn vui lòng gửi lại câu hỏi sau ít phút. (Mã lỗi: ${ref})`,
} as const;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
