/** What a citizen reads from the Direct Line channel itself (not from the bot): kept together, in plain Vietnamese. */
export const directLineText = {
  /** Shown in the conversation, once a minute at most, when messages come faster than the limits allow. */
  throttledNotice: (seconds: number): string =>
    `Xin lỗi, bạn đang gửi tin nhắn nhanh hơn mức hệ thống nhận được nên các tin vừa rồi chưa được gửi đi. ` +
    `Vui lòng chờ khoảng ${waitText(seconds)} rồi gửi lại câu hỏi. Cảm ơn bạn đã thông cảm.`,
  /** The HTTP error message of a refused message (for developers and the widget). */
  throttled: (seconds: number): string => `Bạn gửi tin nhắn quá nhanh; vui lòng chờ khoảng ${waitText(seconds)} rồi gửi lại.`,
} as const;

function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 90 ? `${s} giây` : `${Math.ceil(s / 60)} phút`;
}
