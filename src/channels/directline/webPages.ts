/**
 * The pages and scripts citizens' browsers load: the demo commune page (`/`), the chat-only page the widget frames
 * (`/embed`), the widget script (`/widget.js`), and the official Web Chat bundle, served by this server from
 * node_modules (no CDN: a commune site must work without third-party hosts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging';
import { sendError } from './http/httpErrors';
import { publicOrigin } from './http/requestInfo';

export interface PageSettings {
  botName: string;
  tagline: string;
  province: string;
}

export interface WebPagesOptions {
  /** Read per request, so edits to the province's settings show without a restart. */
  settings: () => PageSettings;
  publicUrl?: string;
  logger: Logger;
  /** Overrides for tests; found automatically otherwise. */
  publicDir?: string;
  webChatBundle?: string;
}

interface Asset {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  cacheSeconds: number;
}

const DEFAULT_COLOR = '#0b5394';

/** `public/` beside this file when running from sources, or back in `src/` when running from `dist/`. */
export function findPublicDir(): string {
  const candidates = [path.join(__dirname, 'public'), path.resolve(__dirname, '../../../../src/channels/directline/public')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`Không tìm thấy thư mục trang web của Đồng hành (đã tìm: ${candidates.join(', ')})`);
  return found;
}

/** botframework-webchat's package exports hide `dist/`, so find the package through its main entry. */
export function findWebChatBundle(): string | undefined {
  try {
    const main = require.resolve('botframework-webchat');
    const root = main.slice(0, main.lastIndexOf(`${path.sep}botframework-webchat${path.sep}`) + '/botframework-webchat'.length);
    const bundle = path.join(root, 'dist', 'webchat.js');
    return existsSync(bundle) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

export function mountWebPages(server: Server, options: WebPagesOptions): void {
  const dir = options.publicDir ?? findPublicDir();
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const indexTemplate = read('index.html');
  const embedTemplate = read('embed.html');
  const assets = new Map<string, Asset>([
    ['/static/chat.js', asset(Buffer.from(read('chat.js')), 'application/javascript; charset=utf-8', 300)],
    ['/static/chat.css', asset(Buffer.from(read('chat.css')), 'text/css; charset=utf-8', 300)],
    ['/widget.js', asset(Buffer.from(read('widget.js')), 'application/javascript; charset=utf-8', 300)],
  ]);
  const bundlePath = options.webChatBundle ?? findWebChatBundle();
  if (!bundlePath) options.logger.warn('botframework-webchat is not installed: the chat pages cannot load Web Chat');
  // Loaded lazily: 4 MB that tests of other routes should not pay for.
  let bundle: Asset | undefined;

  server.get('/', async function demoPage(req: Request, res: Response) {
    const s = options.settings();
    html(res, fill(indexTemplate, { ...s, origin: publicOrigin(req, options.publicUrl) }));
  });

  server.get('/embed', async function embedPage(req: Request, res: Response) {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 80) : fallback);
    const color = typeof query.color === 'string' && /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(query.color) ? query.color : DEFAULT_COLOR;
    const commune = text(query.commune, '');
    html(
      res,
      fill(embedTemplate, {
        title: text(query.title, `Hỏi đáp cùng ${options.settings().botName}`),
        color,
        colorJson: scriptJson(color),
        communeJson: scriptJson(commune),
      }),
    );
  });

  for (const [route, a] of assets) {
    server.get(route, async function staticAsset(req: Request, res: Response) {
      send(req, res, a);
    });
  }

  server.get('/static/webchat.js', async function webChatBundle(req: Request, res: Response) {
    if (!bundlePath) return sendError(res, 503, 'Chưa cài gói botframework-webchat trên máy chủ.');
    bundle ??= asset(readFileSync(bundlePath), 'application/javascript; charset=utf-8', 86_400);
    send(req, res, bundle);
  });
}

function asset(body: Buffer, type: string, cacheSeconds: number): Asset {
  return { body, type, cacheSeconds };
}

function send(req: Request, res: Response, a: Asset): void {
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.setHeader('Content-Type', a.type);
  res.setHeader('Cache-Control', `public, max-age=${a.cacheSeconds}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Vary', 'Accept-Encoding');
  let body = a.body;
  if (acceptsGzip && a.body.length > 1024) {
    a.gzipped ??= gzipSync(a.body);
    body = a.gzipped;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', body.length);
  res.writeHead(200);
  res.end(body);
}

function html(res: Response, body: string): void {
  const buffer = Buffer.from(body, 'utf8');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', buffer.length);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.writeHead(200);
  res.end(buffer);
}

/** Replaces `{{name}}` with HTML-escaped values; names ending in `Json` are inserted as given (already script-safe). */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return name.endsWith('Json') ? value : escapeHtml(value);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element: no `</script>`, no HTML comment openers. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
