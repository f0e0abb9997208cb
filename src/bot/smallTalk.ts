/**
 * Small talk the bot answers without searching the knowledge base: greetings, thanks, goodbyes, "are you a person?",
 * plain acknowledgements. Only whole short messages count ("chào" yes, "chào bạn, cho hỏi làm căn cước ở đâu" no):
 * a greeting in front of a real question must reach the matcher.
 */
import { fold, normalize } from '../text/normalize';

export type SmallTalkKind = 'greeting' | 'thanks' | 'goodbye' | 'whoAreYou' | 'acknowledge';

/** Phrases in folded form (no diacritics), so "cam on", "cảm ơn" and "cám ơn" all match. */
const PHRASES: Record<SmallTalkKind, string[]> = {
  greeting: ['xin chao', 'chao', 'hi', 'hello', 'helo', 'alo', 'a lo', 'chao ban', 'chao em', 'chao ad', 'chao admin', 'chao bot', 'xin chao ban', 'chao buoi sang', 'chao buoi chieu', 'chao buoi toi', 'hey'],
  thanks: ['cam on', 'cam on ban', 'cam on em', 'cam on nhieu', 'cam on nhe', 'cam on a', 'xin cam on', 'thanks', 'thank you', 'thank', 'tks', 'thanks ban', 'camon', 'cmon', 'ok cam on', 'vang cam on', 'da cam on'],
  goodbye: ['tam biet', 'bye', 'bai', 'bye bye', 'tam biet nhe', 'hen gap lai', 'chao nhe'],
  whoAreYou: ['ban la ai', 'em la ai', 'ai do', 'ban la nguoi that a', 'ban la nguoi that khong', 'co phai nguoi that khong', 'ban la bot a', 'day la bot a', 'ban lam duoc gi', 'ban giup duoc gi'],
  acknowledge: ['ok', 'oke', 'okay', 'uh', 'u', 'vang', 'da', 'da vang', 'vang a', 'da a', 'duoc', 'duoc roi', 'roi', 'hieu roi', 'minh hieu roi', 'toi hieu roi'],
};

/** Trailing politeness particles that do not change the meaning of a short message. */
const PARTICLES = /\s+(a|nha|nhe|nhi|ha|ban|em|ad|nhieu)$/;

const LOOKUP = new Map<string, SmallTalkKind>();
for (const [kind, phrases] of Object.entries(PHRASES) as [SmallTalkKind, string[]][]) {
  for (const phrase of phrases) LOOKUP.set(phrase, kind);
}

export function smallTalkKind(text: string): SmallTalkKind | undefined {
  let key = fold(normalize(text));
  if (!key || key.split(' ').length > 6) return undefined;
  for (let i = 0; i < 3; i++) {
    const found = LOOKUP.get(key);
    if (found) return found;
    const shorter = key.replace(PARTICLES, '');
    if (shorter === key) break;
    key = shorter;
  }
  return undefined;
}
