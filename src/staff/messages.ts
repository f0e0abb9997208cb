/**
 * Every sentence the staff side shows (API errors, CLI output). Kept here so wording stays consistent and reviewable.
 */
import { ROLE_LABELS, STAFF_ROLES } from './types';

const minutes = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000));

export const staffMsg = {
  // Authentication
  notSignedIn: 'Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  badCredentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  missingCredentials: 'Vui lòng nhập tên đăng nhập và mật khẩu.',
  accountLocked: (ms: number) =>
    `Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${minutes(ms)} phút hoặc liên hệ quản trị viên.`,
  addressLimited: (ms: number) =>
    `Có quá nhiều lần đăng nhập sai từ máy này. Vui lòng thử lại sau ${minutes(ms)} phút.`,
  csrfFailed: 'Yêu cầu bị từ chối vì thiếu mã bảo vệ (CSRF). Vui lòng tải lại trang rồi thử lại.',
  crossOrigin: 'Yêu cầu bị từ chối vì không xuất phát từ trang quản lý này.',
  forbidden: 'Tài khoản của bạn không có quyền thực hiện thao tác này.',
  ticketForbidden: 'Phiếu này thuộc xã/phường khác; bạn không có quyền xem hoặc xử lý.',
  wrongCurrentPassword: 'Mật khẩu hiện tại không đúng.',

  // Tickets
  ticketNotFound: 'Không tìm thấy phiếu.',
  claimedByOther: (name: string) => `Phiếu đã được ${name} nhận xử lý.`,
  emptyText: 'Nội dung không được để trống.',
  textTooLong: (max: number) => `Nội dung dài quá ${max} ký tự.`,
  badStatus: 'Trạng thái không hợp lệ. Chọn một trong: new, in_progress, answered, closed.',
  ticketPurged: 'Nội dung phiếu đã được xóa theo thời hạn lưu trữ; chỉ còn số liệu thống kê.',
  badDate: (field: string) => `Ngày "${field}" phải có dạng YYYY-MM-DD.`,
  badRange: 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.',
  rangeTooLong: (days: number) => `Mỗi lần xuất tối đa ${days} ngày.`,
  badNumber: (field: string) => `Tham số "${field}" phải là số nguyên không âm.`,
  badParam: (field: string) => `Tham số "${field}" không hợp lệ.`,

  // Scam indicators confirmed from a scam report
  notScamReport: 'Chỉ phiếu báo lừa đảo mới có số điện thoại, tên miền để xác nhận.',
  noIndicatorChosen: 'Chọn ít nhất một số điện thoại hoặc tên miền.',
  tooManyIndicators: (max: number) => `Mỗi lần xác nhận tối đa ${max} mục.`,
  indicatorNotInReport: (value: string) =>
    `"${value}" không có trong nội dung phiếu, hoặc là trang chính thức, link rút gọn: không xác nhận được.`,
  scamCheckOff: 'Máy chủ chưa bật chức năng kiểm tra lừa đảo.',

  // Knowledge drafts
  draftNoAnswer: 'Phiếu chưa có câu trả lời của cán bộ; hãy trả lời trước hoặc nhập câu trả lời cho bản nháp.',
  draftInvalid: 'Bản nháp chưa hợp lệ',
  draftKnowledgeBroken:
    'Kho kiến thức hiện có lỗi nên chưa lưu được bản nháp vào máy chủ; hãy tải tệp về và gửi cho cán bộ biên soạn.',
  draftNotFound: 'Không tìm thấy bản nháp.',

  // Accounts
  badUsername: 'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.',
  badRole: `Vai trò phải là một trong: ${STAFF_ROLES.map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ')}.`,
  officerNeedsCommune: 'Tài khoản officer phải gắn với một xã/phường (--commune "Xã Định Hòa").',
  communeOnlyForOfficer: 'Chỉ tài khoản officer mới gắn với xã/phường; vai trò này xem được toàn tỉnh hoặc không xem phiếu.',
  unknownCommune: (input: string, suggestions: string[]) =>
    `Không có xã/phường "${input}" trong knowledge/communes.yaml.` +
    (suggestions.length ? ` Có phải: ${suggestions.join(', ')}?` : ''),
  ambiguousCommune: (input: string, options: string[]) => `"${input}" có thể là: ${options.join(', ')}. Hãy ghi rõ tên đầy đủ.`,
  badDisplayName: 'Họ tên hiển thị không được để trống và tối đa 100 ký tự.',
  accountNotFound: (username: string) => `Không có tài khoản "${username}".`,
  usernameTaken: (username: string) => `Tên đăng nhập "${username}" đã có người dùng.`,
  cannotDisableSelf: 'Không thể tự khóa tài khoản của chính mình.',

  // Generic
  badJson: 'Nội dung gửi lên phải là JSON hợp lệ.',
  tooLarge: 'Nội dung gửi lên quá lớn.',
  internal: 'Máy chủ gặp lỗi; vui lòng thử lại sau.',
} as const;

/** Canned replies officers start from; each is a complete, polite answer they can edit before sending. */
export const CANNED_REPLIES: ReadonlyArray<{ id: string; label: string; text: string }> = [
  {
    id: 'received',
    label: 'Đã tiếp nhận',
    text: 'Chào anh/chị, Công an xã/phường đã tiếp nhận phản ánh của anh/chị và đang xem xét. Chúng tôi sẽ trả lời sớm nhất có thể.',
  },
  {
    id: 'come-in',
    label: 'Mời đến trụ sở',
    text: 'Chào anh/chị, trường hợp của anh/chị cần kiểm tra giấy tờ trực tiếp. Anh/chị vui lòng đến trụ sở Công an xã/phường trong giờ hành chính, mang theo căn cước và giấy tờ liên quan.',
  },
  {
    id: 'need-details',
    label: 'Cần thêm thông tin',
    text: 'Chào anh/chị, để trả lời chính xác, anh/chị vui lòng cho biết thêm chi tiết (thủ tục đang làm, đã nộp hồ sơ ở đâu, khi nào). Xin đừng gửi mã OTP, mật khẩu hay số thẻ ngân hàng.',
  },
  {
    id: 'scam-warning',
    label: 'Cảnh báo lừa đảo',
    text: 'Chào anh/chị, đây có dấu hiệu lừa đảo. Anh/chị không chuyển tiền, không cung cấp mã OTP, mật khẩu và không bấm vào đường link lạ. Nếu đã bị mất tiền, hãy báo ngay cho ngân hàng và đến Công an xã/phường để trình báo.',
  },
  {
    id: 'resolved',
    label: 'Đã giải quyết',
    text: 'Chào anh/chị, việc anh/chị phản ánh đã được giải quyết. Nếu còn vướng mắc, anh/chị cứ nhắn tiếp vào đây. Cảm ơn anh/chị.',
  },
];
