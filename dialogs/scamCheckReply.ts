/**
 * The verdict as the citizen reads it, in plain text (so Zalo and SMS-like channels show exactly what Web Chat
 * shows): the risk level, one sentence per reason, the matching fraud entry with what to do now, and the buttons
 * "Báo cho Công an xã" (carrying the checked message, masked) and "Xem cách nhận biết".
 */
import type { OfferedButton } from '../src/bot/actions';
import { backToMenu } from '../src/bot/menu';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import type { Entry } from '../src/knowledge/schema';
import { scamChatText as say } from '../src/scam/chatMessages';
import { ADVICE } from '../src/scam/messages';
import type { ScamVerdict } from '../src/scam/types';

/** The entry behind "Xem cách nhận biết": how to tell a fake link, site or number (knowledge/lua-dao/xu-ly.yaml). */
export const HOW_TO_SPOT_ENTRY = 'lua-dao.nhan-biet';
/** A phone screen's worth of steps; the full entry is one tap away. */
const MAX_STEPS = 4;

export interface ScamCheckReply {
  text: string;
  buttons: OfferedButton[];
}

const bullet = (s: string): string => `• ${s}`;

/**
 * A fraud entry (one with a scenario) names the kind of scam and its steps are what to do now; any other entry (how
 * to spot a fake link) is suggested reading after the general advice for the level.
 */
function whatToDo(verdict: ScamVerdict, entry: Entry | undefined): string[] {
  if (verdict.risk === 'low') return [say.whatToDo, ...ADVICE.low.map(bullet)];
  if (entry?.scenario && entry.steps?.length) {
    return [say.fraudKind(entry.title), say.whatToDoNow, ...entry.steps.slice(0, MAX_STEPS).map((s, i) => `${i + 1}. ${s}`)];
  }
  return [say.whatToDoNow, ...ADVICE[verdict.risk].map(bullet), ...(entry ? [say.readMore(entry.title)] : [])];
}

/** `maskedMessage` is what "Báo cho Công an xã" files: already masked, never the original. */
export function renderScamCheckReply(verdict: ScamVerdict, kb: KnowledgeBase, maskedMessage: string): ScamCheckReply {
  const entry = verdict.topic ? kb.byId.get(verdict.topic) : undefined;
  const paragraphs: string[][] = [[say.headline(verdict.risk)]];
  if (verdict.reasons.length > 0) {
    paragraphs.push([verdict.risk === 'low' ? say.notesTitle : say.reasonsTitle, ...verdict.reasons.map((r) => bullet(r.text))]);
  }
  paragraphs.push(whatToDo(verdict, entry));
  paragraphs.push([verdict.risk === 'low' ? say.offerReportLow : say.offerReport]);

  // Bounded like a typed message (the bot reads at most 2,000 characters; masking can add a few).
  const message = Array.from(maskedMessage).slice(0, 2000).join('');
  const buttons: OfferedButton[] = [{ title: say.buttons.report, action: { kind: 'scam-report', message } }];
  if (kb.byId.has(HOW_TO_SPOT_ENTRY)) buttons.push({ title: say.buttons.learn, action: { kind: 'entry', entryId: HOW_TO_SPOT_ENTRY } });
  buttons.push(backToMenu);
  return { text: paragraphs.map((p) => p.join('\n')).join('\n\n'), buttons };
}
