/**
 * A small knowledge base built in code for bot and channel tests: independent of the shipped content, so those
 * tests say what the bot does with an answer, not what today's answers are.
 */
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Entry, Settings } from '../../src/knowledge/schema';

const source = { title: 'Nguồn thử nghiệm', url: 'https://example.gov.vn/huong-dan' };

export const ENTRIES: Entry[] = [
  {
    id: 'vneid.quen-mat-khau',
    group: 'vneid',
    title: 'Quên mật khẩu VNeID',
    questions: ['quên mật khẩu vneid thì làm sao'],
    answer: 'Bạn lấy lại mật khẩu ngay trên ứng dụng VNeID bằng chức năng Quên mật khẩu.',
    steps: ['Mở ứng dụng VNeID, bấm “Quên mật khẩu”.', 'Nhập số định danh cá nhân và số điện thoại.', 'Nhập mã kích hoạt gửi về điện thoại, đặt mật khẩu mới.'],
    fee: 'Miễn phí.',
    where: 'Trên ứng dụng VNeID.',
    followups: ['vneid.quen-passcode', 'lua-dao.otp'],
    source,
    reviewed: '2026-11-27',
  },
  {
    id: 'vneid.quen-passcode',
    group: 'vneid',
    title: 'Quên passcode VNeID',
    questions: ['quên passcode'],
    answer: 'Bạn đặt lại passcode trong ứng dụng VNeID.',
    steps: ['Bấm “Quên passcode”.', 'Xác thực bằng mật khẩu tài khoản.'],
    source,
    reviewed: '2026-11-27',
  },
  {
    id: 'cu-tru.tam-tru',
    group: 'cu-tru',
    title: 'Đăng ký tạm trú',
    questions: ['đăng ký tạm trú'],
    answer: 'Bạn đăng ký tạm trú tại Công an xã/phường nơi ở mới hoặc trực tuyến.',
    documents: ['Tờ khai thay đổi thông tin cư trú (CT01).', 'Giấy tờ chứng minh chỗ ở hợp pháp.'],
    where: 'Công an xã/phường nơi bạn đến ở.',
    source: { title: 'Luật Cư trú 2020', legal_basis: 'Luật Cư trú 2020, Điều 27' },
    reviewed: '2026-11-27',
  },
  {
    id: 'cu-tru.tam-tru.sinh-vien',
    group: 'cu-tru',
    title: 'Đăng ký tạm trú cho sinh viên thuê trọ',
    questions: ['sinh viên đăng ký tạm trú'],
    answer: 'Chủ nhà trọ hoặc sinh viên đăng ký tạm trú như người thuê nhà.',
    source,
    reviewed: '2026-11-27',
  },
  {
    id: 'lua-dao.otp',
    group: 'lua-dao',
    title: 'Bị hỏi mã OTP',
    questions: ['có người hỏi mã otp'],
    answer: 'Không bao giờ đọc mã OTP cho bất kỳ ai.',
    signs: ['Người lạ xưng là ngân hàng hoặc công an.'],
    source,
    reviewed: '2026-11-27',
  },
  {
    id: 'lien-he.phan-anh',
    group: 'lien-he',
    title: 'Gửi phản ánh cho Công an xã/phường',
    questions: ['tôi muốn gửi phản ánh'],
    answer: 'Đồng hành sẽ giúp bạn gửi phản ánh.',
    source,
    reviewed: '2026-11-27',
    action: 'escalate',
  },
  {
    id: 'chung.chao-hoi',
    group: 'chung',
    title: 'Chào hỏi',
    questions: ['chào bạn nhé đồng hành'],
    answer: 'Chào bạn! Mình là Đồng hành.',
    source,
    reviewed: '2026-11-27',
  },
];

export const SETTINGS: Settings = {
  province: { name: 'Thanh Hóa', code: 'TH' },
  bot: { name: 'Đồng hành', tagline: 'Trợ lý hướng dẫn thủ tục hành chính, VNeID và cảnh báo lừa đảo' },
  hotlines: [
    { name: 'Cảnh sát khẩn cấp', number: '113' },
    { name: 'Tổng đài hỗ trợ VNeID', number: '1900 0368' },
  ],
  matching: { answer_threshold: 0.45, answer_margin: 0.08, clarify_threshold: 0.25, max_clarify: 3 },
};

export function fakeKnowledgeBase(entries: Entry[] = ENTRIES, settings: Settings = SETTINGS): KnowledgeBase {
  return {
    dir: '/nowhere',
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    synonyms: { abbreviations: {}, equivalents: [], stopwords: [] },
    settings,
    communes: { former_districts: {}, communes: [{ id: 'xa-thu', name: 'Xã Thử', kind: 'xa', aliases: [], former_districts: [] }] },
    drafts: [],
    loadedAt: 0,
  };
}
