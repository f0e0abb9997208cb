/**
 * Random ids for conversations, users and activities, cut from a pool of random bytes refilled 4 KB at a time.
 * Every turn mints two to four activity ids; `randomBytes(9)` each time is a separate call into the system's random
 * source and showed in profiles, while slicing a pool costs next to nothing. Same source, same randomness: this is
 * what Node's own `randomUUID` does.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = POOL_BYTES;

export function randomId(bytes: number, encoding: 'base64url' | 'hex'): string {
  if (used + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    used = 0;
  }
  const id = pool.toString(encoding, used, used + bytes);
  used += bytes;
  return id;
}
