/**
 * The framework's floor for `npm run bench:load`: the same restify server, self-hosted Direct Line (history in the
 * same database) and adapter (InProcessCloudAdapter: replies reach the Direct Line without a loopback HTTP call) as
 * Đồng hành, with a bot that only echoes — no knowledge, no matching, no dialogs, no bot state. Run as its own process (`node dist/bench/echoServer.js`) with PORT and DATABASE_URL, like the server.
 */
import { type TurnContext, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { InProcessCloudAdapter, resolveTokenKey } from '../src/channels/directline';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging';
import { createServer } from '../src/server';
import { openDatabase } from '../src/storage/openDatabase';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const db = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  const adapter = new InProcessCloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const echo = {
    async run(context: TurnContext): Promise<void> {
      if (context.activity.type === 'message') await context.sendActivity(context.activity.text ?? '');
      else if (context.activity.type === 'conversationUpdate') await context.sendActivity('Xin chào');
    },
  };
  const app = createServer({
    config,
    logger,
    adapter,
    bot: echo,
    db,
    events: db.events,
    // No knowledge: /readyz says not ready, /healthz is what the bench waits for.
    knowledge: () => undefined,
    directLineTokenKey: await resolveTokenKey(db, config.DIRECTLINE_TOKEN_KEY),
  });
  await app.listen(config.PORT);
  const stop = (): void => {
    void app.close().then(() => db.close()).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main().catch((err: unknown) => {
  process.stderr.write(`echo server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
