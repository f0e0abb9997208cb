/**
 * The HTTP server. `createServer(deps)` builds restify with every route; `startServer(config)` is the composition
 * root that wires real dependencies and listens. Tests call `createServer` on port 0.
 */
import restify from 'restify';
import type { Config } from './config';

export interface ServerDeps {
  config: Config;
}

export function createServer(_deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'donghanh', handleUncaughtExceptions: false });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
  return server;
}

export async function startServer(config: Config): Promise<restify.Server> {
  const server = createServer({ config });
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  process.stderr.write(`Đồng hành đang chạy tại http://localhost:${config.PORT}/\n`);
  const shutdown = (): void => {
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return server;
}
