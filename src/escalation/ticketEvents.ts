/**
 * "A ticket was created or changed", announced on the cross-instance event bus after the change is committed, so
 * every staff console (on any instance) refreshes its queue live. Events carry ids only: a console re-reads the
 * ticket through the repository, which also applies its own commune permissions.
 */
import type { EventBus, Unsubscribe } from '../storage/eventBus';
import type { Logger } from '../logging';
import type { Ticket, TicketEvent } from './types';

export const TICKET_EVENTS_CHANNEL = 'tickets';

export class TicketEvents {
  constructor(
    private readonly bus: EventBus,
    private readonly logger?: Logger,
  ) {}

  /** Never throws: the change is already committed, and a lost hint only delays a console until its next refresh. */
  async publish(ticket: Ticket, change: TicketEvent['change']): Promise<void> {
    const event: TicketEvent = {
      type: change === 'created' ? 'created' : 'updated',
      ticketId: ticket.id,
      code: ticket.code,
      communeId: ticket.communeId,
      status: ticket.status,
      change,
    };
    try {
      await this.bus.publish(TICKET_EVENTS_CHANNEL, event);
    } catch (err) {
      this.logger?.warn({ err, ticketId: ticket.id, change }, 'ticket event not published');
    }
  }

  subscribe(handler: (event: TicketEvent) => void | Promise<void>): Promise<Unsubscribe> {
    return this.bus.subscribe<TicketEvent>(TICKET_EVENTS_CHANNEL, handler);
  }
}
