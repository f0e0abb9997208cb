/**
 * What "tra cứu <mã>" answers. Codes are short and sequential, so anyone can type someone else's: the content and
 * the replies are shown only in the conversation the ticket came from (or to the same channel user); anyone else
 * learns the status and nothing more.
 */
import { escalationText as say } from './messages';
import type { Ticket, TicketMessage } from './types';

/** Who is asking: the channel, conversation and user of the current turn. */
export interface Requester {
  channel: string;
  conversationId: string;
  userId: string;
}

export function isFiledBy(ticket: Ticket, requester: Requester): boolean {
  if (ticket.channel !== requester.channel) return false;
  if (ticket.conversationId && ticket.conversationId === requester.conversationId) return true;
  // A known channel user (Zalo, or a commune site passing its user id) may ask from a new conversation.
  return ticket.userId !== '' && !ticket.userId.startsWith('dl_') && ticket.userId === requester.userId;
}

/** How many of the latest replies a status answer repeats; the full thread is in the conversation above. */
const REPLIES_SHOWN = 3;

export function describeTicket(input: {
  ticket: Ticket;
  /** The messages the citizen may see (no internal notes). */
  messages: readonly TicketMessage[];
  owner: boolean;
  communeName: string;
  typicalResponse: string | undefined;
}): string {
  const { ticket, owner } = input;
  const lines = [say.lookupHeader(ticket.code, ticket.status)];
  if (!owner) return [...lines, say.lookupStatusOnly].join('\n');
  lines.push(say.lookupSentAt(ticket.createdAt, input.communeName));
  if (ticket.purgedAt !== null) return [...lines, say.lookupPurged].join('\n');
  lines.push(say.lookupSubject(ticket.subject));
  const replies = input.messages.filter((m) => m.author === 'staff' && !m.internal).slice(-REPLIES_SHOWN);
  if (replies.length === 0) lines.push('', say.lookupWaiting(input.typicalResponse));
  for (const reply of replies) lines.push('', say.lookupReply(reply.createdAt, reply.body));
  return lines.join('\n');
}
