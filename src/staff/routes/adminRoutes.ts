/**
 * Supervision and administration.
 *   GET  /staff/api/audit?from=&to=&action=&staff=&ticket=&limit=&offset=   audit log (supervisor, admin)
 *   GET  /staff/api/accounts                                                 accounts (admin)
 *   POST /staff/api/accounts { username, displayName?, role, commune?, password }
 *   POST /staff/api/accounts/:username/disable | /enable | /password { password }
 *   GET  /staff/api/communes                                                 [{ id, name }] (any signed-in account)
 */
import { HttpError } from '../../channels/directline/http/httpErrors';
import { actorOf } from '../accountService';
import { AUDIT_ACTIONS, isAuditAction, type AuditFilter } from '../auditLog';
import { lookupCommune } from '../communeLookup';
import { param, queryOf, readJson } from '../http/staffHttp';
import { localDayEnd, localDayStart } from '../localDates';
import { staffMsg } from '../messages';
import type { StaffAccount } from '../types';
import type { RouteModule } from './context';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const adminRoutes: RouteModule = (server, ctx) => {
  const { http, staff, deps } = ctx;

  const accountView = (a: StaffAccount) => ({
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    communeId: a.communeId,
    communeName: a.communeId ? ctx.communeName(a.communeId) : null,
    disabled: a.disabledAt !== null,
    createdAt: a.createdAt,
  });

  server.get(
    '/staff/api/audit',
    http.route({ permission: 'audit.read' }, async (req, res, c) => {
      const q = queryOf(req);
      const filter: AuditFilter = { limit: 100 };
      const int = (name: string): number | undefined => {
        const raw = q.get(name);
        if (!raw) return undefined;
        if (!/^\d{1,12}$/.test(raw)) throw new HttpError(400, staffMsg.badNumber(name), 'BadArgument');
        return Number(raw);
      };
      const from = q.get('from');
      const to = q.get('to');
      if (from) filter.from = localDayStart(from) ?? badDate('from');
      if (to) filter.to = localDayEnd(to) ?? badDate('to');
      const action = q.get('action');
      if (action) {
        if (!isAuditAction(action)) throw new HttpError(400, staffMsg.badParam('action'), 'BadArgument');
        filter.action = action;
      }
      const staffId = int('staff');
      const ticketId = int('ticket');
      if (staffId !== undefined) filter.staffId = staffId;
      if (ticketId !== undefined) filter.ticketId = ticketId;
      filter.limit = Math.min(int('limit') ?? 100, 500);
      filter.offset = int('offset') ?? 0;
      const page = await staff.audit.list(filter);
      await ctx.audit(actorOf(c.active.account, c.address), { action: 'audit.view' });
      res.send(200, {
        entries: page.entries.map((e) => ({ ...e, actionLabel: AUDIT_ACTIONS[e.action] ?? e.action })),
        total: page.total,
        actions: AUDIT_ACTIONS,
      });
    }),
  );

  server.get(
    '/staff/api/accounts',
    http.route({ permission: 'accounts.manage' }, async (_req, res) => {
      res.send(200, { accounts: (await staff.accounts.list()).map(accountView) });
    }),
  );

  server.post(
    '/staff/api/accounts',
    http.route({ permission: 'accounts.manage' }, async (req, res, c) => {
      const body = await readJson(req, 8192);
      let communeId: string | null = null;
      const commune = text(body.commune).trim();
      if (commune) {
        const found = lookupCommune({ communes: [...deps.communes()], former_districts: {} }, commune);
        if (!found.ok) throw new HttpError(400, found.message, 'BadArgument');
        communeId = found.commune.id;
      }
      const account = await staff.service.create(actorOf(c.active.account, c.address), {
        username: text(body.username),
        role: text(body.role),
        communeId,
        password: text(body.password),
        ...(text(body.displayName).trim() ? { displayName: text(body.displayName) } : {}),
      });
      res.send(201, { account: accountView(account) });
    }),
  );

  for (const action of ['disable', 'enable'] as const) {
    server.post(
      `/staff/api/accounts/:username/${action}`,
      http.route({ permission: 'accounts.manage' }, async (req, res, c) => {
        const actor = actorOf(c.active.account, c.address);
        const username = param(req, 'username');
        const account = action === 'disable' ? await staff.service.disable(actor, username) : await staff.service.enable(actor, username);
        res.send(200, { account: accountView(account) });
      }),
    );
  }

  server.post(
    '/staff/api/accounts/:username/password',
    http.route({ permission: 'accounts.manage' }, async (req, res, c) => {
      const body = await readJson(req, 4096);
      const account = await staff.service.resetPassword(actorOf(c.active.account, c.address), param(req, 'username'), text(body.password));
      res.send(200, { account: accountView(account) });
    }),
  );

  server.get(
    '/staff/api/communes',
    http.route({}, async (_req, res) => {
      res.send(200, { communes: deps.communes().map((c) => ({ id: c.id, name: c.name })) });
    }),
  );
};

function badDate(field: string): never {
  throw new HttpError(400, staffMsg.badDate(field), 'BadArgument');
}
