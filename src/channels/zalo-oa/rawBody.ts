/**
 * Reads a request body as the exact bytes received. Webhook signatures are computed over those bytes, so the body
 * must never be decoded and re-encoded first (restify's bodyReader turns JSON bodies into strings, which changes
 * bytes that are not valid UTF-8, and undoes gzip).
 */
import type { Request } from 'restify';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The raw body. If a server-wide body parser already consumed the stream, falls back to what it kept
 * (`rawBody`, a string: exact for the UTF-8 JSON Zalo sends) and says so through `consumedByParser`.
 */
export async function readRawBody(req: Request, maxBytes: number): Promise<{ bytes: Buffer; consumedByParser: boolean }> {
  const already = req as Request & { _readBody?: boolean; rawBody?: unknown; body?: unknown };
  if (already._readBody || req.readableEnded) {
    const kept = already.rawBody ?? already.body;
    const bytes = Buffer.isBuffer(kept) ? kept : typeof kept === 'string' ? Buffer.from(kept, 'utf8') : Buffer.alloc(0);
    return { bytes, consumedByParser: true };
  }
  already._readBody = true;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeListener('data', onData);
        req.resume();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ bytes: Buffer.concat(chunks), consumedByParser: false }));
    req.once('error', reject);
  });
}
