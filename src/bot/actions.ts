/**
 * What a button means. Buttons are `messageBack` actions: Web Chat shows the title, sends it as text, and attaches
 * the action as `value`, so the bot knows exactly which entry or menu was chosen without re-matching the words.
 * Channels that only send the text back (or a citizen who types a button's label) are served by remembering the
 * buttons last offered in the conversation and recognising their titles.
 */
import type { CardAction } from 'botbuilder';
import { fold, normalize } from '../text/normalize';

export type MenuId = 'main' | 'procedures' | 'vneid' | 'scams' | 'report';

export type BotAction =
  | { kind: 'menu'; menu: MenuId }
  | { kind: 'group'; group: string }
  | { kind: 'entry'; entryId: string }
  | { kind: 'feedback'; entryId: string; helpful: boolean }
  /** "Không phải các ý trên": none of the clarify choices fits. */
  | { kind: 'not-listed'; question: string }
  /** "Báo cho Công an xã" under a scam check: files the checked message, already masked. */
  | { kind: 'scam-report'; message: string };

/** A button as stored in conversation state: its title and what it does. */
export interface OfferedButton {
  title: string;
  action: BotAction;
}

const VALUE_KEY = 'donghanh';

export function button(title: string, action: BotAction): CardAction {
  return { type: 'messageBack', title, text: title, displayText: title, value: { [VALUE_KEY]: action } };
}

const MENUS = new Set<MenuId>(['main', 'procedures', 'vneid', 'scams', 'report']);

/** Reads the action a button attached to the incoming activity; anything malformed counts as no action. */
export function actionFromValue(value: unknown): BotAction | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const a = (value as Record<string, unknown>)[VALUE_KEY] as Record<string, unknown> | undefined;
  if (typeof a !== 'object' || a === null) return undefined;
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
  switch (a.kind) {
    case 'menu':
      return MENUS.has(a.menu as MenuId) ? { kind: 'menu', menu: a.menu as MenuId } : undefined;
    case 'group':
      return str(a.group) ? { kind: 'group', group: a.group } : undefined;
    case 'entry':
      return str(a.entryId) ? { kind: 'entry', entryId: a.entryId } : undefined;
    case 'feedback':
      return str(a.entryId) && typeof a.helpful === 'boolean' ? { kind: 'feedback', entryId: a.entryId, helpful: a.helpful } : undefined;
    case 'not-listed':
      return { kind: 'not-listed', question: typeof a.question === 'string' ? a.question.slice(0, 2000) : '' };
    case 'scam-report':
      // Masked by the bot when it drew the button; bounded like a typed message, since it comes back from the client.
      return typeof a.message === 'string' && a.message.trim() ? { kind: 'scam-report', message: a.message.slice(0, 2000) } : undefined;
    default:
      return undefined;
  }
}

/** The comparable form of a label: no case, punctuation, emoji or diacritics ("👍 Có, hữu ích" → "co huu ich"). */
export function labelKey(text: string): string {
  return fold(normalize(text));
}

/** The offered button whose title the citizen sent back as plain text, if any. */
export function actionFromText(text: string, offered: readonly OfferedButton[] | undefined): BotAction | undefined {
  if (!offered?.length) return undefined;
  const key = labelKey(text);
  if (!key) return undefined;
  return offered.find((b) => labelKey(b.title) === key)?.action;
}
