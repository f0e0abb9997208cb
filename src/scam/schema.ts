/**
 * What trainers may write under `knowledge/scam/` — the single source of truth for the scam checker's rules.
 *
 * Every file there follows the same schema (`ScamRulesFileSchema`, JSON Schema `scam-rules.schema.json`): a file holds
 * any of the sections below, and the loader merges the files. Lists are concatenated; `link_signals` and `verdict`
 * must be written exactly once. Cross-references (codes named in combos and topics) are checked by the loader.
 */
import { z } from 'zod';
import { phraseSyntaxError } from './phrasePattern';

/** The JSON Schema file (under `knowledge/schema/`) generated from `ScamRulesFileSchema` by the knowledge tooling. */
export const SCAM_RULES_SCHEMA_FILE = 'scam-rules.schema.json';

const text = z.string().trim().min(1, 'không được để trống');

const CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const codeSchema = z
  .string()
  .regex(CODE_PATTERN, 'mã gồm chữ thường không dấu và số, nối bằng gạch ngang, ví dụ otp-request')
  .describe('Mã dấu hiệu, ổn định; chữ thường không dấu nối bằng gạch ngang');

const DOMAIN_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const domainSchema = z
  .string()
  .regex(DOMAIN_PATTERN, 'tên miền viết thường, không có https:// hay dấu "/", ví dụ dichvucong.gov.vn')
  .describe('Tên miền, ví dụ dichvucong.gov.vn');

export const LUA_DAO_TOPIC_PATTERN = /^lua-dao\.[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
const topicSchema = z
  .string()
  .regex(LUA_DAO_TOPIC_PATTERN, 'mã mục phải là một mục lừa đảo trong kho kiến thức, ví dụ lua-dao.phat-nguoi')
  .describe('Mã mục lừa đảo trong kho kiến thức (lua-dao.*)');

/** A reason is read by a worried citizen: exactly one plain sentence, ending with a full stop. */
function isOneSentence(value: string): boolean {
  const trimmed = value.trim();
  return /[.]$/.test(trimmed) && !/[.!?]\s+\p{Lu}/u.test(trimmed.slice(0, -1));
}
const reasonText = text
  .refine(isOneSentence, 'lý do phải là đúng một câu, kết thúc bằng dấu chấm')
  .describe('Lý do hiện cho người dân: một câu tiếng Việt có dấu, dễ hiểu, kết thúc bằng dấu chấm');

const phraseSchema = z
  .string()
  .trim()
  .min(1, 'cụm từ trống')
  .superRefine((value, ctx) => {
    const problem = phraseSyntaxError(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Cụm từ cần tìm; (a|b) là một trong các lựa chọn, * là tối đa bốn từ bất kỳ, <số> là một con số');

const weightSchema = z.number().min(0, 'trọng số không được âm').max(20, 'trọng số tối đa là 20');

export const DOMAIN_KINDS = ['government', 'bank', 'carrier', 'utility', 'app', 'press', 'tool'] as const;
export type DomainKind = (typeof DOMAIN_KINDS)[number];

export const OfficialDomainSchema = z
  .object({
    domain: domainSchema,
    owner: text.describe('Tên đơn vị sở hữu, dùng trong lý do: "Cổng Dịch vụ công quốc gia", "Vietcombank"'),
    kind: z
      .enum(DOMAIN_KINDS)
      .describe('government (cơ quan nhà nước), bank (ngân hàng), carrier (nhà mạng), utility (điện lực…), app (ứng dụng), press (báo chí), tool (công cụ tra cứu)'),
    keywords: z
      .array(z.string().regex(/^[a-z0-9]{3,}$/, 'từ khóa viết thường không dấu, liền nhau, ít nhất 3 ký tự'))
      .optional()
      .describe('Tên thương hiệu kẻ gian hay mượn trong tên miền giả (vietcombank, vcb); từ 5 ký tự trở lên còn được so cả lỗi chính tả cố ý'),
    source: text.describe('Nguồn xác nhận tên miền là thật'),
  })
  .strict();

export const ReportedDomainSchema = z.object({ domain: domainSchema, source: text.describe('Nguồn cảnh báo') }).strict();
export const ReportedPhoneSchema = z
  .object({
    number: z
      .string()
      .regex(/^\+?[0-9][0-9 .\-]{6,16}[0-9]$/, 'số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm hoặc gạch ngang')
      .describe('Số điện thoại, ví dụ 0948 683 917'),
    source: text.describe('Nguồn cảnh báo'),
  })
  .strict();

export const ContentSignalSchema = z
  .object({
    code: codeSchema,
    weight: weightSchema.describe('Trọng số cộng vào điểm rủi ro khi tin nhắn có dấu hiệu này (0 = chỉ làm căn cứ cho quy tắc khác)'),
    text: reasonText.optional(),
    phrases: z.array(phraseSchema).min(1, 'cần ít nhất một cụm từ').describe('Các cụm từ thể hiện dấu hiệu'),
    negatable: z
      .boolean()
      .optional()
      .describe('true: bỏ qua khi ngay trước cụm từ có từ phủ định ("không cung cấp mã OTP" là lời dặn, không phải lời xin)'),
    government: z.boolean().optional().describe('true: cụm từ nói về cơ quan nhà nước (để so với đuôi .gov.vn của đường link)'),
    awareness: z
      .boolean()
      .optional()
      .describe('true: dấu hiệu của bản tin khuyến cáo phòng chống lừa đảo (khi không có link lạ, các dấu hiệu nội dung được giảm nhẹ)'),
  })
  .strict()
  .superRefine((signal, ctx) => {
    if ((signal.weight > 0 || signal.awareness) && !signal.text) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'dấu hiệu có trọng số lớn hơn 0 cần một câu lý do (text)' });
    }
  });

export const ComboSchema = z
  .object({
    code: codeSchema,
    all_of: z.array(codeSchema).min(2, 'cần ít nhất hai mã').describe('Các mã phải cùng xuất hiện'),
    weight: weightSchema.describe('Trọng số cộng thêm khi đủ các mã'),
    text: reasonText,
  })
  .strict();

export const TopicRuleSchema = z
  .object({
    topic: topicSchema,
    any_of: z.array(codeSchema).min(1, 'cần ít nhất một mã').optional().describe('Chọn mục này khi có một trong các mã'),
    all_of: z.array(codeSchema).min(2, 'cần ít nhất hai mã').optional().describe('Chọn mục này khi có đủ tất cả các mã'),
  })
  .strict()
  .refine((rule) => rule.any_of || rule.all_of, { message: 'cần any_of hoặc all_of', path: ['any_of'] });

/** Weights of the link, phone and reputation findings the code computes itself (their texts are in messages.ts). */
export const LinkSignalsSchema = z
  .object({
    lookalike: weightSchema.describe('Tên miền giả mạo trang chính thống (thừa chữ, thay chữ, ghép tên, đuôi lạ…)'),
    'reported-domain': weightSchema.describe('Tên miền đã bị cảnh báo hoặc được Công an xác nhận là lừa đảo'),
    'reported-phone': weightSchema.describe('Số điện thoại đã bị cảnh báo hoặc được Công an xác nhận là lừa đảo'),
    'link-apk': weightSchema.describe('Link hoặc tên tệp cài đặt .apk'),
    'link-ip': weightSchema.describe('Link dùng địa chỉ IP thay cho tên miền'),
    'link-shortener': weightSchema.describe('Link rút gọn'),
    'link-suspicious-tld': weightSchema.describe('Đuôi tên miền hay bị lạm dụng (.top, .xyz…)'),
    'link-government-unofficial': weightSchema.describe('Tin nói về cơ quan nhà nước nhưng link không có đuôi .gov.vn'),
    'reputation-malicious': weightSchema.describe('Dịch vụ tra cứu uy tín (nếu bật) báo là lừa đảo'),
    'reputation-suspicious': weightSchema.describe('Dịch vụ tra cứu uy tín (nếu bật) báo là đáng ngờ'),
  })
  .strict();

export const VerdictSettingsSchema = z
  .object({
    high: z.number().positive().describe('Điểm từ mức này trở lên: Nguy hiểm'),
    medium: z.number().positive().describe('Điểm từ mức này trở lên: Đáng ngờ'),
    awareness_factor: z
      .number()
      .min(0)
      .max(1)
      .describe('Hệ số nhân điểm nội dung khi tin nhắn là bản tin khuyến cáo và không có link lạ (0 = bỏ qua hẳn)'),
    negation_window: z.number().int().min(1).max(12).describe('Số từ đứng trước cụm từ được xét tìm từ phủ định'),
    max_reasons: z.number().int().min(1).max(10).describe('Số lý do tối đa hiện cho người dân'),
    default_topic: topicSchema.describe('Mục dùng khi tin đáng ngờ mà không quy tắc chủ đề nào khớp'),
  })
  .strict()
  .refine((v) => v.medium < v.high, { message: 'ngưỡng medium phải nhỏ hơn ngưỡng high', path: ['medium'] });

export const ScamRulesFileSchema = z
  .object({
    official_domains: z.array(OfficialDomainSchema).optional().describe('Tên miền chính thống (kể cả mọi tên miền con)'),
    shorteners: z.array(domainSchema).optional().describe('Dịch vụ rút gọn link'),
    suspicious_tlds: z
      .array(z.string().regex(/^[a-z]{2,}$/, 'đuôi tên miền viết thường, không có dấu chấm, ví dụ top'))
      .optional()
      .describe('Đuôi tên miền hay bị kẻ gian dùng (không có dấu chấm)'),
    reported: z
      .object({
        domains: z.array(ReportedDomainSchema).default([]).describe('Tên miền lừa đảo đã được cảnh báo'),
        phones: z.array(ReportedPhoneSchema).default([]).describe('Số điện thoại lừa đảo đã được cảnh báo'),
      })
      .strict()
      .optional()
      .describe('Tên miền, số điện thoại đã được cơ quan chức năng cảnh báo công khai (có nguồn)'),
    link_signals: LinkSignalsSchema.optional().describe('Trọng số của các dấu hiệu về link và số điện thoại'),
    negators: z.array(text).optional().describe('Từ phủ định: không, đừng, ko…'),
    signals: z.array(ContentSignalSchema).optional().describe('Dấu hiệu trong nội dung tin nhắn'),
    combos: z.array(ComboSchema).optional().describe('Tổ hợp dấu hiệu: cộng thêm điểm khi các mã cùng xuất hiện'),
    topics: z
      .array(TopicRuleSchema)
      .optional()
      .describe('Chọn mục lừa đảo để giới thiệu: quy tắc đọc từ trên xuống, quy tắc đầu tiên khớp được chọn'),
    verdict: VerdictSettingsSchema.optional().describe('Ngưỡng điểm và cách trình bày kết luận'),
  })
  .strict()
  .describe('Quy tắc kiểm tra tin nhắn lừa đảo (knowledge/scam/*.yaml)');

export type ScamRulesFile = z.output<typeof ScamRulesFileSchema>;
export type OfficialDomain = z.output<typeof OfficialDomainSchema>;
export type ContentSignal = z.output<typeof ContentSignalSchema>;
export type Combo = z.output<typeof ComboSchema>;
export type TopicRule = z.output<typeof TopicRuleSchema>;
export type LinkSignalWeights = z.output<typeof LinkSignalsSchema>;
export type VerdictSettings = z.output<typeof VerdictSettingsSchema>;
export type ReportedDomain = z.output<typeof ReportedDomainSchema>;
export type ReportedPhone = z.output<typeof ReportedPhoneSchema>;

/** The merged rules of every file, once the loader has checked that each section is present. */
export interface ScamRules {
  officialDomains: OfficialDomain[];
  shorteners: string[];
  suspiciousTlds: string[];
  reported: { domains: ReportedDomain[]; phones: ReportedPhone[] };
  linkSignals: LinkSignalWeights;
  negators: string[];
  signals: ContentSignal[];
  combos: Combo[];
  topics: TopicRule[];
  verdict: VerdictSettings;
}
