/**
 * A Bot Framework message activity reduced to what a Zalo chat can show: its text (cards read out as text), the
 * choices a citizen can pick (suggested actions and card buttons that send something back), and links or phone
 * numbers (buttons that open something). Each Zalo channel then lays these out its own way.
 */
import type { Activity, CardAction } from 'botbuilder';
import { cardToText, plainMarkdown } from './cardText';
import type { Choice } from './offers';

export interface LinkAction {
  title: string;
  url: string;
}

export interface PhoneAction {
  title: string;
  phone: string;
}

export interface OutgoingMessage {
  text: string;
  choices: Choice[];
  links: LinkAction[];
  phones: PhoneAction[];
}

/** Undefined for activities a Zalo chat has no use for (typing, traces, end of conversation, delays). */
export function toOutgoing(activity: Partial<Activity>): OutgoingMessage | undefined {
  if ((activity.type ?? 'message') !== 'message') return undefined;
  const texts: string[] = [];
  if (typeof activity.text === 'string' && activity.text.trim()) texts.push(plainMarkdown(activity.text.trim()));
  const actions: CardAction[] = [];
  for (const attachment of activity.attachments ?? []) {
    const cardText = cardToText(attachment);
    if (cardText) texts.push(cardText);
    else if (attachment.contentUrl && /^https?:/i.test(attachment.contentUrl)) texts.push(`${attachment.name ?? 'Tệp'}: ${attachment.contentUrl}`);
    const buttons = (attachment.content as { buttons?: unknown } | undefined)?.buttons;
    if (Array.isArray(buttons)) actions.push(...(buttons as CardAction[]));
  }
  actions.push(...(activity.suggestedActions?.actions ?? []));

  const message: OutgoingMessage = { text: texts.join('\n\n'), choices: [], links: [], phones: [] };
  for (const action of actions) classify(action, message);
  if (!message.text && message.choices.length === 0 && message.links.length === 0 && message.phones.length === 0) return undefined;
  return message;
}

function classify(action: CardAction, into: OutgoingMessage): void {
  const title = (action.title ?? '').trim();
  const value = action.value as unknown;
  switch (action.type) {
    case 'openUrl':
    case 'downloadFile':
    case 'showImage':
    case 'playAudio':
    case 'playVideo':
    case 'signin': {
      const url = typeof value === 'string' ? value : '';
      if (/^https?:/i.test(url)) into.links.push({ title: title || url, url });
      return;
    }
    case 'call': {
      const phone = typeof value === 'string' ? value.replace(/^tel:/i, '').replace(/[^\d+]/g, '') : '';
      if (phone) into.phones.push({ title: title || phone, phone });
      return;
    }
    case 'imBack': {
      const text = typeof value === 'string' && value.trim() ? value : title;
      if (text) into.choices.push({ title: title || text, text });
      return;
    }
    case 'postBack':
    case 'messageBack':
    default: {
      const text = action.text ?? (typeof value === 'string' ? value : undefined) ?? title;
      if (!title && !text) return;
      into.choices.push({ title: title || text, text, ...(value !== undefined && typeof value !== 'string' ? { value } : {}) });
    }
  }
}
