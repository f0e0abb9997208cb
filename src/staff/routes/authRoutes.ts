/**
 * Signing in and out, the current session, and changing one's own password.
 *   POST /staff/api/login     { username, password } → 200 { user, csrfToken } + session cookie
 *   POST /staff/api/logout    → 204, cookie cleared
 *   GET  /staff/api/session   → 200 { user, csrfToken } (401 when not signed in)
 *   POST /staff/api/me/password { current, next } → 204
 */
import type { Request, Response } from 'restify';
import { HttpError } from '../../channels/directline/http/httpErrors';
import { clearedSessionCookie, isHttps, sessionCookie } from '../http/cookies';
import { clientAddress, readJson, sameOrigin } from '../http/staffHttp';
import { staffMsg } from '../messages';
import { DEFAULT_SESSION_POLICY } from '../sessionRepository';
import { permissionsOf, ROLE_LABELS, type StaffAccount } from '../types';
import type { RouteModule } from './context';

export function userView(account: StaffAccount, communeName: (id: string) => string) {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    roleLabel: ROLE_LABELS[account.role],
    communeId: account.communeId,
    communeName: account.communeId ? communeName(account.communeId) : null,
    permissions: permissionsOf(account.role),
  };
}

export const authRoutes: RouteModule = (server, ctx) => {
  const { http, staff, deps } = ctx;
  const policy = deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;

  server.post(
    '/staff/api/login',
    http.open(async (req: Request, res: Response) => {
      // No session yet, so no CSRF token: a cross-site form is stopped by Origin and by requiring a JSON body
      // (which a form cannot send without a CORS preflight this server never grants).
      if (!sameOrigin(req, deps.publicUrl)) throw new HttpError(403, staffMsg.crossOrigin, 'CrossOrigin');
      const body = await readJson(req, 4096);
      const username = typeof body.username === 'string' ? body.username : '';
      const password = typeof body.password === 'string' ? body.password : '';
      if (!username.trim() || !password) throw new HttpError(400, staffMsg.missingCredentials, 'BadArgument');
      const outcome = await staff.service.login(username, password.slice(0, 1000), clientAddress(req));
      if (!outcome.ok) {
        if (outcome.reason === 'invalid') throw new HttpError(401, staffMsg.badCredentials, 'BadCredentials');
        res.header('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
        const message = outcome.reason === 'account_locked' ? staffMsg.accountLocked(outcome.retryAfterMs) : staffMsg.addressLimited(outcome.retryAfterMs);
        throw new HttpError(429, message, outcome.reason === 'account_locked' ? 'AccountLocked' : 'TooManyAttempts');
      }
      res.header('Set-Cookie', sessionCookie(outcome.token, policy.absoluteMs / 1000, isHttps(req, deps.publicUrl)));
      res.send(200, { user: userView(outcome.account, ctx.communeName), csrfToken: outcome.session.csrfToken });
    }),
  );

  server.post(
    '/staff/api/logout',
    http.route({}, async (req, res, { active, address }) => {
      await staff.service.logout(active, address);
      res.header('Set-Cookie', clearedSessionCookie(isHttps(req, deps.publicUrl)));
      res.send(204);
    }),
  );

  server.get(
    '/staff/api/session',
    http.route({}, async (_req, res, { active }) => {
      res.send(200, {
        user: userView(active.account, ctx.communeName),
        csrfToken: active.session.csrfToken,
        expiresAt: active.session.expiresAt,
      });
    }),
  );

  server.post(
    '/staff/api/me/password',
    http.route({}, async (req, res, { active, address }) => {
      const body = await readJson(req, 4096);
      const current = typeof body.current === 'string' ? body.current : '';
      const next = typeof body.next === 'string' ? body.next : '';
      await staff.service.changeOwnPassword(active, current, next, address);
      res.send(204);
    }),
  );
};
