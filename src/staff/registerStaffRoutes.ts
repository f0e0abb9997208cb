/**
 * Mounts the staff console on a restify server: the page at `/staff` and the JSON API under `/staff/api/`
 * (documented in `src/staff/API.md`). The one function the composition root calls; `close()` must run before the
 * HTTP server closes, since live-queue streams would otherwise hold it open.
 */
import type { Server } from 'restify';
import { StaffHttp } from './http/staffHttp';
import { LiveQueue } from './liveQueue';
import { adminRoutes } from './routes/adminRoutes';
import { authRoutes } from './routes/authRoutes';
import { mountConsolePage } from './routes/consolePage';
import type { RouteContext, StaffRouteDeps } from './routes/context';
import { knowledgeRoutes } from './routes/knowledgeRoutes';
import { scamIndicatorRoutes } from './routes/scamIndicatorRoutes';
import { ticketRoutes } from './routes/ticketRoutes';
import { createStaffServices, type StaffServices } from './staffServices';

export type { StaffRouteDeps } from './routes/context';

export interface StaffRoutes {
  /** Accounts, sessions, audit: for tests and tools that run next to the server. */
  services: StaffServices;
  /** Ends live-queue streams and housekeeping. */
  close(): Promise<void>;
}

const HOUSEKEEPING_MS = 60 * 60_000;

export function registerStaffRoutes(server: Server, deps: StaffRouteDeps): StaffRoutes {
  for (const key of ['db', 'events', 'tickets', 'ticketEvents', 'logger', 'knowledgeDir', 'communes'] as const) {
    if (!deps?.[key]) throw new Error(`[registerStaffRoutes]: Missing parameter "${key}"`);
  }
  const now = deps.now ?? Date.now;
  const communeName = (id: string): string => deps.communes().find((c) => c.id === id)?.name ?? id;
  const staff = createStaffServices(deps.db, {
    communeExists: (id) => deps.communes().some((c) => c.id === id),
    now,
    ...(deps.sessionPolicy ? { sessionPolicy: deps.sessionPolicy } : {}),
    ...(deps.throttlePolicy ? { throttlePolicy: deps.throttlePolicy } : {}),
    ...(deps.hashParams ? { hashParams: deps.hashParams } : {}),
  });
  const http = new StaffHttp({
    sessions: staff.sessions,
    logger: deps.logger,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
  });
  const live = new LiveQueue({
    ticketEvents: deps.ticketEvents,
    bus: deps.events,
    logger: deps.logger,
    ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
  });
  const ctx: RouteContext = {
    deps,
    http,
    staff,
    live,
    now,
    communeName,
    audit: async (actor, entry) => {
      try {
        await staff.audit.record(actor, entry);
      } catch (err) {
        deps.logger.error({ err, action: entry.action, staffId: actor.staffId }, 'audit log write failed');
      }
    },
  };

  mountConsolePage(server);
  authRoutes(server, ctx);
  ticketRoutes(server, ctx);
  knowledgeRoutes(server, ctx);
  scamIndicatorRoutes(server, ctx);
  adminRoutes(server, ctx);

  // Expired sessions are refused anyway; this only keeps the tables small.
  const housekeeping = setInterval(() => {
    void Promise.all([staff.sessions.deleteExpired(), staff.throttle.deleteStale()]).catch((err: unknown) =>
      deps.logger.warn({ err }, 'staff housekeeping failed'),
    );
  }, HOUSEKEEPING_MS);
  housekeeping.unref();

  return {
    services: staff,
    async close() {
      clearInterval(housekeeping);
      await live.close();
    },
  };
}
