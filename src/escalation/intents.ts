/**
 * Recognises, in what a citizen types, the escalation commands that apply at any point of the conversation:
 * looking a ticket up ("tra cứu TH-20251127-0042"), adding to one ("bổ sung TH-…"), and asking for a person
 * ("gặp cán bộ", "cho tôi hỏi công an"). Matching is on folded text (no case, no diacritics), because many citizens
 * type without accents. Asking for a person must be the whole message (give or take polite words): "gặp công an xã
 * để làm căn cước" is a question about căn cước, not a request for an officer.
 */
import { fold, normalize } from '../text/normalize';
import { findTicketCode } from './ticketCode';

export type EscalationIntent =
  /** `code` absent: "tra cứu phản ánh" without a code, meaning "my latest ticket here". */
  | { kind: 'lookup'; code?: string }
  /** `code` absent: "bổ sung thông tin", meaning "my open ticket here". */
  | { kind: 'append'; code?: string }
  | { kind: 'person' };

const WHO = String.raw`(?:toi|em|minh|chau|con|anh|chi|co|chu|bac|ong|ba)`;
const LEAD = String.raw`(?:(?:${WHO}|muon|can|xin|hay|vui long|lam on|cho ${WHO}|duoc|giup ${WHO})\s+)*`;
const VERB = String.raw`(?:gap|gap truc tiep|noi chuyen(?: voi)?|tro chuyen(?: voi)?|lien he(?: voi)?|lien lac(?: voi)?|chuyen(?: cho| toi| sang| den)?|hoi(?: truc tiep)?|ket noi(?: voi)?)`;
const PERSON = String.raw`(?:can bo(?: cong an)?|nguoi that|nguoi ho tro|nguoi tu van|nhan vien(?: ho tro| tu van)?|tong dai vien|cong an|ca|cax)`;
const PLACE = String.raw`(?:\s+(?:xa|phuong|xa phuong|truc ban))?`;
const TAIL = String.raw`(?:\s+(?:voi|a|nhe|nha|di|oi|giup|ho|duoc khong|dc ko|duoc ko|ngay|luon|${WHO}))*`;
const ASK_PERSON = new RegExp(`^${LEAD}(?:${VERB}\\s+${PERSON}|nguoi that|tong dai vien)${PLACE}${TAIL}$`);

/** "tra cứu giúp tôi phản ánh th 20251127 0042 với ạ" is about ten words with the code's three. */
const MAX_COMMAND_WORDS = 12;
const COMMAND_START = /^(?:tra cuu|kiem tra|xem|tinh trang|trang thai|ma phieu|phieu|phan anh|bo sung|gui them)\b/;
const LOOKUP_WORDS = /^(?:tra cuu|kiem tra|xem|tinh trang|trang thai)(?:\s+(?:lai|tinh trang|trang thai))?(?:\s+(?:phan anh|phieu|cau hoi|yeu cau|ma phieu|ma phan anh)(?:\s+(?:cua\s+)?(?:toi|em|minh))?)?$/;
const APPEND_WORDS = /\b(?:bo sung|gui them|them thong tin|hoi them)\b/;
const APPEND_ALONE = /^(?:bo sung|gui them|hoi them)(?:\s+(?:thong tin|noi dung))?(?:\s+(?:cho|vao))?(?:\s+(?:phan anh|phieu|cau hoi))?(?:\s+(?:a|nhe|nha))*$/;

export function recognizeEscalationIntent(text: string): EscalationIntent | undefined {
  const folded = fold(normalize(text));
  if (!folded) return undefined;
  const code = findTicketCode(text);
  if (code) {
    // A long message that mentions a code in passing is content (a question, details being typed), not a command.
    const words = folded.split(' ').length;
    if (words > MAX_COMMAND_WORDS && !COMMAND_START.test(folded)) return undefined;
    return APPEND_WORDS.test(folded) ? { kind: 'append', code } : { kind: 'lookup', code };
  }
  if (LOOKUP_WORDS.test(folded)) return { kind: 'lookup' };
  if (APPEND_ALONE.test(folded)) return { kind: 'append' };
  if (ASK_PERSON.test(folded)) return { kind: 'person' };
  return undefined;
}

const CANCEL = /^(?:huy|huy bo|thoi|thoi khong gui nua|khong gui nua|dung|dung lai|thoat|bo qua het)(?:\s+(?:a|nhe|nha|di))*$/;

/** "Hủy", "thôi", "không gửi nữa": the citizen wants out of the form, whatever it was asking. */
export function isCancel(text: string): boolean {
  return CANCEL.test(fold(normalize(text)));
}
