/**
 * Headless Chromium for the console's browser tests (playwright-core with the system browser). Where Chromium is
 * missing the tests say so loudly and are skipped, except under CI, where a missing browser fails the run.
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
  return chromium.launch({
    executablePath: CHROMIUM!,
    headless: true,
    // The sandbox needs user namespaces that containers often lack; these pages are our own, on loopback.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
}
