/**
 * The HTTP server. `createServer(deps)` builds restify with every route from collaborators it is given (tests pass
 * fakes and listen on port 0); `startServer(config)` is the composition root that opens the database, loads the
 * knowledge, builds the bot and the self-hosted Direct Line, listens, and shuts down cleanly on SIGTERM.
 *
 * Every error answer is JSON; bad input gets a 4xx, never a 500 or a crash.
 */
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type TurnContext,
} from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import { DongHanhBot } from './bot/dongHanhBot';
import { serializeTurnsAcrossInstances, storageKeysOf } from './bot/crossInstanceTurns';
import { FeedbackRepository } from './bot/feedbackRepository';
import { createOnTurnError } from './bot/onTurnError';
import { warmUp } from './bot/warmUp';
import { createDirectLine, inProcessBot, InProcessCloudAdapter, resolveTokenKey, type DirectLine } from './channels/directline';
import { HttpError, installErrorFormatting, sendError } from './channels/directline/http/httpErrors';
import { jsonBody } from './channels/directline/http/jsonBody';
import { trustProxies } from './channels/directline/http/requestInfo';
import { mountWebPages } from './channels/directline/webPages';
import { registerZaloRoutes, type ZaloChannels, type ZaloRouteDeps } from './channels/zalo-oa/registerZaloRoutes';
import type { Config } from './config';
import { EscalationDialog } from '../dialogs/escalationDialog';
import { CommuneMatcher } from './escalation/communeMatcher';
import { maskSecrets } from './escalation/masking';
import { createEscalation } from './escalation/wiring';
import type { KnowledgeBase } from './knowledge/knowledgeBase';
import { KnowledgeStore } from './knowledge/watcher';
import { createLogger, type Logger } from './logging';
import { createMatcher } from './matching';
import {
  AppMetrics,
  instrumentedZaloFetch,
  instrumentMatcher,
  instrumentTickets,
  instrumentTurns,
  registerDatabaseGauges,
} from './metrics';
import { BotStateStorage } from './storage/botStateStorage';
import { ConversationLeases } from './storage/conversationLeases';
import type { Database } from './storage/database';
import type { EventBus } from './storage/eventBus';
import { openDatabase } from './storage/openDatabase';
import { openScamService, type ScamService } from './scam/scamService';
import { registerStaffRoutes, type StaffRouteDeps } from './staff/registerStaffRoutes';

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface ServerDeps {
  config: Config;
  logger: Logger;
  adapter: CloudAdapter;
  bot: TurnRunner;
  db: Database;
  events: EventBus;
  /** The knowledge being served; undefined until loaded (then `/readyz` says not ready). */
  knowledge: () => KnowledgeBase | undefined;
  directLineTokenKey: string;
  /** Masks secrets in what citizens type before the Direct Line history stores it. */
  maskText?: (text: string) => string;
  /** Overrides the limits from the configuration (RATE_LIMIT_*). */
  directLineLimits?: {
    token?: { limit: number; windowMs: number };
    post?: { limit: number; windowMs: number };
    postPerAddress?: { limit: number; windowMs: number };
  };
  /** Served at `GET /metrics` when given (and METRICS_ENABLED). */
  metrics?: AppMetrics;
  /** For `/readyz`: the last knowledge reload, when a reload failed and older knowledge is still served. */
  knowledgeReload?: () => { ok: boolean; at: number; problems: number } | undefined;
  /** Largest JSON body accepted on `/api/messages` (bytes). */
  maxBodyBytes?: number;
  /** Escalation pieces the Zalo channels use: tickets (attachments, contact details) and staff replies over Zalo. */
  zalo?: Pick<ZaloRouteDeps, 'tickets' | 'replyDelivery' | 'fetch' | 'timings'>;
  /** The staff console (`/staff`, `/staff/api`); mounted when given. Other fields override the defaults (tests). */
  staff?: Pick<StaffRouteDeps, 'tickets' | 'ticketEvents' | 'delivery'> & Partial<StaffRouteDeps>;
}

export interface AppServer {
  readonly server: restify.Server;
  readonly directLine: DirectLine;
  /** The Zalo channels that are configured (none by default). */
  readonly zalo: ZaloChannels;
  /** Listens and resolves with the base URL (`http://127.0.0.1:<port>`). */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting requests, closes Direct Line sockets, waits for open requests to finish. */
  close(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 2000;

export function createServer(deps: ServerDeps): AppServer {
  for (const key of ['config', 'logger', 'adapter', 'bot', 'db', 'events', 'knowledge', 'directLineTokenKey'] as const) {
    if (!deps?.[key]) throw new Error(`[createServer]: Missing parameter "${key}"`);
  }
  const { config, logger } = deps;
  const server = restify.createServer({ name: 'donghanh', handleUncaughtExceptions: false });
  let closing = false;
  installErrorFormatting(server, logger);
  trustProxies(server, config.TRUST_PROXY_HOPS);
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', async function healthz(_req: Request, res: Response) {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async function readyz(_req: Request, res: Response) {
    const kb = deps.knowledge();
    const checks = { knowledge: kb ? 'ok' : 'chưa nạp', database: 'ok' };
    const started = Date.now();
    try {
      await withTimeout(deps.db.ping(), READINESS_TIMEOUT_MS);
    } catch (err) {
      logger.warn({ err }, 'readiness: database unreachable');
      checks.database = 'không kết nối được';
    }
    const ready = !closing && checks.knowledge === 'ok' && checks.database === 'ok';
    const reload = deps.knowledgeReload?.();
    res.header('Cache-Control', 'no-store');
    res.send(ready ? 200 : 503, {
      status: ready ? 'ready' : closing ? 'shutting-down' : 'not-ready',
      checks,
      // Details for operators; `checks` alone decides readiness.
      knowledge: kb
        ? {
            entries: kb.entries.length,
            communes: kb.communes.communes.length,
            loadedAt: new Date(kb.loadedAt).toISOString(),
            ...(reload && !reload.ok ? { lastReloadFailed: { at: new Date(reload.at).toISOString(), problems: reload.problems } } : {}),
          }
        : null,
      database: { dialect: deps.db.dialect, ...(checks.database === 'ok' ? { pingMs: Date.now() - started } : {}), events: eventsState(deps.events) },
    });
  });

  if (deps.metrics && config.METRICS_ENABLED) {
    const metrics = deps.metrics;
    server.get('/metrics', async function prometheusMetrics(_req: Request, res: Response) {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    });
  }

  if (config.DONGHANH_DEBUG_ENDPOINTS) {
    // Test builds only (fuzz and leak tests measure the server from outside): never enabled by default.
    server.get('/debug/memory', async function debugMemory(_req: Request, res: Response) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      res.send(200, { ...process.memoryUsage(), gcForced: Boolean(gc) });
    });
  }

  const authEnabled = Boolean(config.MicrosoftAppId);
  server.post('/api/messages', jsonBody({ maxBytes: deps.maxBodyBytes ?? 256 * 1024 }), async function botMessages(req: Request, res: Response) {
    const problem = checkIncomingActivity(req.body, authEnabled);
    if (problem) return sendError(res, problem.status, problem.message);
    await processWithJsonErrors(deps, req, res);
  });

  let baseUrl = '';
  const directLine = createDirectLine(server, {
    db: deps.db,
    events: deps.events,
    bot: inProcessBot(deps.adapter, deps.bot),
    logger,
    serviceUrl: () => baseUrl,
    botAccount: { id: 'donghanh-bot', name: deps.knowledge()?.settings.bot.name ?? 'Đồng hành' },
    tokenKey: deps.directLineTokenKey,
    ...(config.DIRECTLINE_SECRET ? { secret: config.DIRECTLINE_SECRET } : {}),
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    ...(deps.maskText ? { maskText: deps.maskText } : {}),
    tokenRateLimit: deps.directLineLimits?.token ?? { limit: config.RATE_LIMIT_TOKENS_PER_ADDRESS, windowMs: 10 * 60_000 },
    postRateLimit: deps.directLineLimits?.post ?? { limit: config.RATE_LIMIT_MESSAGES_PER_CONVERSATION, windowMs: 60_000 },
    addressPostRateLimit: deps.directLineLimits?.postPerAddress ?? { limit: config.RATE_LIMIT_MESSAGES_PER_ADDRESS, windowMs: 60_000 },
    ...(deps.metrics ? { onThrottled: (limit: 'tokens' | 'messages') => deps.metrics!.throttled.inc({ limit }) } : {}),
  });
  // Our own bot's replies to Web Chat (and staff replies sent through it) skip the loopback HTTP callback.
  if (deps.adapter instanceof InProcessCloudAdapter) deps.adapter.connectLocalChannel(directLine.service);
  deps.metrics?.gauge('donghanh_directline_open_streams', 'Web Chat streams (WebSockets) open on this instance', [], (g) => {
    g.set(directLine.stream.openSockets);
  });

  mountWebPages(server, {
    settings: () => {
      const settings = deps.knowledge()?.settings;
      return {
        botName: settings?.bot.name ?? 'Đồng hành',
        tagline: settings?.bot.tagline ?? 'Trợ lý hướng dẫn thủ tục hành chính, VNeID và cảnh báo lừa đảo',
        province: settings?.province.name ?? '',
      };
    },
    logger,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
  });

  // Zalo OA and Zalo Bot webhooks, each only when configured (they read their own raw bodies for the signature).
  const zalo = registerZaloRoutes(server, {
    config,
    db: deps.db,
    events: deps.events,
    logger,
    bot: deps.bot,
    onTurnError: deps.adapter.onTurnError,
    settings: () => deps.knowledge()?.settings,
    ...deps.zalo,
  });

  // The staff console and its JSON API; `staff.close()` ends live-queue streams, which would hold the server open.
  const staff = deps.staff
    ? registerStaffRoutes(server, {
        db: deps.db,
        events: deps.events,
        logger,
        knowledgeDir: config.KNOWLEDGE_DIR,
        communes: () => deps.knowledge()?.communes.communes ?? [],
        ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
        ...deps.staff,
      })
    : undefined;

  return {
    server,
    directLine,
    zalo,
    async listen(port: number, host?: string): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      // The bot calls back on loopback: it runs in this process, and a public URL may not be reachable from inside.
      baseUrl = `http://127.0.0.1:${address.port}`;
      return baseUrl;
    },
    async close(): Promise<void> {
      closing = true;
      await zalo.close();
      await staff?.close();
      await directLine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Problem {
  status: number;
  message: string;
}

/** The minimum CloudAdapter needs to process an activity and reply; anything less is a 400, not a crash. */
export function checkIncomingActivity(body: unknown, authEnabled: boolean): Problem | undefined {
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type.trim() === '') return { status: 400, message: 'Hoạt động thiếu trường "type".' };
  const conversation = a.conversation as Record<string, unknown> | undefined;
  if (typeof conversation?.id !== 'string' || conversation.id === '') {
    return { status: 400, message: 'Hoạt động thiếu "conversation.id".' };
  }
  if (typeof a.channelId !== 'string' || a.channelId === '') return { status: 400, message: 'Hoạt động thiếu "channelId".' };
  for (const account of ['from', 'recipient'] as const) {
    const value = a[account] as Record<string, unknown> | undefined;
    if (typeof value !== 'object' || value === null || typeof value.id !== 'string' || value.id === '') {
      return { status: 400, message: `Hoạt động thiếu "${account}.id".` };
    }
  }
  let serviceUrl: URL;
  try {
    serviceUrl = new URL(String(a.serviceUrl));
  } catch {
    return { status: 400, message: 'Hoạt động thiếu "serviceUrl" hợp lệ.' };
  }
  if (serviceUrl.protocol !== 'http:' && serviceUrl.protocol !== 'https:') {
    return { status: 400, message: '"serviceUrl" phải là địa chỉ http hoặc https.' };
  }
  // Without app credentials nobody is authenticated: replying to any URL a caller names would let anyone make
  // this server send requests on their behalf. Locally (Emulator, this server's Direct Line) replies stay on this machine.
  if (!authEnabled && !isLoopbackHost(serviceUrl.hostname)) {
    return {
      status: 403,
      message: 'Chưa cấu hình MicrosoftAppId: bot chỉ nhận tin từ kênh chạy trên chính máy này (Bot Framework Emulator, Direct Line nội bộ).',
    };
  }
  return undefined;
}

/** How the event bus stands, for `/readyz`: PostgreSQL's listener may be reconnecting after a dropped connection. */
function eventsState(events: EventBus): string {
  const listening = (events as { listening?: unknown }).listening;
  if (typeof listening !== 'boolean') return 'trong tiến trình';
  return listening ? 'đang nghe' : 'chưa nghe hoặc đang kết nối lại';
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Runs CloudAdapter on a stand-in response so its plain-text errors (401 from authentication, 400 for a body it
 * cannot parse) reach the client in our JSON shape, and so its input validation errors are 400s, not crashes.
 */
async function processWithJsonErrors(deps: ServerDeps, req: Request, res: Response): Promise<void> {
  const captured: { status: number; body?: unknown } = { status: 200 };
  const stand = {
    socket: req.socket,
    status(code: number) {
      captured.status = code;
    },
    send(body: unknown) {
      captured.body = body;
    },
    header() {
      return undefined;
    },
    end() {
      return undefined;
    },
  };
  try {
    await deps.adapter.process(req, stand, (context) => deps.bot.run(context));
  } catch (err) {
    if ((err as Error)?.name === 'ZodError') return sendError(res, 400, 'Hoạt động có trường sai kiểu dữ liệu.');
    deps.logger.error({ err }, 'bot adapter failed');
    return sendError(res, 500);
  }
  if (captured.status >= 400) {
    if (captured.status >= 500) deps.logger.error({ status: captured.status }, 'bot adapter answered with an error');
    return sendError(res, captured.status, captured.status === 401 ? 'Yêu cầu không được xác thực với thông tin ứng dụng của bot.' : undefined);
  }
  if (captured.body === undefined) {
    res.send(captured.status);
  } else {
    res.send(captured.status, captured.body);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HttpError(503, 'quá thời gian chờ')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface StartOptions {
  /** The interface to listen on; every interface when omitted (what `donghanh serve` does). Tests pass 127.0.0.1. */
  host?: string;
}

/** The running composition root: its own URL, and a `close()` that releases everything it opened, not only HTTP. */
export interface StartedServer extends AppServer {
  readonly url: string;
}

/** The composition root: everything real, wired once. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<StartedServer> {
  const logger = createLogger({ level: config.LOG_LEVEL });
  const db = await openDatabase(config.DATABASE_URL, {
    poolSize: config.DATABASE_POOL_SIZE,
    onError: (err, context) => logger.error({ err, context }, 'storage error'),
  });
  const metrics = new AppMetrics();
  registerDatabaseGauges(metrics, db, logger);
  let knowledgeStore: KnowledgeStore;
  try {
    knowledgeStore = await KnowledgeStore.open(config.KNOWLEDGE_DIR, {
      logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const matcher = knowledgeStore.derive((kb) => instrumentMatcher(createMatcher(kb), metrics));
  let lastReload: { ok: boolean; at: number; problems: number } | undefined;
  knowledgeStore.onReload((outcome) => {
    lastReload = { ok: outcome.ok, at: Date.now(), problems: outcome.problems.filter((p) => p.severity === 'error').length };
  });

  const storage = new BotStateStorage(db);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const adapter = new InProcessCloudAdapter(new ConfigurationBotFrameworkAuthentication(botFrameworkSettings(config)), {
    botAppId: config.MicrosoftAppId ?? '',
  });
  adapter.onTurnError = createOnTurnError({ conversationState, logger });

  // Escalation: tickets (with live events for staff consoles), replies delivered back into the citizen's conversation.
  let ownUrl: string | undefined;
  const communes = knowledgeStore.derive((kb) => new CommuneMatcher(kb.communes));
  const communeMatcher = (): CommuneMatcher => knowledgeStore.snapshot().get(communes);
  const escalation = createEscalation({
    db,
    events: db.events,
    adapter,
    botAppId: config.MicrosoftAppId ?? '',
    provinceCode: knowledgeStore.knowledge.settings.province.code,
    communeName: (id) => communeMatcher().byId(id)?.name ?? id,
    directLineServiceUrl: () => ownUrl,
    logger,
  });
  // Counted where they happen: tickets filed by the dialog, first replies entered in the console.
  const tickets = instrumentTickets(escalation.tickets, metrics);
  const forwardDialog = new EscalationDialog({
    tickets,
    communes: communeMatcher,
    settings: () => knowledgeStore.knowledge.settings,
    logger,
  });

  // "Is this a scam?": the rules in knowledge/scam, plus the numbers and domains staff confirmed (kept in step across instances).
  let scam: ScamService;
  try {
    scam = await openScamService({ knowledgeDir: config.KNOWLEDGE_DIR, db, events: db.events, logger });
  } catch (err) {
    await knowledgeStore.close();
    await db.close();
    throw err;
  }
  // Trainers' edits to knowledge/scam/*.yaml take effect like the entries' (invalid rules are refused and logged).
  knowledgeStore.onReload(() => void scam.reloadRules());

  const botKnowledge = () => {
    const snapshot = knowledgeStore.snapshot();
    return { knowledge: snapshot.knowledge, matcher: snapshot.get(matcher) };
  };
  const bot = new DongHanhBot({
    knowledge: botKnowledge,
    conversationState,
    userState,
    feedback: new FeedbackRepository(db),
    logger,
    forwardDialog,
    scamChecker: scam.checker,
  });

  // Before listening, so even the first citizen's first question is answered at full speed.
  await warmUp(botKnowledge);

  // Several instances can only share PostgreSQL: there, a conversation's turns also wait for each other across instances.
  const turns =
    db.dialect === 'postgres'
      ? serializeTurnsAcrossInstances(bot, new ConversationLeases(db), storage, { logger, stateKeys: storageKeysOf([conversationState, userState]) })
      : bot;
  const app = createServer({
    config,
    logger,
    adapter,
    bot: instrumentTurns(turns, metrics),
    db,
    events: db.events,
    knowledge: () => knowledgeStore.knowledge,
    directLineTokenKey: await resolveTokenKey(db, config.DIRECTLINE_TOKEN_KEY),
    maskText: (text) => maskSecrets(text).text,
    zalo: {
      tickets,
      replyDelivery: escalation.delivery,
      fetch: instrumentedZaloFetch(metrics, { oa: config.ZALO_API_BASE, oauth: config.ZALO_OAUTH_BASE, bot: config.ZALO_BOT_API_BASE }),
    },
    staff: { tickets, ticketEvents: escalation.ticketEvents, delivery: escalation.delivery, scamReports: scam.reports },
    metrics,
    knowledgeReload: () => lastReload,
  });
  try {
    ownUrl = await app.listen(config.PORT, options.host);
  } catch (err) {
    // Port taken, say: release the database and the folder watcher, or the process would linger without serving.
    await app.close().catch(() => undefined);
    scam.close();
    await knowledgeStore.close();
    await db.close();
    throw err;
  }
  // The real port (PORT=0 asks the system for a free one).
  const port = Number(new URL(ownUrl).port);
  logger.info({ port }, 'server listening');
  // Staff replies saved while the previous process was stopping were never sent: send them now.
  void escalation.delivery.deliverPending().catch((err: unknown) => logger.warn({ err }, 'pending staff replies not delivered'));
  process.stderr.write(`Đồng hành đang chạy tại http://localhost:${port}/\n`);

  const closeAll = async (): Promise<void> => {
    process.removeListener('SIGTERM', onSigterm);
    process.removeListener('SIGINT', onSigint);
    await app.close();
    scam.close();
    await knowledgeStore.close();
    await db.close();
  };
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A request that never finishes must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void (async () => {
      try {
        await closeAll();
        logger.info('stopped');
        logger.flush();
        process.exitCode = 0;
      } catch (err) {
        logger.error({ err }, 'shutdown failed');
        process.exitCode = 1;
      } finally {
        clearTimeout(force);
      }
    })();
  };
  const onSigterm = (): void => shutdown('SIGTERM');
  const onSigint = (): void => shutdown('SIGINT');
  process.once('SIGTERM', onSigterm);
  process.once('SIGINT', onSigint);
  return { ...app, url: ownUrl, close: closeAll };
}

/** Only the Bot Framework settings, under the names ConfigurationBotFrameworkAuthentication reads. */
function botFrameworkSettings(config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  if (config.MicrosoftAppId) out.MicrosoftAppId = config.MicrosoftAppId;
  if (config.MicrosoftAppPassword) out.MicrosoftAppPassword = config.MicrosoftAppPassword;
  if (config.MicrosoftAppType) out.MicrosoftAppType = config.MicrosoftAppType;
  if (config.MicrosoftAppTenantId) out.MicrosoftAppTenantId = config.MicrosoftAppTenantId;
  return out;
}
