/** Outgoing messages with buttons; every text the citizen reads comes from the messages module. */
import type { Activity } from 'botbuilder';
import { button, type OfferedButton } from '../actions';

export function messageWithButtons(text: string, buttons: readonly OfferedButton[] = []): Partial<Activity> {
  return {
    type: 'message',
    text,
    inputHint: 'acceptingInput',
    ...(buttons.length > 0 ? { suggestedActions: { actions: buttons.map((b) => button(b.title, b.action)), to: [] } } : {}),
  };
}
