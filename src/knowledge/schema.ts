/**
 * The single source of truth for what trainers may write under `knowledge/`.
 * Every other view of the format (the JSON Schema for editors, the loader's checks,
 * the TypeScript types) is derived from the zod schemas in this file.
 */
import { z } from 'zod';

/** Dotted, lower-case ASCII ids: `vneid.quen-mat-khau`, `can-cuoc.cap-lan-dau.tre-duoi-6`. */
export const ENTRY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;

const text = z.string().trim().min(1, 'không được để trống');

export const SourceSchema = z
  .object({
    title: text.describe('Tên văn bản hoặc trang nguồn'),
    url: z.url().optional().describe('Đường dẫn tới nguồn (https://…)'),
    legal_basis: z.string().trim().min(1).optional().describe('Căn cứ pháp lý, ví dụ: Luật Cư trú 2020, Điều 20'),
  })
  .strict();

export const EntryActionSchema = z.enum(['escalate', 'scam-check']);

export const EntrySchema = z
  .object({
    id: z
      .string()
      .regex(ENTRY_ID_PATTERN, 'id phải gồm các phần chữ thường không dấu, nối bằng dấu chấm, ví dụ vneid.quen-mat-khau')
      .describe('Mã mục, ổn định, không đổi khi đã dùng'),
    group: text.describe('Nhóm chủ đề; trùng với phần đầu của id (vneid, cu-tru, lua-dao…)'),
    title: text.describe('Tiêu đề ngắn hiển thị cho người dân'),
    questions: z.array(text).min(1, 'cần ít nhất một câu hỏi mẫu').describe('Các cách người dân thường hỏi'),
    keywords: z.array(text).optional().describe('Từ khóa bổ sung giúp tìm đúng mục'),
    answer: text.describe('Câu trả lời ngắn, trực tiếp (1–2 câu)'),
    scenario: text.optional().describe('Với mục lừa đảo: kẻ gian thường làm thế nào'),
    signs: z.array(text).optional().describe('Với mục lừa đảo: dấu hiệu nhận biết'),
    steps: z.array(text).optional().describe('Các bước thực hiện, theo thứ tự'),
    documents: z.array(text).optional().describe('Hồ sơ, giấy tờ cần mang'),
    fee: text.optional().describe('Lệ phí; không tự đặt ra con số khi chưa có nguồn'),
    processing_time: text.optional().describe('Thời gian giải quyết'),
    where: text.optional().describe('Nơi nộp hồ sơ / nơi làm'),
    report: z.array(text).optional().describe('Nơi trình báo, tố giác'),
    rule: text.optional().describe('Một điều cần nhớ'),
    note: text.optional().describe('Lưu ý, chỗ cần người dân xác nhận lại'),
    followups: z.array(z.string().regex(ENTRY_ID_PATTERN)).optional().describe('Mã các mục liên quan'),
    source: SourceSchema.describe('Nguồn thông tin'),
    reviewed: z.iso.date('ngày kiểm tra phải có dạng YYYY-MM-DD').describe('Ngày kiểm tra nội dung gần nhất'),
    action: EntryActionSchema.optional().describe('Hành động đặc biệt: escalate (chuyển Công an xã), scam-check (kiểm tra tin nhắn)'),
    draft: z.boolean().optional().describe('Bản nháp chưa được duyệt: không dùng để trả lời'),
  })
  .strict();

/** A knowledge file holding entries (every `.yaml` except the reserved files below). */
export const EntryFileSchema = z
  .object({ entries: z.array(EntrySchema).describe('Các mục hỏi–đáp trong tệp này') })
  .strict()
  .describe('Tệp mục hỏi–đáp của Đồng hành (knowledge/<nhóm>/*.yaml)');

/** `knowledge/synonyms.yaml`: how people type → the canonical words the matcher indexes. */
export const SynonymsFileSchema = z
  .object({
    /** Whole-token replacements applied after normalisation: `ko: không`, `cccd: căn cước công dân`. */
    abbreviations: z
      .record(z.string().min(1), text)
      .default({})
      .describe('Từ viết tắt, teencode → cách viết đầy đủ, ví dụ ko: không, cccd: căn cước công dân'),
    /** Groups of phrases that mean the same thing; every phrase in a group is indexed as the first one. */
    equivalents: z
      .array(z.array(text).min(2, 'một nhóm đồng nghĩa cần ít nhất hai cụm từ'))
      .default([])
      .describe('Các nhóm cụm từ cùng nghĩa; cụm đầu tiên là cách gọi chuẩn'),
    /** Words dropped from matching because they carry no meaning (ạ, ơi, nhé…). */
    stopwords: z.array(text).default([]).describe('Từ bỏ qua khi tìm kiếm vì không mang nghĩa (ạ, ơi, nhé…)'),
  })
  .strict()
  .describe('Từ viết tắt, từ đồng nghĩa và từ bỏ qua (knowledge/synonyms.yaml)');

export const MatchingSettingsSchema = z
  .object({
    answer_threshold: z.number().min(0).max(1).describe('Điểm tối thiểu để trả lời thẳng'),
    answer_margin: z.number().min(0).max(1).describe('Khoảng cách tối thiểu so với mục đứng thứ hai'),
    clarify_threshold: z.number().min(0).max(1).describe('Điểm tối thiểu để đưa vào danh sách "Có phải bạn muốn hỏi…"'),
    max_clarify: z.number().int().min(2).max(5).default(3).describe('Số lựa chọn tối đa khi hỏi lại (2–5)'),
  })
  .strict();

export const HotlineSchema = z
  .object({
    name: text.describe('Tên đường dây'),
    number: text.describe('Số điện thoại, chỉ ghi số đã có nguồn chính thức'),
    note: text.optional().describe('Ghi chú thêm'),
  })
  .strict();

/** `knowledge/settings.yaml`: everything province-specific, so another province deploys by editing data. */
export const SettingsFileSchema = z
  .object({
    province: z
      .object({
        name: text.describe('Tên tỉnh'),
        code: z.string().regex(/^[A-Z]{2,4}$/, 'mã tỉnh gồm 2–4 chữ in hoa, ví dụ TH').describe('Mã tỉnh, ví dụ TH'),
      })
      .strict()
      .describe('Tỉnh triển khai'),
    bot: z
      .object({ name: text.describe('Tên bot'), tagline: text.optional().describe('Câu giới thiệu ngắn') })
      .strict()
      .describe('Tên và lời giới thiệu của bot'),
    hotlines: z.array(HotlineSchema).default([]).describe('Đường dây nóng nêu trong câu trả lời'),
    matching: MatchingSettingsSchema.describe('Ngưỡng tìm câu trả lời'),
    escalation: z
      .object({ typical_response: text.describe('Thời gian phản hồi thường gặp, nói với người dân') })
      .strict()
      .optional()
      .describe('Chuyển câu hỏi cho Công an xã/phường'),
  })
  .strict()
  .describe('Cấu hình theo tỉnh (knowledge/settings.yaml)');

export const CommuneSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id gồm chữ thường không dấu nối bằng gạch ngang, ví dụ xa-dinh-hoa')
      .describe('Mã xã/phường, ví dụ xa-dinh-hoa, phuong-hac-thanh'),
    name: text.describe('Tên đầy đủ: "Xã Định Hòa", "Phường Hạc Thành"'),
    kind: z.enum(['xa', 'phuong']).describe('xa (xã) hoặc phuong (phường)'),
    aliases: z.array(text).default([]).describe('Cách gọi khác, tên xã/huyện cũ đã sáp nhập vào'),
    former_districts: z.array(text).default([]).describe('Huyện/thị xã/thành phố cũ (trước 1/7/2025)'),
    police: z
      .object({
        phone: text.optional().describe('Số điện thoại trực ban'),
        address: text.optional().describe('Địa chỉ trụ sở'),
        zalo: text.optional().describe('Zalo của Công an xã/phường'),
      })
      .strict()
      .optional()
      .describe('Liên hệ Công an xã/phường; để trống đến khi tỉnh cung cấp'),
  })
  .strict();

export const CommunesFileSchema = z
  .object({
    /** Old district names people still use, with the communes now covering them (for "huyện X" → a question). */
    former_districts: z
      .record(z.string(), z.array(z.string()))
      .default({})
      .describe('Tên huyện/thị xã/thành phố cũ → mã các xã/phường nay thuộc về; danh sách rỗng thì bot hỏi lại xã/phường hiện tại'),
    communes: z.array(CommuneSchema).min(1, 'cần ít nhất một xã/phường').describe('Các xã, phường của tỉnh'),
  })
  .strict()
  .describe('Danh sách xã/phường (knowledge/communes.yaml)');

export type Source = z.infer<typeof SourceSchema>;
export type Entry = z.infer<typeof EntrySchema>;
export type EntryAction = z.infer<typeof EntryActionSchema>;
export type Synonyms = z.infer<typeof SynonymsFileSchema>;
export type Settings = z.infer<typeof SettingsFileSchema>;
export type MatchingSettings = z.infer<typeof MatchingSettingsSchema>;
export type Commune = z.infer<typeof CommuneSchema>;
export type Communes = z.infer<typeof CommunesFileSchema>;

/** File names under `knowledge/` that are not entry files. */
export const RESERVED_FILES = {
  settings: 'settings.yaml',
  synonyms: 'synonyms.yaml',
  communes: 'communes.yaml',
} as const;
/** Sub-folders that are not entry folders: drafts are validated but never answered from; scam rules have their own schema. */
export const DRAFTS_DIR = 'drafts';
export const SCAM_DIR = 'scam';
