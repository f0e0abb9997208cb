/**
 * What every `/staff/api` route shares, so no route can forget a check:
 * 1. no session (or an expired one, or a disabled account) → 401;
 * 2. a state-changing request from another site (Origin) or without the session's CSRF token → 403;
 * 3. a role without the route's permission → 403;
 * then the handler. Errors become JSON `{ "error": { "code", "message" } }` in Vietnamese; only unexpected ones are
 * 500s, and those are logged without request bodies (which may hold citizens' text).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'restify';
import { HttpError, sendError } from '../../channels/directline/http/httpErrors';
import { requestAddress } from '../../channels/directline/http/requestInfo';
import { TicketNotFoundError } from '../../escalation/ticketRepository';
import type { Logger } from '../../logging';
import { AccountRuleError } from '../accountService';
import { staffMsg } from '../messages';
import type { ActiveSession, SessionRepository } from '../sessionRepository';
import { can, type Permission } from '../types';
import { readCookie, SESSION_COOKIE } from './cookies';

export const CSRF_HEADER = 'x-csrf-token';

export interface StaffContext {
  active: ActiveSession;
  /** The client's address (the socket peer, or what trusted proxies report: TRUST_PROXY_HOPS). */
  address: string;
}

export interface RouteOptions {
  /** Required permission; omitted for routes every signed-in account may use (session, own password). */
  permission?: Permission;
}

export type StaffHandler = (req: Request, res: Response, ctx: StaffContext) => Promise<void>;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function clientAddress(req: Request): string {
  // The same resolution as Direct Line: behind TRUST_PROXY_HOPS proxies, the address they report.
  return requestAddress(req);
}

/** Query parameters without relying on a global query parser (the server may or may not install one). */
export function queryOf(req: Request): URLSearchParams {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
}

export function param(req: Request, name: string): string {
  return String((req.params as Record<string, unknown> | undefined)?.[name] ?? '');
}

/**
 * A browser always sends `Origin` on cross-site POSTs. When present it must be this server (as the browser sees it:
 * the Host header, or PUBLIC_URL behind a proxy). Absent means a non-browser client, which the CSRF token covers.
 */
export function sameOrigin(req: Request, publicUrl?: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (publicUrl && new URL(publicUrl).host === host) return true;
  return host === req.headers.host;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON object. Read here rather than by a plugin so a bad body is answered like every other staff
 * error: not JSON → 415, broken or not an object → 400, too large → 413.
 */
export async function readJson(req: Request, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const existing: unknown = req.body;
  if (existing !== undefined && typeof existing === 'object' && existing !== null && !Buffer.isBuffer(existing)) {
    if (Array.isArray(existing)) throw new HttpError(400, staffMsg.badJson);
    return existing as Record<string, unknown>;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, staffMsg.badJson, 'UnsupportedMediaType');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > maxBytes) throw new HttpError(413, staffMsg.tooLarge, 'PayloadTooLarge');
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, staffMsg.badJson, 'BadJson');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, staffMsg.badJson, 'BadJson');
  return parsed as Record<string, unknown>;
}

/** A required text field of a JSON body, trimmed; a clear 400 when missing, empty or too long. */
export function textField(body: Record<string, unknown>, name: string, maxLength: number): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, staffMsg.emptyText, 'BadArgument');
  const text = value.normalize('NFC').trim();
  if (text.length > maxLength) throw new HttpError(400, staffMsg.textTooLong(maxLength), 'BadArgument');
  return text;
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface StaffHttpOptions {
  sessions: SessionRepository;
  logger: Logger;
  publicUrl?: string;
}

export class StaffHttp {
  constructor(private readonly o: StaffHttpOptions) {}

  /** A route for signed-in staff, with every check above. */
  route(options: RouteOptions, handler: StaffHandler): RequestHandler {
    return this.open(async (req, res) => {
      const token = readCookie(req, SESSION_COOKIE);
      const active = token ? await this.o.sessions.resolve(token) : undefined;
      if (!active) throw new HttpError(401, staffMsg.notSignedIn, 'NotSignedIn');
      if (STATE_CHANGING.has(req.method ?? '')) {
        if (!sameOrigin(req, this.o.publicUrl)) throw new HttpError(403, staffMsg.crossOrigin, 'CrossOrigin');
        const sent = req.header(CSRF_HEADER);
        if (!sent || !tokensEqual(sent, active.session.csrfToken)) throw new HttpError(403, staffMsg.csrfFailed, 'CsrfTokenInvalid');
      }
      if (options.permission && !can(active.account, options.permission)) throw new HttpError(403, staffMsg.forbidden, 'Forbidden');
      await handler(req, res, { active, address: clientAddress(req) });
    });
  }

  /** A route without a session (login): still JSON errors and no caching. */
  open(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
    const logger = this.o.logger;
    return async function staffRoute(req: Request, res: Response) {
      res.header('Cache-Control', 'no-store');
      res.header('X-Content-Type-Options', 'nosniff');
      try {
        await handler(req, res);
      } catch (err) {
        if (res.headersSent) {
          logger.warn({ err, path: req.path() }, 'staff request failed after the answer started');
          return;
        }
        const known = toHttpError(err);
        if (known) return sendError(res, known.status, known.message, known.code);
        logger.error({ err, method: req.method, path: req.path() }, 'staff request failed');
        sendError(res, 500, staffMsg.internal);
      }
    };
  }
}

function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof TicketNotFoundError) return new HttpError(404, staffMsg.ticketNotFound, 'TicketNotFound');
  if (err instanceof AccountRuleError) {
    const status = { invalid: 400, not_found: 404, conflict: 409 }[err.kind];
    return new HttpError(status, err.message, { invalid: 'BadArgument', not_found: 'NotFound', conflict: 'Conflict' }[err.kind]);
  }
  return undefined;
}
