/**
 * Tickets for signed-in staff; every route checks the account's commune scope on the server.
 *   GET  /staff/api/tickets                  queue: ?status=new,in_progress&q=&from=YYYY-MM-DD&to=&channel=&kind=
 *                                            &assigned=me|none&commune=&sort=newest|oldest|recently_updated&limit=&offset=
 *   GET  /staff/api/tickets/:id              ticket, masked transcript, internal notes, delivery states
 *   POST /staff/api/tickets/:id/claim        "nhận xử lý" (409 when someone else holds it)
 *   POST /staff/api/tickets/:id/replies      { text } → sent to the citizen in their conversation
 *   POST /staff/api/tickets/:id/notes        { text } → internal, never sent
 *   POST /staff/api/tickets/:id/status       { status: new|in_progress|answered|closed }
 *   POST /staff/api/tickets/:id/messages/:messageId/deliver   send a failed reply again
 *   GET  /staff/api/tickets.csv?from=&to=    CSV export of a date range (local days, inclusive)
 *   GET  /staff/api/canned-replies           ready-made replies to start from
 *   GET  /staff/api/events                   server-sent events: new and changed tickets, live
 */
import type { Request, Response } from 'restify';
import { HttpError } from '../../channels/directline/http/httpErrors';
import type { DeliveryOutcome } from '../../escalation/replyDelivery';
import type { Ticket, TicketFilter, TicketSort, TicketStatus } from '../../escalation/types';
import { actorOf } from '../accountService';
import { readCookie, SESSION_COOKIE } from '../http/cookies';
import { param, queryOf, readJson, type StaffContext, textField } from '../http/staffHttp';
import { ticketCsvRow, TICKET_CSV_HEADER, csvRow, CSV_BOM } from '../csv';
import { localDayEnd, localDayStart, DAY_MS } from '../localDates';
import { CANNED_REPLIES, staffMsg } from '../messages';
import { inScope, ticketScope, type StaffAccount } from '../types';
import { detailView, messageView, type Names, staffIdsOf, summaryView } from '../ticketViews';
import type { RouteContext, RouteModule } from './context';

const STATUSES: readonly TicketStatus[] = ['new', 'in_progress', 'answered', 'closed'];
const SORTS: readonly TicketSort[] = ['newest', 'oldest', 'recently_updated'];
const MAX_REPLY = 4000;
const MAX_EXPORT_DAYS = 366;
/** A view is audited once per person and ticket in this window: the console re-reads an open ticket on every change. */
const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;

function nonNegativeInt(q: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new HttpError(400, staffMsg.badNumber(name), 'BadArgument');
  return Math.min(Number(raw), max);
}

function day(q: URLSearchParams, name: string, end: boolean): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const at = end ? localDayEnd(raw) : localDayStart(raw);
  if (at === undefined) throw new HttpError(400, staffMsg.badDate(name), 'BadArgument');
  return at;
}

/** The queue's filter from the query string, always inside the account's scope. */
export function listFilter(q: URLSearchParams, account: StaffAccount): TicketFilter {
  let scope = ticketScope(account);
  const commune = q.get('commune');
  if (commune) {
    if (!inScope(scope, commune)) throw new HttpError(403, staffMsg.ticketForbidden, 'OtherCommune');
    scope = { communeIds: [commune] };
  }
  const filter: TicketFilter = { scope, limit: nonNegativeInt(q, 'limit', 50, 200), offset: nonNegativeInt(q, 'offset', 0, 1e9) };
  const status = q.get('status');
  if (status) {
    const list = status.split(',').map((s) => s.trim()).filter(Boolean);
    if (!list.every((s) => (STATUSES as readonly string[]).includes(s))) throw new HttpError(400, staffMsg.badStatus, 'BadArgument');
    filter.status = list as TicketStatus[];
  }
  const text = q.get('q')?.trim();
  if (text) filter.q = text.slice(0, 200);
  const from = day(q, 'from', false);
  const to = day(q, 'to', true);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  const channel = q.get('channel');
  if (channel) filter.channel = channel.slice(0, 40);
  const kind = q.get('kind');
  if (kind) {
    if (kind !== 'question' && kind !== 'scam_report') throw new HttpError(400, staffMsg.badParam('kind'), 'BadArgument');
    filter.kind = kind;
  }
  const assigned = q.get('assigned');
  if (assigned === 'me') filter.assignedTo = account.id;
  else if (assigned === 'none') filter.assignedTo = null;
  else if (assigned) throw new HttpError(400, staffMsg.badParam('assigned'), 'BadArgument');
  const sort = q.get('sort');
  if (sort) {
    if (!(SORTS as readonly string[]).includes(sort)) throw new HttpError(400, staffMsg.badParam('sort'), 'BadArgument');
    filter.sort = sort as TicketSort;
  }
  return filter;
}

export const ticketRoutes: RouteModule = (server, ctx) => {
  const { http, deps, staff } = ctx;
  const recentViews = new Map<string, number>();

  const names = async (tickets: readonly Ticket[], messages: Parameters<typeof staffIdsOf>[1] = []): Promise<Names> => ({
    commune: ctx.communeName,
    staff: await staff.accounts.names(staffIdsOf(tickets, messages)),
  });

  /** The ticket named in the path, if this account may see it: 404 when there is none, 403 when in another commune. */
  const ticketFor = async (req: Request, { active }: StaffContext): Promise<Ticket> => {
    const raw = param(req, 'id');
    const ticket = /^\d{1,15}$/.test(raw) ? await deps.tickets.get(Number(raw)) : undefined;
    if (!ticket) throw new HttpError(404, staffMsg.ticketNotFound, 'TicketNotFound');
    if (!inScope(ticketScope(active.account), ticket.communeId)) throw new HttpError(403, staffMsg.ticketForbidden, 'OtherCommune');
    return ticket;
  };

  const sendDetail = async (res: Response, ticket: Ticket, status = 200): Promise<void> => {
    const messages = await deps.tickets.messages(ticket.id, { includeInternal: true });
    res.send(status, { ticket: detailView(ticket, messages, await names([ticket], messages)) });
  };

  server.get(
    '/staff/api/tickets',
    http.route({ permission: 'tickets.read' }, async (req, res, { active }) => {
      const page = await deps.tickets.list(listFilter(queryOf(req), active.account));
      const n = await names(page.tickets);
      res.send(200, { tickets: page.tickets.map((t) => summaryView(t, n)), total: page.total });
    }),
  );

  server.get(
    '/staff/api/tickets/:id',
    http.route({ permission: 'tickets.read' }, async (req, res, c) => {
      const ticket = await ticketFor(req, c);
      const key = `${c.active.account.id}:${ticket.id}`;
      const last = recentViews.get(key);
      if (last === undefined || ctx.now() - last > VIEW_AUDIT_WINDOW_MS) {
        if (recentViews.size > 10_000) recentViews.clear();
        recentViews.set(key, ctx.now());
        await ctx.audit(actorOf(c.active.account, c.address), { action: 'ticket.view', ticketId: ticket.id, target: ticket.code });
      }
      await sendDetail(res, ticket);
    }),
  );

  server.post(
    '/staff/api/tickets/:id/claim',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      const ticket = await ticketFor(req, c);
      const result = await deps.tickets.claim(ticket.id, c.active.account.id);
      if (!result.ok) {
        const holder = result.ticket?.assignedTo;
        const holderName = holder ? ((await staff.accounts.names([holder])).get(holder) ?? `#${holder}`) : 'người khác';
        throw new HttpError(409, staffMsg.claimedByOther(holderName), 'AlreadyClaimed');
      }
      await ctx.audit(actorOf(c.active.account, c.address), { action: 'ticket.claim', ticketId: ticket.id, target: ticket.code });
      await sendDetail(res, result.ticket);
    }),
  );

  server.post(
    '/staff/api/tickets/:id/replies',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      const ticket = await ticketFor(req, c);
      const text = textField(await readJson(req), 'text', MAX_REPLY);
      if (ticket.purgedAt !== null) throw new HttpError(409, staffMsg.ticketPurged, 'Purged');
      const { message } = await deps.tickets.addStaffReply(ticket.id, c.active.account.id, text);
      await ctx.audit(actorOf(c.active.account, c.address), {
        action: 'ticket.reply',
        ticketId: ticket.id,
        target: ticket.code,
        detail: { messageId: message.id, length: text.length },
      });
      const outcome = await deliverWithin(ctx, message.id);
      const saved = (await deps.tickets.getMessage(message.id)) ?? message;
      res.send(201, { message: messageView(saved, await names([], [saved])), delivery: outcome });
    }),
  );

  server.post(
    '/staff/api/tickets/:id/messages/:messageId/deliver',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      const ticket = await ticketFor(req, c);
      const raw = param(req, 'messageId');
      const message = /^\d{1,15}$/.test(raw) ? await deps.tickets.getMessage(Number(raw)) : undefined;
      if (!message || message.ticketId !== ticket.id) throw new HttpError(404, staffMsg.ticketNotFound, 'MessageNotFound');
      const outcome = await deliverWithin(ctx, message.id);
      await ctx.audit(actorOf(c.active.account, c.address), {
        action: 'ticket.reply',
        ticketId: ticket.id,
        target: ticket.code,
        detail: { messageId: message.id, retry: true, outcome: outcome.status },
      });
      const saved = (await deps.tickets.getMessage(message.id)) ?? message;
      res.send(200, { message: messageView(saved, await names([], [saved])), delivery: outcome });
    }),
  );

  server.post(
    '/staff/api/tickets/:id/notes',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      const ticket = await ticketFor(req, c);
      const text = textField(await readJson(req), 'text', MAX_REPLY);
      const { message } = await deps.tickets.addNote(ticket.id, c.active.account.id, text);
      await ctx.audit(actorOf(c.active.account, c.address), {
        action: 'ticket.note',
        ticketId: ticket.id,
        target: ticket.code,
        detail: { messageId: message.id, length: text.length },
      });
      res.send(201, { message: messageView(message, await names([], [message])) });
    }),
  );

  server.post(
    '/staff/api/tickets/:id/status',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      const ticket = await ticketFor(req, c);
      const status = (await readJson(req)).status;
      if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
        throw new HttpError(400, staffMsg.badStatus, 'BadArgument');
      }
      const updated = await deps.tickets.setStatus(ticket.id, status as TicketStatus);
      await ctx.audit(actorOf(c.active.account, c.address), {
        action: 'ticket.status',
        ticketId: ticket.id,
        target: ticket.code,
        detail: { from: ticket.status, to: status },
      });
      await sendDetail(res, updated);
    }),
  );

  server.get(
    '/staff/api/canned-replies',
    http.route({ permission: 'tickets.act' }, async (_req, res) => {
      res.send(200, { replies: CANNED_REPLIES });
    }),
  );

  server.get(
    '/staff/api/tickets.csv',
    http.route({ permission: 'tickets.export' }, async (req, res, c) => {
      const q = queryOf(req);
      const from = day(q, 'from', false);
      const to = day(q, 'to', true);
      if (from === undefined || to === undefined) throw new HttpError(400, staffMsg.badDate(from === undefined ? 'from' : 'to'), 'BadArgument');
      if (from >= to) throw new HttpError(400, staffMsg.badRange, 'BadArgument');
      if ((to - from) / DAY_MS > MAX_EXPORT_DAYS) throw new HttpError(400, staffMsg.rangeTooLong(MAX_EXPORT_DAYS), 'BadArgument');
      const filter = listFilter(q, c.active.account);
      const fileName = `phieu_${q.get('from')}_${q.get('to')}.csv`;
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
      });
      res.write(CSV_BOM + csvRow(TICKET_CSV_HEADER));
      let rows = 0;
      // Oldest first, page by page: a year of a busy province never sits in memory at once.
      for (let offset = 0; ; offset += 500) {
        const page = await deps.tickets.list({ ...filter, from, to, sort: 'oldest', limit: 500, offset });
        const n = await names(page.tickets);
        for (const t of page.tickets) res.write(ticketCsvRow(t, ctx.communeName(t.communeId), t.assignedTo === null ? null : (n.staff.get(t.assignedTo) ?? null)));
        rows += page.tickets.length;
        if (page.tickets.length < 500) break;
      }
      res.end();
      await ctx.audit(actorOf(c.active.account, c.address), {
        action: 'ticket.export',
        target: fileName,
        detail: { from: q.get('from'), to: q.get('to'), rows },
      });
    }),
  );

  server.get(
    '/staff/api/events',
    http.route({ permission: 'tickets.read' }, async (req, res, { active }) => {
      const token = readCookie(req, SESSION_COOKIE) ?? '';
      await ctx.live.attach({
        scope: ticketScope(active.account),
        res,
        stillValid: async () => (await staff.sessions.resolve(token)) !== undefined,
      });
    }),
  );
};

/** Waits for the delivery outcome up to `deliveryWaitMs`; a slow channel answers `pending` and the SSE event follows. */
async function deliverWithin(ctx: RouteContext, messageId: number): Promise<DeliveryOutcome | { status: 'pending' }> {
  const delivery = ctx.deps.delivery;
  if (!delivery) return { status: 'pending' };
  const sending = delivery.deliver(messageId).catch((err: unknown) => {
    ctx.deps.logger.error({ err, messageId }, 'staff reply delivery failed unexpectedly');
    return { status: 'pending' as const };
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<{ status: 'pending' }>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'pending' }), ctx.deps.deliveryWaitMs ?? 5000);
  });
  try {
    return await Promise.race([sending, waited]);
  } finally {
    clearTimeout(timer);
  }
}
