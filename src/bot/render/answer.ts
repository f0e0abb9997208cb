/**
 * An answer as the citizen receives it: the entry (a card where the channel draws cards, plain text elsewhere),
 * then "Câu trả lời có hữu ích không?" with 👍/👎, the entry's follow-ups and the way back to the menu as buttons.
 */
import type { Activity } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { Entry } from '../../knowledge/schema';
import type { OfferedButton } from '../actions';
import { supportsCards } from '../channels';
import { backToMenu } from '../menu';
import { botText as T } from '../messages';
import { answerCard } from './card';
import { renderEntry } from './plainText';
import { messageWithButtons } from './replies';

/** Follow-ups shown as buttons; more would push 👍/👎 and the menu out of sight on a phone. */
const MAX_FOLLOWUPS = 3;

export interface RenderedAnswer {
  activities: Partial<Activity>[];
  buttons: OfferedButton[];
}

export function renderAnswer(entry: Entry, kb: KnowledgeBase, channelId: string | undefined): RenderedAnswer {
  const text = renderEntry(entry);
  const main: Partial<Activity> = supportsCards(channelId)
    ? { type: 'message', attachments: [answerCard(entry, { fallbackText: text })] }
    : { type: 'message', text };
  const buttons = answerButtons(entry, kb);
  return { activities: [main, messageWithButtons(T.feedbackQuestion, buttons)], buttons };
}

export function answerButtons(entry: Entry, kb: KnowledgeBase): OfferedButton[] {
  const followups = (entry.followups ?? [])
    .map((id) => kb.byId.get(id))
    .filter((e): e is Entry => e !== undefined)
    .slice(0, MAX_FOLLOWUPS)
    .map((e) => ({ title: e.title, action: { kind: 'entry', entryId: e.id } }) as OfferedButton);
  return [
    { title: T.feedbackYes, action: { kind: 'feedback', entryId: entry.id, helpful: true } },
    { title: T.feedbackNo, action: { kind: 'feedback', entryId: entry.id, helpful: false } },
    ...followups,
    backToMenu,
  ];
}
