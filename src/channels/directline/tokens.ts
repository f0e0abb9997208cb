/**
 * Direct Line tokens: compact HS256 JWTs bound to one conversation. A token lets its holder use that conversation
 * and nothing else; a stream token (audience `stream`) only opens that conversation's WebSocket, and lives briefly
 * because it travels in a URL, where proxies and browsers may record it.
 *
 * The user id lives in `sub`, not `user`: botframework-directlinejs reads a `user` claim and would then ignore the
 * user id Web Chat sets, printing a warning in the browser console.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenAudience = 'conversation' | 'stream';

export interface TokenClaims {
  /** Conversation id the token is bound to. */
  conv: string;
  /** User id the server stamps on every activity posted with this token. */
  sub: string;
  aud: TokenAudience;
  /** Seconds since epoch, as in every JWT. */
  iat: number;
  exp: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-audience' };

const ISSUER = 'donghanh-directline';
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export interface TokenSignerOptions {
  /** Secret key; at least 32 bytes of entropy. */
  key: string | Buffer;
  /** Seconds a conversation token stays valid; the client refreshes it every 15 minutes. */
  conversationTtlSeconds?: number;
  streamTtlSeconds?: number;
  now?: () => number;
}

export class TokenSigner {
  readonly conversationTtlSeconds: number;
  private readonly streamTtlSeconds: number;
  private readonly now: () => number;
  private readonly key: Buffer;

  constructor(options: TokenSignerOptions) {
    this.key = Buffer.isBuffer(options.key) ? options.key : Buffer.from(options.key, 'utf8');
    if (this.key.length < 16) throw new Error('Khóa ký token Direct Line quá ngắn (cần ít nhất 16 byte).');
    this.conversationTtlSeconds = options.conversationTtlSeconds ?? 1800;
    this.streamTtlSeconds = options.streamTtlSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  issue(conversationId: string, userId: string, audience: TokenAudience = 'conversation'): string {
    const iat = Math.floor(this.now() / 1000);
    const ttl = audience === 'stream' ? this.streamTtlSeconds : this.conversationTtlSeconds;
    const claims = { iss: ISSUER, aud: audience, conv: conversationId, sub: userId, iat, exp: iat + ttl };
    const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return `${body}.${this.sign(body)}`;
  }

  verify(token: string, audience: TokenAudience = 'conversation'): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
    let claims: Partial<TokenClaims> & { iss?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.iss !== ISSUER || typeof claims.conv !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.aud !== audience) return { ok: false, reason: 'wrong-audience' };
    if (claims.exp * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: claims as TokenClaims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
