/**
 * How a reply is laid out in an OA chat (Open API v3 consultation messages):
 * - text in parts of at most 2,000 characters;
 * - up to five buttons under the last part: choices as `oa.query.hide` (the payload comes back as text and maps back
 *   to the choice), links as `oa.open.url`, phone numbers as `oa.open.phone`;
 * - more than five, a numbered list in the text instead, answered with a digit;
 * - each part with buttons also carries its numbered-list form, sent instead if Zalo refuses the buttons.
 */
import { zaloText } from './messages';
import { choicePayload, newOfferId, type Choice } from './offers';
import type { OutgoingMessage } from './outgoing';
import { splitText, splitTextLeavingRoom } from './splitText';

/** Zalo's limit on buttons in one message. */
export const MAX_BUTTONS = 5;
/** Zalo does not document a title limit; long titles are cut so the button stays readable on a phone. */
const MAX_BUTTON_TITLE = 100;

export interface OaButton {
  title: string;
  type: 'oa.query.hide' | 'oa.open.url' | 'oa.open.phone';
  payload: string | { url: string } | { phone_code: string };
}

/** What the queue stores for one OA message (the recipient is stored beside it). */
export interface OaPayload {
  message: { text: string; attachment?: { type: 'template'; payload: { buttons: OaButton[] } } };
  /** The same message with a numbered list instead of buttons. */
  fallbackText?: string;
  /** The offer behind the buttons or the numbered list. */
  offerId?: string;
}

export interface OaLayout {
  payloads: OaPayload[];
  /** The choices to remember (undefined when the message offers none). */
  offer?: { id: string; choices: Choice[]; numbered: boolean };
}

export function layoutForOa(message: OutgoingMessage, offerId: string = newOfferId()): OaLayout {
  const buttonCount = message.choices.length + message.links.length + message.phones.length;
  if (buttonCount === 0) return { payloads: splitText(message.text).map((text) => ({ message: { text } })) };

  const list = numberedList(message);
  const hasChoices = message.choices.length > 0;
  const offer = hasChoices ? { id: offerId, choices: message.choices } : undefined;

  if (buttonCount > MAX_BUTTONS) {
    const texts = splitText(joinParagraphs(message.text, list));
    return {
      payloads: texts.map((text, i) => ({ message: { text }, ...(offer && i === texts.length - 1 ? { offerId } : {}) })),
      ...(offer ? { offer: { ...offer, numbered: true } } : {}),
    };
  }

  // Zalo needs some text above buttons; a message of buttons alone gets a short invitation.
  const body = message.text || zaloText.chooseOne;
  const texts = splitTextLeavingRoom(body, list.length + 2);
  const last = texts.pop()!;
  const buttons: OaButton[] = [
    ...message.choices.map((c, i): OaButton => ({ title: buttonTitle(c.title), type: 'oa.query.hide', payload: choicePayload(offerId, i) })),
    ...message.links.map((l): OaButton => ({ title: buttonTitle(l.title), type: 'oa.open.url', payload: { url: l.url } })),
    ...message.phones.map((p): OaButton => ({ title: buttonTitle(p.title), type: 'oa.open.phone', payload: { phone_code: p.phone } })),
  ];
  return {
    payloads: [
      ...texts.map((text) => ({ message: { text } })),
      {
        message: { text: last, attachment: { type: 'template', payload: { buttons } } },
        fallbackText: joinParagraphs(last, list),
        ...(offer ? { offerId } : {}),
      },
    ],
    ...(offer ? { offer: { ...offer, numbered: false } } : {}),
  };
}

/** "Bạn gõ số thứ tự để chọn…" with the choices numbered, then the links and numbers as lines. */
export function numberedList(message: Pick<OutgoingMessage, 'choices' | 'links' | 'phones'>): string {
  const lines: string[] = [];
  if (message.choices.length > 0) {
    lines.push(zaloText.chooseByNumber, ...message.choices.map((c, i) => zaloText.numbered(i, c.title)));
  }
  for (const l of message.links) lines.push(zaloText.linkLine(l.title, l.url));
  for (const p of message.phones) lines.push(zaloText.linkLine(p.title, p.phone));
  return lines.join('\n');
}

function joinParagraphs(...parts: string[]): string {
  return parts.filter((p) => p.trim()).join('\n\n');
}

function buttonTitle(title: string): string {
  const chars = Array.from(title.normalize('NFC'));
  return chars.length <= MAX_BUTTON_TITLE ? chars.join('') : `${chars.slice(0, MAX_BUTTON_TITLE - 1).join('')}…`;
}

