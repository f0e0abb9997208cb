/** The console's session cookie: read from `Cookie`, written as `Set-Cookie` with the attributes issue 4 requires. */
import type { Request } from 'restify';

export const SESSION_COOKIE = 'donghanh_staff';
/** Only the console's pages and API receive the cookie; the citizen pages never do. */
const COOKIE_PATH = '/staff';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** True when the browser reached us over HTTPS, directly or through a proxy that says so. */
export function isHttps(req: Request, publicUrl?: string): boolean {
  if (req.isSecure()) return true;
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  if (proto === 'https') return true;
  return publicUrl?.startsWith('https://') ?? false;
}

/**
 * HttpOnly: page scripts cannot read it (an injected script cannot steal the session). SameSite=Strict: another site
 * cannot make the browser send it. Secure behind HTTPS, so it never travels in clear text there.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
