/**
 * What the Zalo channels themselves say — to citizens (numbered choices, kept attachments, contact details received)
 * and to officers (lines added to a ticket, delivery problems shown on it). Everything else a citizen reads comes from
 * the bot. Register: the bot's own ("mình" / "bạn"), plain and polite. No phone number is written here: hotlines
 * come from the knowledge settings.
 */

export const zaloText = {
  /** Heading of a numbered list that replaces buttons. */
  chooseByNumber: 'Bạn gõ số thứ tự để chọn (ví dụ: 1):',
  /** Above buttons sent without any text of their own. */
  chooseOne: 'Bạn chọn một mục dưới đây:',
  numbered: (index: number, title: string) => `${index + 1}. ${title}`,
  /** A link button shown as text where there are no buttons. */
  linkLine: (title: string, url: string) => `• ${title}: ${url}`,

  /** A button pressed in a message so old that its choices are no longer kept. */
  expiredButton: 'Lựa chọn này đã cũ nên mình không còn hiểu được. Mình gửi lại menu để bạn chọn nhé.',

  /** A photo, file, voice message or location added to the ticket the citizen has open. */
  attachmentKept: (kindLabel: string, code: string) =>
    `Mình đã đính kèm ${kindLabel} bạn gửi vào phản ánh ${code} để cán bộ xem. Mình chưa đọc được nội dung ${kindLabel}, nên nếu có điều gì quan trọng, bạn viết thêm bằng chữ giúp mình nhé.`,
  /** A location while no ticket is open: the bot understands only text. */
  locationReceived:
    'Mình đã nhận vị trí bạn gửi nhưng chưa đọc được. Bạn gõ địa chỉ bằng chữ (thôn/xóm, xã/phường) giúp mình nhé. Nếu bạn đang gửi phản ánh, vị trí này sẽ được gửi kèm cho cán bộ.',

  /** `user_submit_info`: the contact form Zalo shows the citizen was filled in. */
  contactAddedToTicket: (code: string) =>
    `Cảm ơn bạn. Mình đã chuyển thông tin liên hệ bạn vừa gửi vào phản ánh ${code}, để cán bộ liên hệ lại khi cần.`,
  contactKeptForLater:
    'Cảm ơn bạn đã gửi thông tin liên hệ. Nếu trong 2 giờ tới bạn gửi câu hỏi hoặc phản ánh cho Công an xã/phường, thông tin này sẽ được gửi kèm để cán bộ liên hệ lại khi cần.',

  kindLabels: {
    image: 'ảnh',
    gif: 'ảnh động',
    sticker: 'nhãn dán',
    audio: 'tin nhắn thoại',
    video: 'video',
    file: 'tệp',
    location: 'vị trí',
    link: 'đường dẫn',
    business_card: 'danh thiếp',
  } as Record<string, string>,
} as const;

/** Lines the channel adds to a ticket, read by officers in the staff console. */
export const zaloStaffText = {
  attachment: (kindLabel: string, detail: string) => `[Gửi qua Zalo] Người dân gửi kèm ${kindLabel}: ${detail}`,
  location: (lat: string, lng: string) => `vị trí ${lat}, ${lng} — https://maps.google.com/?q=${lat},${lng}`,
  contact: (fields: readonly string[]) => `[Gửi qua Zalo] Thông tin liên hệ người dân gửi: ${fields.join('; ')}`,
  contactName: (v: string) => `họ tên ${v}`,
  contactPhone: (v: string) => `số điện thoại ${v}`,
  contactAddress: (v: string) => `địa chỉ ${v}`,

  /** Shown on the ticket (`deliveryProblem`) when Zalo will not deliver a reply. */
  windowClosed:
    'Không gửi được qua Zalo: người dân chưa nhắn cho OA trong 7 ngày qua nên Zalo không cho gửi tin trả lời. Hãy chờ người dân nhắn lại, hoặc gọi điện nếu người dân đã để lại số.',
  userBlocked: 'Không gửi được qua Zalo: người dân đã bỏ quan tâm, chặn OA hoặc tài khoản không còn hoạt động. Hãy liên hệ bằng cách khác nếu có.',
  failed: (detail: string) => `Không gửi được qua Zalo: ${detail}. Hệ thống đã ghi lại lỗi; hãy thử gửi lại sau hoặc liên hệ người dân bằng cách khác.`,
} as const;
