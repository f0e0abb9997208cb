/**
 * A citizen asking for a check in words: "kiểm tra tin nhắn này", "xem giúp đường link này", "check giúp số điện
 * thoại này" (the bot then asks them to paste it), or the same with the thing itself attached ("kiểm tra giúp:
 * dichvucongs.top/vn"), or a question about a specific link or number ("số 0948683917 gọi cho tôi có phải lừa đảo
 * không?") — both are checked at once. "Cách kiểm tra đường link lừa đảo" asks how, not for a check: the knowledge
 * base answers that.
 *
 * Pure; matching is on lower-case text without diacritics, since many citizens type without them.
 */
import { fold, normalize } from '../text/normalize';
import { extractLinks } from './extractLinks';
import { extractPhones } from './phoneNumbers';

export type CheckRequest =
  /** Asked for a check without giving the message: ask them to paste it. */
  | { kind: 'ask-to-paste' }
  /** `text` is what to check: the part after "kiểm tra giúp:", or the whole message. */
  | { kind: 'check'; text: string };

const CHECK_VERB = /\b(?:kiem tra|check|xem (?:giup|ho|dum|gium)|soi (?:giup|ho)?|nho xem|tra (?:giup|ho))\b/;
const CHECK_OBJECT =
  /\b(?:tin nhan|sms|nhan tin|link|duong link|duong dan|dia chi web|trang web|website|web|so dien thoai|so dt|sdt|so nay|so la|dau so|cuoc goi|so tai khoan|stk|zalo nay|messenger)\b/;
/** Asking how to check, where to look up, what something is: the knowledge base's job. */
const HOW_TO = /\b(?:cach|lam sao|lam the nao|the nao|o dau|cho nao|bang gi|huong dan|la gi|de lam gi|dung de)\b/;
/** "…có phải lừa đảo không", "…có thật không", "…an toàn không": the citizen wants a verdict on what they quote. */
const LEGITIMACY =
  /\b(?:lua dao|bi lua|scam|gia mao|gia hay that|that hay gia|co that|that khong|that ko|co an toan|an toan khong|an toan ko|tin duoc|dang tin|uy tin|chinh thuc|chinh chu|co nen bam|bam vao co sao|co sao khong|co van de)\b/;
/** What separates the request from the message in "kiểm tra giúp tin nhắn này: …" (a colon or a line break). */
const SEPARATOR = /[:\n]/;
/** Enough of a message after the separator to be worth checking on its own. */
const MIN_CONTENT_WORDS = 4;

function folded(text: string): string {
  return fold(normalize(text));
}

/** True when the text names a link or a phone number, the things the checker can judge without context. */
export function mentionsLinkOrPhone(text: string): boolean {
  const { links, textWithoutLinks } = extractLinks(text);
  return links.length > 0 || extractPhones(textWithoutLinks).length > 0;
}

/** The message after "kiểm tra giúp tin nhắn này:" when the request came with one. */
function contentAfterRequest(text: string): string | undefined {
  const at = text.search(SEPARATOR);
  if (at < 0) return undefined;
  const head = folded(text.slice(0, at));
  if (!CHECK_VERB.test(head)) return undefined;
  const rest = text.slice(at + 1).trim().replace(/^["'“‘«]+|["'”’»]+$/gu, '').trim();
  if (!rest) return undefined;
  return mentionsLinkOrPhone(rest) || folded(rest).split(' ').length >= MIN_CONTENT_WORDS ? rest : undefined;
}

export function recognizeCheckRequest(text: string): CheckRequest | undefined {
  const f = folded(text);
  if (!f) return undefined;
  if (CHECK_VERB.test(f) && !HOW_TO.test(f)) {
    const content = contentAfterRequest(text);
    if (content) return { kind: 'check', text: content };
    if (mentionsLinkOrPhone(text)) return { kind: 'check', text };
    // "Kiểm tra" alone is the ticket look-up's word; with what to check ("tin nhắn này") it asks for the checker.
    if (CHECK_OBJECT.test(f)) return { kind: 'ask-to-paste' };
  }
  // The words of a link ("…/canh-giac-lua-dao") are not the citizen's question.
  const asked = folded(extractLinks(text).textWithoutLinks);
  if (LEGITIMACY.test(asked) && !HOW_TO.test(asked) && mentionsLinkOrPhone(text)) return { kind: 'check', text };
  return undefined;
}
