/**
 * Headless Chromium for every browser test (playwright-core with the system browser: /usr/bin/chromium or
 * CHROMIUM_PATH). Where Chromium is missing the tests say so loudly and are skipped, except under CI, where a missing
 * browser fails the run: a green CI run must mean the browser tests ran.
 */
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM = CANDIDATES.find((p): p is string => typeof p === 'string' && fs.existsSync(p));

/** `describe` when Chromium is there; otherwise a loud warning and a visible skip (or a failure under CI). */
export function describeInBrowser(name: string, body: () => void): void {
  if (CHROMIUM) {
    describe(name, body);
    return;
  }
  if (process.env.CI) throw new Error(`Không tìm thấy Chromium (${CANDIDATES.filter(Boolean).join(', ')}); CI phải chạy kiểm thử trình duyệt.`);
  console.warn(`\n${'!'.repeat(78)}\n!! KHÔNG CÓ CHROMIUM: BỎ QUA "${name}". Cài gói chromium hoặc đặt CHROMIUM_PATH.\n${'!'.repeat(78)}\n`);
  describe(name, () => {
    test.skip('Chromium không có trên máy này', () => undefined);
  });
}

export async function launch(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium is missing: wrap the browser tests in describeInBrowser');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      // The sandbox needs user namespaces that containers often lack; these pages are our own, on loopback.
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      // The console's new-ticket cue plays without a click.
      '--autoplay-policy=no-user-gesture-required',
      // Nothing but our own loopback server on the wire.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
