/**
 * A synthetic knowledge base of realistic Vietnamese FAQ entries, generated deterministically from a seed: subjects
 * (procedures, documents, VNeID features, scams) × what is asked about them × whose situation, each entry with a
 * title, keywords, a short answer and 5–8 example questions typed the ways citizens type (accents, none, teencode).
 * Only the shape and vocabulary matter here, not the facts: this content is never shown to anyone.
 */
import type { Entry } from '../src/knowledge/schema';
import { fold } from '../src/text/normalize';
import { pick, prng } from './stats';

const SUBJECTS = [
  ['dang-ky-tam-tru', 'đăng ký tạm trú'], ['gia-han-tam-tru', 'gia hạn tạm trú'], ['dang-ky-thuong-tru', 'đăng ký thường trú'],
  ['xoa-thuong-tru', 'xóa đăng ký thường trú'], ['tach-ho', 'tách hộ'], ['khai-bao-tam-vang', 'khai báo tạm vắng'],
  ['thong-bao-luu-tru', 'thông báo lưu trú'], ['xac-nhan-cu-tru', 'xin giấy xác nhận cư trú'], ['cap-can-cuoc', 'làm thẻ căn cước'],
  ['cap-doi-can-cuoc', 'cấp đổi thẻ căn cước'], ['cap-lai-can-cuoc', 'cấp lại thẻ căn cước bị mất'], ['khai-sinh', 'đăng ký khai sinh'],
  ['khai-tu', 'đăng ký khai tử'], ['ket-hon', 'đăng ký kết hôn'], ['doc-than', 'xin giấy xác nhận độc thân'],
  ['trich-luc', 'xin trích lục khai sinh'], ['dang-ky-xe', 'đăng ký xe máy mới'], ['sang-ten-xe', 'sang tên xe ô tô'],
  ['bien-so', 'bấm biển số định danh'], ['ho-chieu', 'làm hộ chiếu'], ['ly-lich-tu-phap', 'xin phiếu lý lịch tư pháp'],
  ['vneid-muc-2', 'đăng ký tài khoản định danh mức 2'], ['vneid-kich-hoat', 'kích hoạt tài khoản VNeID'],
  ['vneid-mat-khau', 'lấy lại mật khẩu VNeID'], ['vneid-so-dien-thoai', 'đổi số điện thoại trên VNeID'],
  ['vneid-gplx', 'tích hợp giấy phép lái xe vào VNeID'], ['vneid-bhyt', 'tích hợp thẻ bảo hiểm y tế vào VNeID'],
  ['chung-thuc', 'chứng thực bản sao giấy tờ'], ['ho-kinh-doanh', 'đăng ký hộ kinh doanh'], ['ma-so-thue', 'tra cứu mã số thuế cá nhân'],
  ['nghia-vu-quan-su', 'đăng ký nghĩa vụ quân sự'], ['giay-phep-lai-xe', 'đổi giấy phép lái xe'], ['tro-cap', 'nhận trợ cấp xã hội'],
  ['phan-anh', 'gửi phản ánh cho công an xã'], ['to-giac', 'tố giác tội phạm'], ['lua-dao-goi-dien', 'báo cuộc gọi lừa đảo'],
  ['lua-dao-tin-nhan', 'kiểm tra tin nhắn lừa đảo'], ['nop-ho-so', 'nộp hồ sơ dịch vụ công trực tuyến'],
  ['tra-cuu-ho-so', 'tra cứu tình trạng hồ sơ'], ['thanh-toan-le-phi', 'thanh toán lệ phí trực tuyến'],
] as const;

const ASPECTS = [
  ['giay-to', 'cần giấy tờ gì', 'Bạn mang giấy tờ tùy thân còn hạn và tờ khai theo mẫu.'],
  ['o-dau', 'làm ở đâu', 'Bạn nộp tại Công an xã, phường hoặc Trung tâm Phục vụ hành chính công cấp xã.'],
  ['bao-lau', 'mất bao lâu', 'Thời gian giải quyết tính theo ngày làm việc kể từ khi nhận đủ hồ sơ.'],
  ['le-phi', 'lệ phí bao nhiêu', 'Lệ phí theo quy định hiện hành; hỏi cán bộ tiếp nhận để biết chính xác.'],
  ['online', 'làm online được không', 'Bạn có thể nộp trực tuyến trên Cổng Dịch vụ công hoặc ứng dụng VNeID.'],
  ['bat-buoc', 'có bắt buộc không', 'Đây là thủ tục bắt buộc trong những trường hợp luật quy định.'],
  ['thu-tuc', 'thủ tục thế nào', 'Bạn chuẩn bị hồ sơ, nộp tại nơi tiếp nhận rồi nhận kết quả theo giấy hẹn.'],
  ['phat', 'không làm thì bị phạt không', 'Không thực hiện đúng hạn có thể bị xử phạt hành chính.'],
  ['lam-ho', 'nhờ người khác làm hộ được không', 'Một số bước phải tự đến; hỏi trước Công an xã để biết có được ủy quyền không.'],
  ['het-han', 'quá hạn thì phải làm sao', 'Bạn đến nơi tiếp nhận sớm nhất để được hướng dẫn làm lại.'],
  ['sai-thong-tin', 'bị sai thông tin thì sửa thế nào', 'Bạn mang giấy tờ chứng minh thông tin đúng để đề nghị điều chỉnh.'],
  ['mau-don', 'mẫu đơn lấy ở đâu', 'Mẫu tờ khai có tại nơi tiếp nhận và trên Cổng Dịch vụ công.'],
  ['ket-qua', 'nhận kết quả bằng cách nào', 'Bạn nhận kết quả trực tiếp, qua bưu điện hoặc trên VNeID.'],
  ['gio-lam-viec', 'làm vào giờ nào', 'Nơi tiếp nhận làm việc trong giờ hành chính các ngày làm việc.'],
  ['tu-choi', 'bị từ chối hồ sơ thì làm gì', 'Bạn đề nghị cán bộ ghi rõ lý do và bổ sung theo hướng dẫn.'],
  ['nguoi-gia', 'người già đi lại khó khăn thì sao', 'Người cao tuổi có thể được hỗ trợ tại nhà ở một số thủ tục.'],
  ['tre-em', 'cho trẻ em thì khác gì', 'Với trẻ em, cha mẹ hoặc người giám hộ làm thay và đi cùng.'],
  ['nuoc-ngoai', 'người nước ngoài có làm được không', 'Người nước ngoài làm theo thủ tục riêng; hỏi Công an xã để được hướng dẫn.'],
  ['tra-cuu', 'tra cứu kết quả ở đâu', 'Bạn tra cứu bằng mã hồ sơ trên Cổng Dịch vụ công.'],
  ['sau-sap-nhap', 'sau sáp nhập xã có phải làm lại không', 'Giấy tờ đã cấp vẫn còn giá trị; chỉ làm lại khi có thay đổi cần cập nhật.'],
] as const;

const SITUATIONS = [
  ['cho-con', 'cho con'], ['cho-bo-me', 'cho bố mẹ'], ['khi-chuyen-nha', 'khi chuyển nhà'], ['sinh-vien', 'cho sinh viên thuê trọ'],
  ['cong-nhan', 'cho công nhân khu công nghiệp'], ['mat-giay-to', 'khi bị mất giấy tờ'], ['di-lam-xa', 'khi đi làm xa nhà'],
  ['hac-thanh', 'ở phường Hạc Thành'], ['quang-ninh', 'ở xã Quảng Ninh'], ['nghi-son', 'ở phường Nghi Sơn'], ['sam-son', 'ở phường Sầm Sơn'],
  ['tho-xuan', 'ở xã Thọ Xuân'], ['ngoc-lac', 'ở xã Ngọc Lặc'], ['vung-cao', 'ở xã miền núi'], ['nguoi-khuyet-tat', 'cho người khuyết tật'],
  ['ve-que', 'khi về quê ăn tết'], ['lay-vo', 'sau khi lấy vợ'], ['nha-thue', 'khi ở nhà thuê'], ['o-nho', 'khi ở nhờ nhà người thân'],
  ['lan-dau', 'lần đầu tiên'], ['cuoi-tuan', 'vào cuối tuần'], ['gap', 'khi cần gấp'], ['dien-thoai-moi', 'khi đổi điện thoại mới'],
  ['khong-co-sim', 'khi không có sim chính chủ'], ['xuat-khau-lao-dong', 'trước khi đi xuất khẩu lao động'],
  ['nghi-huu', 'sau khi nghỉ hưu'], ['hoc-sinh', 'cho học sinh'], ['tam-tru-dai', 'khi ở lâu dài'], ['ban-than', 'cho bản thân'],
  ['ho-ngheo', 'cho hộ nghèo'],
] as const;

const OPENERS = ['', 'cho mình hỏi ', 'ad ơi ', 'xin hỏi ', 'em muốn hỏi ', 'cho tôi hỏi ', 'chào bạn, '];
const TEENCODE: ReadonlyArray<[RegExp, string]> = [
  [/\bkhông\b/g, 'ko'], [/\bđược\b/g, 'dc'], [/\bgì\b/g, 'j'], [/\bbao nhiêu\b/g, 'bn'], [/\bthế nào\b/g, 'ntn'], [/\bđăng ký\b/g, 'dk'],
];

export type Rand = () => number;

/** The ways a citizen types a question: as written, no diacritics, teencode, or with a typo. */
export function typedAs(rand: Rand, text: string): string {
  const style = rand();
  if (style < 0.3) return text;
  if (style < 0.6) return fold(text.toLowerCase());
  if (style < 0.8) return TEENCODE.reduce((t, [re, to]) => t.replace(re, to), text.toLowerCase());
  return withTypo(rand, fold(text.toLowerCase()));
}

/** Doubles or drops one letter of a longer syllable, as thumbs on a phone keyboard do. */
export function withTypo(rand: Rand, text: string): string {
  const words = text.split(' ');
  const longOnes = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 4);
  if (longOnes.length === 0) return text;
  const [word, i] = pick(rand, longOnes);
  const at = 1 + Math.floor(rand() * (word.length - 1));
  words[i] = rand() < 0.5 ? word.slice(0, at) + word[at - 1] + word.slice(at) : word.slice(0, at) + word.slice(at + 1);
  return words.join(' ');
}

function questionsFor(rand: Rand, subject: string, aspect: string, situation: string): string[] {
  const templates = [
    `Tôi muốn ${subject} ${situation} thì ${aspect}?`,
    `${subject} ${situation} ${aspect}`,
    `${pick(rand, OPENERS)}${subject} ${aspect} ạ`,
    `${situation} ${subject} thì ${aspect} vậy`,
    `hỏi về ${subject}: ${aspect}`,
    `Nhà tôi cần ${subject} ${situation}, không biết ${aspect}, mong được hướng dẫn`,
    `${subject} ${aspect}`,
    `${pick(rand, OPENERS)}${situation} muốn ${subject} ${aspect}`,
  ];
  const count = 5 + Math.floor(rand() * 4);
  return templates.slice(0, count).map((q) => typedAs(rand, q));
}

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `count` entries (at most |subjects| × |aspects| × |situations| = 24,000), the same for the same seed. */
export function syntheticEntries(count: number, seed = 20_000): Entry[] {
  const rand = prng(seed);
  const combos: Array<[number, number, number]> = [];
  for (let s = 0; s < SUBJECTS.length; s++) for (let a = 0; a < ASPECTS.length; a++) for (let c = 0; c < SITUATIONS.length; c++) combos.push([s, a, c]);
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [combos[i], combos[j]] = [combos[j]!, combos[i]!];
  }
  if (count > combos.length) throw new Error(`at most ${combos.length} synthetic entries`);
  return combos.slice(0, count).map(([s, a, c]) => {
    const [subjectId, subject] = SUBJECTS[s]!;
    const [aspectId, aspect, answer] = ASPECTS[a]!;
    const [situationId, situation] = SITUATIONS[c]!;
    return {
      id: `${subjectId}.${aspectId}.${situationId}`,
      group: subjectId,
      title: `${capitalised(subject)} ${situation}: ${aspect}`,
      questions: questionsFor(rand, subject, aspect, situation),
      keywords: [subject, situation],
      answer: `Để ${subject} ${situation}: ${answer}`,
      source: { title: 'Dữ liệu tổng hợp cho đo hiệu năng' },
      reviewed: '2026-11-27',
    };
  });
}
