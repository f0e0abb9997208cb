/** What the route modules share: their dependencies, the checked-route factory and the staff services. */
import type { Server } from 'restify';
import type { ReplyDelivery } from '../../escalation/replyDelivery';
import type { TicketEvents } from '../../escalation/ticketEvents';
import type { TicketRepository } from '../../escalation/ticketRepository';
import type { Commune } from '../../knowledge/schema';
import type { Logger } from '../../logging';
import type { ScamReports } from '../../scam/scamReports';
import type { Database } from '../../storage/database';
import type { EventBus } from '../../storage/eventBus';
import type { AuditActor } from '../auditLog';
import type { StaffHttp } from '../http/staffHttp';
import type { LiveQueue } from '../liveQueue';
import type { ThrottlePolicy } from '../loginThrottle';
import type { ScryptParams } from '../passwords';
import type { SessionPolicy } from '../sessionRepository';
import type { StaffServices } from '../staffServices';

export interface StaffRouteDeps {
  db: Database;
  /** The database's event bus (ticket events come through it from every instance). */
  events: EventBus;
  tickets: TicketRepository;
  ticketEvents: TicketEvents;
  /** Sends a saved staff reply to the citizen; without it replies stay `pending` for whoever delivers them. */
  delivery?: Pick<ReplyDelivery, 'deliver'>;
  logger: Logger;
  /** Where "Tạo bản nháp kiến thức" saves (`<dir>/drafts/`) and trainers read drafts from. */
  knowledgeDir: string;
  /** The communes of the loaded knowledge (names for the console, the list for filters and accounts). */
  communes: () => readonly Commune[];
  /** Public origin behind a proxy (https://…): cookies get `Secure`, and `Origin` is checked against it. */
  publicUrl?: string;
  sessionPolicy?: SessionPolicy;
  throttlePolicy?: ThrottlePolicy;
  hashParams?: ScryptParams;
  now?: () => number;
  /** SSE keep-alive and session re-check interval. */
  heartbeatMs?: number;
  /** How long a reply request waits for the delivery outcome before answering `pending` (the SSE event follows). */
  deliveryWaitMs?: number;
  /** The scam checker's view of reports: confirming a report's numbers and domains as scam indicators (issue 6). */
  scamReports?: Pick<ScamReports, 'review' | 'confirm' | 'unconfirm'>;
}

export interface RouteContext {
  deps: StaffRouteDeps;
  http: StaffHttp;
  staff: StaffServices;
  live: LiveQueue;
  now: () => number;
  communeName: (communeId: string) => string;
  /** Records an action; an audit failure is logged, never turned into a failed request after the action happened. */
  audit: (actor: AuditActor, entry: Parameters<StaffServices['audit']['record']>[1]) => Promise<void>;
}

export type RouteModule = (server: Server, ctx: RouteContext) => void;
