/**
 * The console itself: one HTML page and its script and stylesheet (no framework, about 40 KB in all, gzip when the
 * browser accepts it), read once at start-up. The page holds no data: everything comes from `/staff/api` after
 * sign-in, so the page may be cached briefly while the API never is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  type: string;
}

/** Strict: only our own script and styles run, nothing may frame the console (clickjacking on "Trả lời"). */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self' data:; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** `public/` beside this folder when running from sources, or back in `src/` when running from `dist/`. */
export function findConsoleDir(): string {
  const candidates = [path.resolve(__dirname, '../public'), path.resolve(__dirname, '../../../../src/staff/public')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`Không tìm thấy trang quản lý /staff (đã tìm: ${candidates.join(', ')})`);
  return found;
}

function load(dir: string, name: string, type: string): Asset {
  const body = readFileSync(path.join(dir, name));
  return { body, gzipped: gzipSync(body, { level: 9 }), type };
}

export function mountConsolePage(server: Server, dir = findConsoleDir()): void {
  const page = load(dir, 'index.html', 'text/html; charset=utf-8');
  const assets = new Map<string, Asset>([
    ['/staff/app.js', load(dir, 'app.js', 'application/javascript; charset=utf-8')],
    ['/staff/app.css', load(dir, 'app.css', 'text/css; charset=utf-8')],
  ]);

  const send = (req: Request, res: Response, asset: Asset, cacheSeconds: number): void => {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzipped : asset.body;
    res.writeHead(200, {
      ...CONSOLE_SECURITY_HEADERS,
      'Content-Type': asset.type,
      'Content-Length': String(body.length),
      'Cache-Control': `private, max-age=${cacheSeconds}`,
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  };

  const pageHandler = async function staffConsole(req: Request, res: Response): Promise<void> {
    send(req, res, page, 0);
  };
  server.get('/staff', pageHandler);
  server.get('/staff/', pageHandler);
  for (const [route, asset] of assets) {
    server.get(route, async function staffAsset(req: Request, res: Response) {
      send(req, res, asset, 300);
    });
  }
}
