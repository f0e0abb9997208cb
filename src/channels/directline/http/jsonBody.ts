/**
 * Reads and parses a JSON request body with a size limit, turning every kind of bad body into a clear 4xx:
 * too large → 413, not JSON → 415, broken JSON or not an object → 400. restify's generic bodyParser would accept
 * forms and text as well and map them onto params, which these endpoints never want.
 */
import restify, { type Next, type Request, type RequestHandler, type Response } from 'restify';
import { HttpError } from './httpErrors';

export interface JsonBodyOptions {
  maxBytes: number;
  /** Some Direct Line calls legitimately come without a body (token refresh, start conversation): treat as `{}`. */
  allowEmpty?: boolean;
}

export function isJsonContentType(type: string): boolean {
  const t = type.toLowerCase();
  return t === 'application/json' || (t.startsWith('application/') && t.endsWith('+json'));
}

export function jsonBody(options: JsonBodyOptions): RequestHandler[] {
  const reader = restify.plugins.bodyReader({ maxBodySize: options.maxBytes });
  const parse = (req: Request, _res: Response, next: Next): void => {
    const raw: unknown = req.body;
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
    const sentSomething = text.length > 0 || (req.getContentLength() ?? 0) > 0 || req.isChunked();
    // Checked before emptiness: bodyReader skips multipart and octet-stream bodies, which would otherwise look empty.
    if (sentSomething && !isJsonContentType(req.contentType())) {
      next(new HttpError(415));
      return;
    }
    if (text.trim() === '') {
      if (options.allowEmpty) {
        req.body = {};
        next();
      } else {
        next(new HttpError(400, 'Thiếu nội dung JSON trong yêu cầu.'));
      }
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      next(new HttpError(400, 'Nội dung JSON bị lỗi cú pháp.'));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      next(new HttpError(400, 'Nội dung JSON phải là một đối tượng ({…}).'));
      return;
    }
    req.body = parsed;
    next();
  };
  return [reader, parse];
}
