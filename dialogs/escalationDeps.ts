/**
 * What the escalation dialogs need from the rest of the bot, and who is speaking in a turn.
 */
import type { TurnContext } from 'botbuilder';
import type { CommuneMatcher } from '../src/escalation/communeMatcher';
import type { TicketRepository } from '../src/escalation/ticketRepository';
import type { Requester } from '../src/escalation/ticketStatus';
import type { Settings } from '../src/knowledge/schema';
import type { Logger } from '../src/logging';

export interface EscalationDeps {
  tickets: TicketRepository;
  /** Getters, because the knowledge base is reloaded while the bot runs. */
  communes: () => CommuneMatcher;
  settings: () => Settings;
  logger?: Logger;
}

/** The channel, conversation and user of this turn. */
export function requester(context: TurnContext): Requester {
  const a = context.activity;
  return { channel: a.channelId, conversationId: a.conversation?.id ?? '', userId: a.from?.id ?? '' };
}

export function communeName(deps: EscalationDeps, id: string): string {
  return deps.communes().byId(id)?.name ?? id;
}
