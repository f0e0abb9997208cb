/**
 * Puts the Zalo channels on the server, each only when configured:
 * - OA (Open API v3): `POST /zalo/webhook`, on when ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY are set;
 * - Bot Platform: `POST /zalo-bot/webhook`, on when ZALO_BOT_TOKEN and ZALO_BOT_SECRET are set.
 * Half a configuration is an error that names what is missing, not a channel that silently does nothing.
 *
 * Also wires what the channels share: the durable send queue and its poll, the OA token keep-alive, the proactive
 * sender staff replies go through (registered with `ReplyDelivery` when given), attachments and contact details for
 * tickets, and hourly clean-up of what the channels keep.
 */
import type { TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { type Config, ConfigError } from '../../config';
import type { ReplyDelivery } from '../../escalation/replyDelivery';
import { TicketEvents } from '../../escalation/ticketEvents';
import type { TicketRepository } from '../../escalation/ticketRepository';
import type { Settings } from '../../knowledge/schema';
import type { Logger } from '../../logging';
import type { Database } from '../../storage/database';
import type { EventBus, Unsubscribe } from '../../storage/eventBus';
import { ZaloBotApi } from '../zalo-bot/botApi';
import { BOT_CHANNEL, BotTransport } from '../zalo-bot/botTransport';
import { BotWebhook } from '../zalo-bot/botWebhook';
import { ZaloBotAdapter } from '../zalo-bot/zaloBotAdapter';
import { ConversationRecords } from './conversations';
import { InboundLog } from './inboundLog';
import { ZaloOaApi } from './oaApi';
import { OA_CHANNEL, OaTransport } from './oaTransport';
import { OaWebhook } from './oaWebhook';
import { OfferStore } from './offers';
import { type FinalOutcome, OutboundQueue, type QueuedMessage } from './outboundQueue';
import { reasonFor, ZaloProactiveSender } from './proactiveSender';
import { TicketExtras } from './ticketExtras';
import { TokenManager } from './tokenManager';
import { ZaloAdapter } from './zaloAdapter';
import type { ZaloChannelAdapter } from './zaloChannelAdapter';

export const OA_WEBHOOK_PATH = '/zalo/webhook';
export const BOT_WEBHOOK_PATH = '/zalo-bot/webhook';

export interface ZaloRouteDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** The bot's turn handler. */
  bot: { run(context: TurnContext): Promise<void> };
  /** What a turn that throws does (the bot's apology and state reset); logged only when absent. */
  onTurnError?: (context: TurnContext, error: Error) => Promise<void>;
  /** Hotlines for answers the channel gives itself. */
  settings: () => Settings | undefined;
  /** With tickets, photos, locations and contact details are kept for the report being filed. */
  tickets?: TicketRepository;
  /** Tells the Zalo channels when a ticket is filed (to attach what was held for it). */
  events?: EventBus;
  /** Staff replies to Zalo tickets are sent through the channels' proactive sender once registered here. */
  replyDelivery?: Pick<ReplyDelivery, 'register'>;
  now?: () => number;
  /** Tests: a fetch to reach the fake Zalo, and shorter waits. */
  fetch?: typeof fetch;
  timings?: { queuePollMs?: number; tokenKeepAliveMs?: number; proactiveWaitMs?: number; housekeepingMs?: number };
}

export interface ZaloChannels {
  /** Channel ids that are on (`zalo-oa`, `zalo-bot`). */
  enabled: string[];
  queue?: OutboundQueue;
  oa?: { adapter: ZaloChannelAdapter; webhook: OaWebhook; tokens: TokenManager };
  bot?: { adapter: ZaloChannelAdapter; webhook: BotWebhook };
  sender?: ZaloProactiveSender;
  /** Waits until events being handled and messages being sent are done (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface OaSettings {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  seed?: { accessToken: string; refreshToken: string };
  apiBase: string;
  oauthBase: string;
}

/** The OA settings when the channel is configured; throws `ConfigError` naming what is missing from a partial one. */
export function zaloOaSettings(config: Config): OaSettings | undefined {
  const names = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_ACCESS_TOKEN', 'ZALO_REFRESH_TOKEN'] as const;
  if (!names.some((n) => config[n])) return undefined;
  const problems = (['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const)
    .filter((n) => !config[n])
    .map((n) => `${n}: cần có để bật kênh Zalo OA (các biến ZALO_* khác đã được đặt)`);
  if (Boolean(config.ZALO_ACCESS_TOKEN) !== Boolean(config.ZALO_REFRESH_TOKEN)) {
    problems.push('ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN: phải đặt cả hai (cặp token đầu tiên cấp cho OA), hoặc không đặt cái nào');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    appId: config.ZALO_APP_ID!,
    appSecret: config.ZALO_APP_SECRET!,
    oaSecretKey: config.ZALO_OA_SECRET_KEY!,
    ...(config.ZALO_ACCESS_TOKEN && config.ZALO_REFRESH_TOKEN
      ? { seed: { accessToken: config.ZALO_ACCESS_TOKEN, refreshToken: config.ZALO_REFRESH_TOKEN } }
      : {}),
    apiBase: config.ZALO_API_BASE,
    oauthBase: config.ZALO_OAUTH_BASE,
  };
}

/** The Bot Platform settings when configured; throws `ConfigError` when only one of the two is set. */
export function zaloBotSettings(config: Config): { token: string; secret: string; apiBase: string } | undefined {
  if (!config.ZALO_BOT_TOKEN && !config.ZALO_BOT_SECRET) return undefined;
  if (!config.ZALO_BOT_TOKEN || !config.ZALO_BOT_SECRET) {
    throw new ConfigError([
      `${config.ZALO_BOT_TOKEN ? 'ZALO_BOT_SECRET' : 'ZALO_BOT_TOKEN'}: cần có để bật kênh Zalo Bot (ZALO_BOT_TOKEN và ZALO_BOT_SECRET đi cùng nhau)`,
    ]);
  }
  return { token: config.ZALO_BOT_TOKEN, secret: config.ZALO_BOT_SECRET, apiBase: config.ZALO_BOT_API_BASE };
}

export function registerZaloRoutes(server: Server, deps: ZaloRouteDeps): ZaloChannels {
  const oaSettings = zaloOaSettings(deps.config);
  const botSettings = zaloBotSettings(deps.config);
  const { logger, db } = deps;
  logger.info({ 'zalo-oa': oaSettings ? 'bật' : 'tắt', 'zalo-bot': botSettings ? 'bật' : 'tắt' }, 'zalo channels');
  if (!oaSettings && !botSettings) {
    return { enabled: [], idle: async () => undefined, close: async () => undefined };
  }

  const now = deps.now ?? Date.now;
  const timings = deps.timings ?? {};
  const offers = new OfferStore(db, now);
  const inbound = new InboundLog(db, { now });
  const records = new ConversationRecords(db, now);
  const extras = deps.tickets ? new TicketExtras({ db, tickets: deps.tickets, logger, now, holdMs: 2 * 60 * 60_000 }) : undefined;
  const queue = new OutboundQueue({
    db,
    logger,
    now,
    ...(timings.queuePollMs ? { pollIntervalMs: timings.queuePollMs } : {}),
    onSettled: deps.tickets ? reportToTicket(deps.tickets) : undefined,
  });
  const botLogic = (context: TurnContext): Promise<void> => deps.bot.run(context);
  const onTurnError =
    deps.onTurnError ??
    (async (context: TurnContext, error: Error) => {
      logger.error({ err: error, channel: context.activity?.channelId, conversationId: context.activity?.conversation?.id }, 'bot turn failed');
    });
  const adapters = new Map<string, ZaloChannelAdapter>();
  const channels: ZaloChannels = {
    enabled: [],
    queue,
    idle: async () => {
      await Promise.all([channels.oa?.webhook.idle(), channels.bot?.webhook.idle()]);
      await queue.idle();
    },
    close: async () => undefined,
  };

  if (oaSettings) {
    const api = new ZaloOaApi({ ...oaSettings, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    const tokens = new TokenManager({ db, api, logger, account: `oa:${oaSettings.appId}`, now, ...(oaSettings.seed ? { seed: oaSettings.seed } : {}) });
    queue.register(new OaTransport({ api, tokens, offers, logger }));
    const adapter = new ZaloAdapter({ db, queue, offers, logger });
    adapter.onTurnError = onTurnError;
    const webhook = new OaWebhook({
      appId: oaSettings.appId,
      oaSecretKey: oaSettings.oaSecretKey,
      adapter,
      bot: botLogic,
      inbound,
      offers,
      records,
      ...(extras ? { extras } : {}),
      logger,
      serviceUrl: oaSettings.apiBase,
      now,
    });
    server.post(OA_WEBHOOK_PATH, webhook.handle);
    tokens.startKeepAlive(timings.tokenKeepAliveMs);
    // Says at start-up, not at the first citizen's message, when there is no usable token.
    void tokens.current().catch((err: unknown) => logger.error({ err }, 'zalo OA has no usable access token'));
    adapters.set(OA_CHANNEL, adapter);
    channels.oa = { adapter, webhook, tokens };
    channels.enabled.push(OA_CHANNEL);
  }

  if (botSettings) {
    const api = new ZaloBotApi({ apiBase: botSettings.apiBase, token: botSettings.token, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    queue.register(new BotTransport(api));
    const adapter = new ZaloBotAdapter({ db, queue, offers, logger });
    adapter.onTurnError = onTurnError;
    const webhook = new BotWebhook({
      secret: botSettings.secret,
      botId: api.botId,
      adapter,
      bot: botLogic,
      inbound,
      offers,
      records,
      settings: deps.settings,
      logger,
      serviceUrl: botSettings.apiBase,
      now,
    });
    server.post(BOT_WEBHOOK_PATH, webhook.handle);
    adapters.set(BOT_CHANNEL, adapter);
    channels.bot = { adapter, webhook };
    channels.enabled.push(BOT_CHANNEL);
  }

  const sender = new ZaloProactiveSender({ adapters, queue, now, ...(timings.proactiveWaitMs !== undefined ? { waitMs: timings.proactiveWaitMs } : {}) });
  channels.sender = sender;
  deps.replyDelivery?.register(sender.channels, sender);

  let unsubscribe: Unsubscribe | undefined;
  let closed = false;
  if (extras && deps.events) {
    const zaloChannels = new Set(channels.enabled);
    new TicketEvents(deps.events, logger)
      .subscribe((event) => extras.onTicketCreated(event, zaloChannels).then(() => undefined))
      .then((stop) => {
        if (closed) stop();
        else unsubscribe = stop;
      })
      .catch((err: unknown) => logger.error({ err }, 'zalo: could not follow ticket events'));
  }

  const housekeeping = setInterval(() => {
    void (async () => {
      await inbound.purgeOlderThan(3 * 24 * 60 * 60_000);
      await offers.purgeExpired();
      await queue.purgeSettled(30 * 24 * 60 * 60_000);
      await extras?.purgeExpired();
    })().catch((err: unknown) => logger.warn({ err }, 'zalo housekeeping failed'));
  }, timings.housekeepingMs ?? 60 * 60_000);
  housekeeping.unref();

  queue.start();
  channels.close = async () => {
    closed = true;
    clearInterval(housekeeping);
    channels.oa?.tokens.stop();
    unsubscribe?.();
    await Promise.all([channels.oa?.webhook.idle(), channels.bot?.webhook.idle()]);
    await queue.close();
  };
  return channels;
}

/** A staff reply's final outcome, written to its ticket (covers replies sent after `ReplyDelivery` stopped waiting). */
function reportToTicket(tickets: Pick<TicketRepository, 'markDelivery'>) {
  return async (message: QueuedMessage, outcome: FinalOutcome): Promise<void> => {
    if (message.ticketMessageId === null) return;
    if (outcome.kind === 'sent') await tickets.markDelivery(message.ticketMessageId, 'delivered');
    else await tickets.markDelivery(message.ticketMessageId, 'failed', reasonFor({ errorCode: outcome.code, lastError: outcome.message }));
  };
}
