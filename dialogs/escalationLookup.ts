/**
 * "tra cứu TH-20251127-0042" (or "tra cứu phản ánh", meaning the latest one of this conversation): one reply with
 * the status, and for the citizen who filed it the content, the latest replies and a button to add more.
 */
import type { TurnContext } from 'botbuilder';
import { escalationText as say } from '../src/escalation/messages';
import { describeTicket, isFiledBy } from '../src/escalation/ticketStatus';
import { communeName, type EscalationDeps, requester } from './escalationDeps';
import { withButtons } from './escalationPrompts';

export async function sendTicketStatus(context: TurnContext, deps: EscalationDeps, code?: string): Promise<void> {
  const who = requester(context);
  const ticket = code ? await deps.tickets.findByCode(code) : await deps.tickets.findLatestForConversation(who.channel, who.conversationId);
  if (!ticket) {
    await context.sendActivity(code ? say.lookupNotFound(code) : say.lookupNoneHere);
    return;
  }
  const owner = isFiledBy(ticket, who);
  const text = describeTicket({
    ticket,
    messages: owner ? await deps.tickets.messages(ticket.id) : [],
    owner,
    communeName: communeName(deps, ticket.communeId),
    typicalResponse: deps.settings().escalation?.typical_response,
  });
  const canAdd = owner && ticket.purgedAt === null;
  await context.sendActivity(withButtons(text, canAdd ? [say.buttons.addMore(ticket.code)] : []));
}
