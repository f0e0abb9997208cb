/**
 * The whole server on port 0 for HTTP, Direct Line and browser tests: real restify, real CloudAdapter, the real bot
 * and a real (in-memory or file) SQLite database, with the small knowledge base and a scripted matcher so answers
 * do not depend on today's ranking.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, UserState } from 'botbuilder';
import { DongHanhBot } from '../../src/bot/dongHanhBot';
import { FeedbackRepository } from '../../src/bot/feedbackRepository';
import { createOnTurnError } from '../../src/bot/onTurnError';
import { InProcessCloudAdapter, resolveTokenKey } from '../../src/channels/directline';
import { loadConfig, type Config } from '../../src/config';
import { maskSecrets } from '../../src/escalation/masking';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Matcher } from '../../src/matching/types';
import { createServer, type AppServer, type ServerDeps } from '../../src/server';
import { BotStateStorage } from '../../src/storage/botStateStorage';
import { openDatabase, type AppDatabase } from '../../src/storage/openDatabase';
import { captureLogger, type CapturedLogger } from './captureLogger';
import { fakeKnowledgeBase } from './knowledgeBase';
import { scriptedMatcher, type Script } from './scriptedMatcher';

export const PASSWORD_QUESTION = 'quên mật khẩu vneid thì làm sao';

export const DEFAULT_SCRIPT: Script = {
  [PASSWORD_QUESTION]: { outcome: 'answer', ids: ['vneid.quen-mat-khau'] },
  'tạm trú': { outcome: 'clarify', ids: ['cu-tru.tam-tru', 'vneid.quen-passcode'] },
};

export interface TestAppOptions {
  script?: Script;
  matcher?: Matcher;
  kb?: KnowledgeBase;
  env?: Record<string, string>;
  /** `sqlite::memory:` unless given (a file lets a test restart the server on the same data). */
  databaseUrl?: string;
  db?: AppDatabase;
  limits?: ServerDeps['directLineLimits'];
  knowledgeLoaded?: boolean;
  maxBodyBytes?: number;
  /**
   * `false`: a plain CloudAdapter, whose replies travel over HTTP to the Bot Framework callback routes, as an
   * external bot's would. By default the bot runs on the InProcessCloudAdapter, as in production.
   */
  inProcess?: boolean;
}

export interface TestApp {
  url: string;
  app: AppServer;
  db: AppDatabase;
  config: Config;
  log: CapturedLogger;
  feedback: FeedbackRepository;
  adapter: CloudAdapter;
  /** Closes the server; the database too unless it was passed in. */
  close(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'info', ...options.env });
  const db = options.db ?? (await openDatabase(options.databaseUrl ?? 'sqlite::memory:'));
  const kb = options.kb ?? fakeKnowledgeBase();
  const matcher = options.matcher ?? scriptedMatcher(kb, options.script ?? DEFAULT_SCRIPT);
  const log = captureLogger('info');
  const storage = new BotStateStorage(db);
  const conversationState = new ConversationState(storage);
  const auth = new ConfigurationBotFrameworkAuthentication({});
  const adapter = options.inProcess === false ? new CloudAdapter(auth) : new InProcessCloudAdapter(auth);
  adapter.onTurnError = createOnTurnError({ conversationState, logger: log.logger });
  const feedback = new FeedbackRepository(db);
  const bot = new DongHanhBot({
    knowledge: () => ({ knowledge: kb, matcher }),
    conversationState,
    userState: new UserState(storage),
    feedback,
    logger: log.logger,
  });
  const app = createServer({
    config,
    logger: log.logger,
    adapter,
    bot,
    db,
    events: db.events,
    knowledge: () => (options.knowledgeLoaded === false ? undefined : kb),
    directLineTokenKey: await resolveTokenKey(db, config.DIRECTLINE_TOKEN_KEY),
    maskText: (text) => maskSecrets(text).text,
    ...(options.limits ? { directLineLimits: options.limits } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    app,
    db,
    config,
    log,
    feedback,
    adapter,
    async close() {
      await app.close();
      if (!options.db) await db.close();
    },
  };
}
