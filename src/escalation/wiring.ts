/**
 * The escalation pieces a running server needs, built once by the composition root: the ticket repository (with
 * its live events), and reply delivery with the senders of the channels this server hosts. The dialog is built
 * next to the bot (dialogs depend on this folder, not the other way round).
 */
import type { CloudAdapter } from 'botbuilder';
import { DIRECT_LINE_CHANNELS } from '../channels/directline/conversationStore';
import type { Logger } from '../logging';
import type { Database } from '../storage/database';
import type { EventBus } from '../storage/eventBus';
import { CloudAdapterSender, ReplyDelivery } from './replyDelivery';
import { TicketEvents } from './ticketEvents';
import { SqlTicketRepository, type TicketRepository } from './ticketRepository';

export interface EscalationWiringDeps {
  db: Database;
  events: EventBus;
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** `MicrosoftAppId`, or '' when the bot runs without Azure credentials. */
  botAppId: string;
  /** `settings.province.code` of the loaded knowledge. */
  provinceCode: string;
  communeName: (communeId: string) => string;
  /** This instance's own Direct Line callback base (`http://127.0.0.1:<port>`), once listening. */
  directLineServiceUrl: () => string | undefined;
  logger: Logger;
}

export interface EscalationWiring {
  tickets: TicketRepository;
  ticketEvents: TicketEvents;
  delivery: ReplyDelivery;
}

export function createEscalation(deps: EscalationWiringDeps): EscalationWiring {
  const ticketEvents = new TicketEvents(deps.events, deps.logger);
  const tickets = new SqlTicketRepository(deps.db, { provinceCode: deps.provinceCode, events: ticketEvents });
  const delivery = new ReplyDelivery({ tickets, communeName: deps.communeName, logger: deps.logger })
    .register(DIRECT_LINE_CHANNELS, new CloudAdapterSender(deps.adapter, deps.botAppId, deps.directLineServiceUrl))
    // The Bot Framework Emulator: its own service URL, as stored with the ticket.
    .register(['emulator'], new CloudAdapterSender(deps.adapter, deps.botAppId));
  return { tickets, ticketEvents, delivery };
}
