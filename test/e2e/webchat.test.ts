/**
 * The widget as a citizen uses it, in headless Chromium: open the demo page, type a question in Web Chat, see the
 * answer card, press a suggested action and see its answer, reload and find the conversation still there.
 *
 * Needs Debian's `chromium` (/usr/bin/chromium, or CHROMIUM_PATH). Without it the test says so loudly and skips,
 * except under CI, where a missing browser fails the run.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, PASSWORD_QUESTION, type TestApp } from '../fakes/testApp';
import { describeInBrowser, launch } from '../helpers/chromium';

describeInBrowser('Web Chat in a browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function ask(page: Page, question: string): Promise<void> {
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(question);
    await input.press('Enter');
  }

  it('answers a typed question with a card, follows a suggested action, and keeps the conversation on reload', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));

    await page.goto(`${t.url}/`);
    await expect(page.title()).resolves.toContain('Đồng hành');
    await page.getByText('Xin chào! Mình là Đồng hành', { exact: false }).first().waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-id="webchat-sendbox-input"]').getAttribute('placeholder')).resolves.toBe('Gõ câu hỏi của bạn…');

    await ask(page, PASSWORD_QUESTION);
    const card = page.locator('.ac-adaptiveCard', { hasText: 'Quên mật khẩu VNeID' });
    await card.first().waitFor({ timeout: 30_000 });
    await expect(card.first().innerText()).resolves.toContain('Mở ứng dụng VNeID');

    await page.locator('button.webchat__suggested-action', { hasText: 'Quên passcode VNeID' }).click();
    await page.locator('.ac-adaptiveCard', { hasText: 'Bấm “Quên passcode”' }).first().waitFor({ timeout: 30_000 });

    await page.reload();
    await page.locator('.ac-adaptiveCard', { hasText: 'Bấm “Quên passcode”' }).first().waitFor({ timeout: 30_000 });
    await expect(page.locator('.ac-adaptiveCard', { hasText: 'Quên mật khẩu VNeID' }).count()).resolves.toBeGreaterThan(0);
    // One welcome only: the reload rejoined the conversation rather than starting a new one.
    await expect(page.locator('.webchat__bubble', { hasText: 'Xin chào! Mình là Đồng hành' }).count()).resolves.toBe(1);

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the widget script adds an accessible chat bubble that opens the chat in a panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Any page of a commune's site: here a blank page of our own origin with the one-line snippet.
    await page.route(`${t.url}/trang-cua-xa`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="vi"><body><h1>UBND xã</h1><script src="${t.url}/widget.js" data-title="Hỏi đáp Công an xã" data-color="#7a1f1f" data-commune="Xã Định Hòa"></script></body></html>`,
      }),
    );
    await page.goto(`${t.url}/trang-cua-xa`);
    const bubble = page.getByRole('button', { name: /Mở hộp hỏi đáp: Hỏi đáp Công an xã/ });
    await expect(bubble.getAttribute('aria-expanded')).resolves.toBe('false');
    await bubble.click();
    await expect(bubble.getAttribute('aria-expanded')).resolves.toBe('true');
    const frame = page.frameLocator('iframe[title="Hỏi đáp Công an xã"]');
    await frame.getByText('Xin chào! Mình là Đồng hành', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await expect(bubble.getAttribute('aria-expanded')).resolves.toBe('false');
    await context.close();
  }, 120_000);
});
