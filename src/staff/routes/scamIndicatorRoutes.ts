/**
 * Confirming a scam report's phone numbers and domains as scam indicators, so the checker flags them for everyone.
 *   GET  /staff/api/tickets/:id/scam-indicators          → { verdict, candidates: [{ kind, value, shown, broader,
 *                                                          status: new|confirmed|public, fromThisReport }] }
 *   POST /staff/api/tickets/:id/scam-indicators          { indicators: [{ kind: phone|domain, value }] } → confirm
 *   POST /staff/api/tickets/:id/scam-indicators/remove   same body → undo what this report confirmed
 * Only scam reports, only values found in the report (never an official site or a shortener); audited.
 */
import type { Request } from 'restify';
import { HttpError } from '../../channels/directline/http/httpErrors';
import type { Ticket } from '../../escalation/types';
import { isIndicatorKind, type Indicator } from '../../scam/indicatorValues';
import { RISK_LABELS } from '../../scam/messages';
import { IndicatorNotInReportError, type ScamReportReview } from '../../scam/scamReports';
import { actorOf } from '../accountService';
import { param, readJson, type StaffContext } from '../http/staffHttp';
import { staffMsg } from '../messages';
import { inScope, ticketScope } from '../types';
import type { RouteContext, RouteModule } from './context';

/** A report holds a handful of numbers and links; more in one request is a mistake or a script. */
const MAX_PER_REQUEST = 20;

const STATUS_LABELS = { new: 'Chưa xác nhận', confirmed: 'Đã xác nhận lừa đảo', public: 'Đã có trong danh sách cảnh báo' } as const;

function reviewView(review: ScamReportReview) {
  return {
    verdict: { ...review.verdict, riskLabel: RISK_LABELS[review.verdict.risk] },
    candidates: review.candidates.map((c) => ({ ...c, statusLabel: STATUS_LABELS[c.status] })),
  };
}

function indicatorsOf(body: Record<string, unknown>): Indicator[] {
  const list = body.indicators;
  if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, staffMsg.noIndicatorChosen, 'BadArgument');
  if (list.length > MAX_PER_REQUEST) throw new HttpError(400, staffMsg.tooManyIndicators(MAX_PER_REQUEST), 'BadArgument');
  return list.map((item: unknown) => {
    const { kind, value } = (item ?? {}) as Record<string, unknown>;
    if (!isIndicatorKind(kind) || typeof value !== 'string' || !value.trim() || value.length > 300) {
      throw new HttpError(400, staffMsg.indicatorNotInReport(typeof value === 'string' ? value.slice(0, 100) : ''), 'BadArgument');
    }
    return { kind, value: value.trim() };
  });
}

export const scamIndicatorRoutes: RouteModule = (server, ctx: RouteContext) => {
  const { http, deps } = ctx;

  const reports = () => {
    if (!deps.scamReports) throw new HttpError(404, staffMsg.scamCheckOff, 'ScamCheckOff');
    return deps.scamReports;
  };

  /** The scam report named in the path, in this account's scope, with its text (subject and citizen messages, masked). */
  const reportFor = async (req: Request, { active }: StaffContext): Promise<{ ticket: Ticket; text: string }> => {
    const raw = param(req, 'id');
    const ticket = /^\d{1,15}$/.test(raw) ? await deps.tickets.get(Number(raw)) : undefined;
    if (!ticket) throw new HttpError(404, staffMsg.ticketNotFound, 'TicketNotFound');
    if (!inScope(ticketScope(active.account), ticket.communeId)) throw new HttpError(403, staffMsg.ticketForbidden, 'OtherCommune');
    if (ticket.kind !== 'scam_report') throw new HttpError(409, staffMsg.notScamReport, 'NotScamReport');
    if (ticket.purgedAt !== null) throw new HttpError(409, staffMsg.ticketPurged, 'Purged');
    const citizen = (await deps.tickets.messages(ticket.id)).filter((m) => m.author === 'citizen').map((m) => m.body);
    return { ticket, text: [ticket.subject, ...citizen.filter((b) => b !== ticket.subject)].join('\n\n') };
  };

  const change = async (req: Request, c: StaffContext, action: 'scam.confirm' | 'scam.unconfirm') => {
    const scam = reports();
    const { ticket, text } = await reportFor(req, c);
    const wanted = indicatorsOf(await readJson(req));
    let changed: Indicator[];
    try {
      changed =
        action === 'scam.confirm'
          ? await scam.confirm(text, ticket.id, c.active.account.id, wanted)
          : await scam.unconfirm(text, ticket.id, wanted);
    } catch (err) {
      if (err instanceof IndicatorNotInReportError) throw new HttpError(400, staffMsg.indicatorNotInReport(err.indicator.value.slice(0, 100)), 'NotInReport');
      throw err;
    }
    // The values are the scammer's number and site, not the citizen's words: they are what the audit must show.
    await ctx.audit(actorOf(c.active.account, c.address), {
      action,
      ticketId: ticket.id,
      target: ticket.code,
      detail: { indicators: changed.map((i) => `${i.kind}:${i.value}`), asked: wanted.length },
    });
    return { changed: changed.map((i) => ({ kind: i.kind, value: i.value })), ...reviewView(scam.review(text, ticket.id)) };
  };

  server.get(
    '/staff/api/tickets/:id/scam-indicators',
    http.route({ permission: 'tickets.read' }, async (req, res, c) => {
      const scam = reports();
      const { ticket, text } = await reportFor(req, c);
      res.send(200, reviewView(scam.review(text, ticket.id)));
    }),
  );

  server.post(
    '/staff/api/tickets/:id/scam-indicators',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      res.send(200, await change(req, c, 'scam.confirm'));
    }),
  );

  server.post(
    '/staff/api/tickets/:id/scam-indicators/remove',
    http.route({ permission: 'tickets.act' }, async (req, res, c) => {
      res.send(200, await change(req, c, 'scam.unconfirm'));
    }),
  );
};
