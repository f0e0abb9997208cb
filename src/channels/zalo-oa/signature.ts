/**
 * Zalo OA webhook signatures: `X-ZEvent-Signature: mac=<hex>` where
 * hex = sha256(app_id + raw body + timestamp + OA secret key), app_id and timestamp being the body's own fields.
 * A plain SHA-256 of the concatenation (not an HMAC), over the raw bytes; the key is the OA Secret Key, which is not
 * the app secret. Verified against a captured Zalo event (see docs/zalo.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-zevent-signature';

export function computeSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId, 'utf8').update(rawBody).update(timestamp, 'utf8').update(oaSecretKey, 'utf8').digest('hex');
}

/** The header's hex digest, lower-cased, with or without the `mac=` prefix (both are seen in the wild). */
export function signatureFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim().replace(/^mac\s*=\s*/i, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

export function verifySignature(input: {
  header: string | undefined;
  appId: string;
  rawBody: Buffer;
  timestamp: string;
  oaSecretKey: string;
}): boolean {
  const given = signatureFromHeader(input.header);
  if (!given) return false;
  const expected = computeSignature(input.appId, input.rawBody, input.timestamp, input.oaSecretKey);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}

/** Constant-time comparison of two secrets of any length (digests first, so the length does not leak either). */
export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
