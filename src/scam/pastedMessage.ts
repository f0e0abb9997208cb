/**
 * "Did the citizen paste a message, or ask a question?" The bot runs the scam checker unasked only on the first.
 * A pasted SMS or Zalo message carries traces of how it was sent — a sender line, a link, a code, an account number,
 * a transfer, an amount, the wording of a notice ("Quý khách", "vui lòng") — and reads like a notice, not like
 * someone asking. Questions ("…có phải lừa đảo không?", "tôi vừa nhận…") go to the knowledge base as before.
 *
 * Pure and cheap (a handful of regular expressions on folded text): it runs on every message the bot receives.
 */
import { fold } from '../text/normalize';
import { extractLinks } from './extractLinks';
import { extractPhones } from './phoneNumbers';

export type PastedTrait =
  | 'sender-line'
  | 'link'
  | 'bare-domain'
  | 'code'
  | 'account-number'
  | 'transfer'
  | 'phone'
  | 'amount'
  | 'notice-wording'
  | 'quoted'
  | 'several-lines';

export type QuestionTrait = 'question-mark' | 'question-words' | 'retelling';

export interface PastedMessageReading {
  pasted: boolean;
  score: number;
  traits: PastedTrait[];
  questionTraits: QuestionTrait[];
}

/** How much each trace of a sent message counts; the sum must reach PASTED_SCORE. */
const TRAIT_WEIGHTS: Readonly<Record<PastedTrait, number>> = {
  'sender-line': 3,
  link: 3,
  'bare-domain': 2,
  code: 3,
  'account-number': 3,
  transfer: 1,
  phone: 1,
  amount: 1,
  'notice-wording': 1,
  quoted: 2,
  'several-lines': 1,
};

const QUESTION_WEIGHTS: Readonly<Record<QuestionTrait, number>> = {
  'question-mark': 3,
  'question-words': 3,
  retelling: 2,
};

/** A bare link is enough on its own ("dichvucongs.top"), a link inside a question is not ("x.vn dùng để làm gì"). */
export const PASTED_SCORE = 2;

// Everything below runs on lower-case text without diacritics ("số tài khoản" → "so tai khoan"), punctuation kept.

/** "18001096", "Vietcombank", "CUC CS QLHC" alone on the first line, above the message. */
const SENDER_ALONE = /^\s*\[?([a-z0-9][a-z0-9 .&_-]{1,24})\]?\s*\n\s*\S/;
/**
 * "CSGT: …", "[VCB] …", "BIDV: …", "VNeID - …", "Cục CSGT thông báo: …", "Điện lực Thanh Hóa thông báo: …".
 * A name of up to six words (no pronoun, so "Con gửi bố xem tin này: …" is not a sender) then ":" or " - ".
 */
const SENDER_PREFIX = /^\s*(?:\[[^\]\n]{2,30}\]|([a-z0-9][a-z0-9.&/]*(?: [a-z0-9][a-z0-9.&/]*){0,5})\s*(?::|\s[-–]\s))/;
/** "Vietcombank trân trọng thông báo …", "Bộ Công an thông báo …": a name, then the verb of a notice. */
const SENDER_ANNOUNCES = /^\s*([a-z0-9][a-z0-9.&/]*(?: [a-z0-9][a-z0-9.&/]*){0,5}?)\s+(?:tran trong |xin )?(?:thong bao|khuyen cao|canh bao|tb)\b/;
const PRONOUNS = /\b(?:toi|minh|em|anh|chi|con|me|bo|ba|ong|chau|co|chu|bac|ban|nguoi ta|ho)\b/;
const QUESTIONISH_PREFIX = /\b(?:hoi|giup|nho|xem|kiem tra|check|sao|gi|nao|khong|ko)\b/;
/** "Chào bạn", "Alo", "Dạ": a first line that greets is the citizen talking, not a sender. */
const GREETING = /\b(?:chao|alo|hi|hello|oi|cam on|thua)\b/;

const CODE = /\b(?:otp|ma\s*(?:otp|xac\s*(?:thuc|nhan)|kich\s*hoat|giao\s*dich|bao\s*mat|pin))\b[^\d\n]{0,50}\d{4,8}\b/;
/** "STK 0123456789", "số tài khoản: 1903 5555 xxx", "TK 1903xxxx8899". */
const ACCOUNT = /\b(?:stk|tk|so\s*tai\s*khoan|tai\s*khoan\s*so)\b[\s:.]*(?:[a-z :]{0,20}?)(?:\d[\dx .-]{4,22}[\dx])\b/;
const TRANSFER =
  /\b(?:chuyen\s*khoan|chuyen\b[^.\n]{0,30}\bvao\s*(?:so\s*)?(?:tk|stk|tai\s*khoan)|nop\s*(?:phi|tien)|dong\s*phi|ck\s*(?:vao|qua|truoc))\b/;
/** "1.200.000đ", "5,000,000 VND", "500k", "10tr", "50 triệu": an amount with its unit (a bare number may be a phone). */
const AMOUNT = /(?<![\d.,])\d{1,3}(?:[.,]\d{3})+\s?(?:d|vnd|dong)\b|(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:k|tr|trieu|nghin|ngan|usd|usdt|vnd|d|dong)\b/;
const NOTICE_WORDS =
  /\b(?:quy khach|kinh gui|ong\s*\/\s*ba|vui long|de nghi|tran trong|chuc mung|thong bao|tuyet doi khong|qk|(?:tai khoan|thue bao|ho so|don hang|the|so)(?: \w+){0,2} cua (?:ban|quy khach|qk|ong\s*\/\s*ba))\b/;
/** A message quoted inside the citizen's own words: 'Thong bao vi pham…' or “…”. */
const QUOTED = /["'“‘«][^"'“”‘’«»\n]{20,}["'”’»]/;

const QUESTION_WORDS = new RegExp(
  String.raw`\b(?:lam sao|the nao|ra sao|o dau|cho nao|la gi|co phai|phai khong|co that|that khong|that hay gia|that ko|co sao|` +
    String.raw`duoc khong|duoc ko|dc ko|bao lau|bao nhieu|lam gi|co nen|nen lam|phai lam|cho hoi|xin hoi|hoi giup|tai sao|vi sao|` +
    String.raw`co an toan|an toan khong|co tin duoc|tin duoc khong|lua dao khong|lua dao ko|co bi|bi sao)\b`,
);
/** A question ending without "?": "…có thật không", "…được ko", "…chưa nhỉ". */
const QUESTION_END = /\b(?:khong|ko|k|hok|chua|nhi|vay|the|sao|gi|nao|hong)\s*(?:a|ha|nhi|vay)?\s*[.!]*\s*$/;
const ENDS_WITH_QUESTION_MARK = /\?[\s\p{P}\p{Extended_Pictographic}]*$/u;
/** The citizen tells what happened: "tôi vừa nhận…", "có người gọi bảo…", "mẹ em bị gọi…". */
const RETELLING = new RegExp(
  String.raw`\b(?:(?:toi|minh|em|me|bo|ba|ong|chong|vo|con|chau|nha)(?: \w+)?\s+(?:vua|moi|nhan duoc|bi|co nhan)|` +
    String.raw`(?:co nguoi|co so|co cuoc goi|nguoi ta|nguoi la|ho|no)\s+(?:goi|nhan|bao|gui|xung|noi|tu xung)|` +
    String.raw`(?:sms|tin nhan|tn|cuoc goi)\s+(?:bao|noi|gui|yeu cau|doi))\b`,
);

function folded(text: string): string {
  return fold(text.normalize('NFC').toLowerCase());
}

/** A name that could be a sender: not the citizen greeting, asking, or speaking of themselves. */
function namesSomeone(name: string): boolean {
  return !PRONOUNS.test(name) && !QUESTIONISH_PREFIX.test(name) && !GREETING.test(name);
}

function hasSender(f: string): boolean {
  const alone = SENDER_ALONE.exec(f);
  if (alone && namesSomeone(alone[1]!)) return true;
  const prefix = SENDER_PREFIX.exec(f) ?? SENDER_ANNOUNCES.exec(f);
  if (!prefix) return false;
  const name = prefix[1];
  // A bracketed sender ("[VCB]") always counts; a plain prefix only when it names someone.
  return name === undefined || namesSomeone(name);
}

function pastedTraits(text: string, f: string): PastedTrait[] {
  const traits: PastedTrait[] = [];
  if (hasSender(f)) traits.push('sender-line');
  const { links, textWithoutLinks } = extractLinks(text);
  // A link typed whole (scheme, "www." or a path) was copied; a bare name may just be mentioned.
  if (links.some((l) => /^[a-z]+:\/\//.test(l.url) || l.url.startsWith('www.') || l.path.length > 1)) traits.push('link');
  else if (links.length > 0) traits.push('bare-domain');
  if (CODE.test(f)) traits.push('code');
  if (ACCOUNT.test(f)) traits.push('account-number');
  if (TRANSFER.test(f)) traits.push('transfer');
  if (extractPhones(textWithoutLinks).length > 0) traits.push('phone');
  if (AMOUNT.test(f)) traits.push('amount');
  if (NOTICE_WORDS.test(f)) traits.push('notice-wording');
  if (QUOTED.test(text)) traits.push('quoted');
  if (text.trim().split(/\n+/).filter((line) => line.trim()).length >= 2) traits.push('several-lines');
  return traits;
}

function questionTraits(text: string, f: string): QuestionTrait[] {
  const traits: QuestionTrait[] = [];
  // Only at the end: an advert may open with one ("Bạn bị lừa đảo qua mạng? Văn phòng luật sư…").
  if (ENDS_WITH_QUESTION_MARK.test(text)) traits.push('question-mark');
  if (QUESTION_WORDS.test(f) || QUESTION_END.test(f)) traits.push('question-words');
  if (RETELLING.test(f)) traits.push('retelling');
  return traits;
}

/** The traits found and the verdict, for tests and for logging which way a message went. */
export function readPastedMessage(text: string): PastedMessageReading {
  const f = folded(text);
  if (!f.trim()) return { pasted: false, score: 0, traits: [], questionTraits: [] };
  const traits = pastedTraits(text, f);
  const asked = questionTraits(text, f);
  const score =
    traits.reduce((sum, t) => sum + TRAIT_WEIGHTS[t], 0) - asked.reduce((sum, t) => sum + QUESTION_WEIGHTS[t], 0);
  return { pasted: score >= PASTED_SCORE, score, traits, questionTraits: asked };
}

/** True when the text reads like a message the citizen received and pasted, rather than a question of their own. */
export function looksLikePastedMessage(text: string): boolean {
  return readPastedMessage(text).pasted;
}
