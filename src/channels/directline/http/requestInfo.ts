/** What the server needs to know about where a request came from and how it was addressed. */
import type { Request } from 'restify';

/** `https://host` as the client reached us: PUBLIC_URL when configured (behind a proxy), else the request's Host. */
export function publicOrigin(req: Request, publicUrl?: string): string {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = req.headers.host ?? 'localhost';
  return `${req.isSecure() ? 'https' : 'http'}://${host}`;
}

/** Addresses resolved by {@link trustProxies}, per request. */
const resolved = new WeakMap<object, string>();

/**
 * The client's address: the socket peer, or, behind `TRUST_PROXY_HOPS` proxies, the X-Forwarded-For entry they
 * vouch for. Without that setting every citizen behind a load balancer would share its address and its limits.
 */
export function requestAddress(req: Request): string {
  return resolved.get(req) ?? req.socket?.remoteAddress ?? 'unknown';
}

/**
 * The address `hops` trusted proxies report: each proxy appends the peer it saw, so the client is the entry `hops`
 * from the right. Entries further left were written by the client itself and prove nothing. Falls back to the
 * socket peer when the header is missing or shorter than `hops`.
 */
export function forwardedAddress(peer: string, forwardedFor: string | string[] | undefined, hops: number): string {
  if (hops <= 0 || forwardedFor === undefined) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const chosen = entries[entries.length - hops];
  return chosen && chosen.length <= 64 ? chosen : peer;
}

/** Installs the address resolution for every request of `server` (once, in the composition of the server). */
export function trustProxies(server: { pre(handler: (req: Request, res: unknown, next: () => void) => void): unknown }, hops: number): void {
  if (hops <= 0) return;
  server.pre(function clientAddress(req: Request, _res: unknown, next: () => void) {
    resolved.set(req, forwardedAddress(req.socket?.remoteAddress ?? 'unknown', req.headers['x-forwarded-for'], hops));
    next();
  });
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** True for a request made on this machine and not relayed by a proxy (a proxy would add X-Forwarded-For). */
export function isLoopbackRequest(req: Request): boolean {
  return LOOPBACK.test(requestAddress(req)) && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}
