/**
 * Assembles the self-hosted Direct Line on a restify server: token signing key (configured, or created once per
 * database), conversation store, protocol service, HTTP routes and the WebSocket stream.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import type { Database } from '../../storage/database';
import type { EventBus } from '../../storage/eventBus';
import type { Logger } from '../../logging';
import { ActivityStream } from './activityStream';
import { ConversationStore } from './conversationStore';
import { DirectLineService, type BotConnector } from './directLineService';
import { RateLimiter } from './rateLimiter';
import { mountDirectLine } from './routes';
import { TokenSigner } from './tokens';

export { inProcessBot } from './inProcessBot';
export { InProcessCloudAdapter, type LocalChannel } from './inProcessAdapter';
export type { BotConnector } from './directLineService';

export interface DirectLineDeps {
  db: Database;
  /** The database's own bus (on PostgreSQL the history's trigger notifies on the channel that bus listens on). */
  events: EventBus;
  bot: BotConnector;
  logger: Logger;
  /** Where the bot sends replies: this server's own address as seen from this machine. */
  serviceUrl: () => string;
  botAccount: { id: string; name: string };
  secret?: string;
  /** Signing key for tokens: from configuration, or from {@link resolveTokenKey}. */
  tokenKey: string;
  publicUrl?: string;
  maskText?: (text: string) => string;
  /** Anonymous tokens per client address per window (defaults: 30 per 10 minutes). */
  tokenRateLimit?: { limit: number; windowMs: number };
  /** Activities per conversation per window (defaults: 30 per minute). */
  postRateLimit?: { limit: number; windowMs: number };
  /** Activities per client address per window (default: 600 per minute; many phones share a carrier address). */
  addressPostRateLimit?: { limit: number; windowMs: number };
  /** Told about every request a limit refused (metrics). */
  onThrottled?: (limit: 'tokens' | 'messages') => void;
}

export interface DirectLine {
  service: DirectLineService;
  stream: ActivityStream;
  close(): Promise<void>;
}

/** The configured key, or the one kept in the database (created on first start), so tokens survive restarts. */
export async function resolveTokenKey(db: Database, configured?: string): Promise<string> {
  return configured ?? new ConversationStore(db).signingKey(() => randomBytes(32).toString('base64url'));
}

export function createDirectLine(server: Server, deps: DirectLineDeps): DirectLine {
  const store = new ConversationStore(deps.db, { events: deps.events });
  const service = new DirectLineService({
    store,
    signer: new TokenSigner({ key: deps.tokenKey }),
    bot: deps.bot,
    serviceUrl: deps.serviceUrl,
    botAccount: deps.botAccount,
    logger: deps.logger,
    ...(deps.maskText ? { maskText: deps.maskText } : {}),
  });
  mountDirectLine(server, {
    service,
    logger: deps.logger,
    ...(deps.secret ? { secret: deps.secret } : {}),
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    tokenLimiter: new RateLimiter(deps.tokenRateLimit ?? { limit: 30, windowMs: 10 * 60_000 }),
    postLimiter: new RateLimiter(deps.postRateLimit ?? { limit: 30, windowMs: 60_000 }),
    addressPostLimiter: new RateLimiter(deps.addressPostRateLimit ?? { limit: 600, windowMs: 60_000 }),
    ...(deps.onThrottled ? { onThrottled: deps.onThrottled } : {}),
  });
  const stream = new ActivityStream({ service, store, events: deps.events, logger: deps.logger });
  stream.attach(server.server);
  return { service, stream, close: () => stream.close() };
}
