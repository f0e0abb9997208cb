/**
 * How a reply is laid out on the Zalo Bot Platform, which has no buttons: text in parts of at most 2,000
 * characters, with the choices as a numbered list answered by a digit, and links written out.
 */
import { numberedList } from '../zalo-oa/oaLayout';
import { newOfferId, type Choice } from '../zalo-oa/offers';
import type { OutgoingMessage } from '../zalo-oa/outgoing';
import { splitText } from '../zalo-oa/splitText';

export interface BotPayload {
  text: string;
}

export function layoutForBot(
  message: OutgoingMessage,
  offerId: string = newOfferId(),
): { payloads: BotPayload[]; offer?: { id: string; choices: Choice[]; numbered: boolean } } {
  const list = numberedList(message);
  const text = [message.text, list].filter((p) => p.trim()).join('\n\n');
  const payloads = splitText(text).map((part) => ({ text: part }));
  return message.choices.length > 0 ? { payloads, offer: { id: offerId, choices: message.choices, numbered: true } } : { payloads };
}
