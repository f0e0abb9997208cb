/**
 * Issue 4 end to end, in headless Chromium, against the whole server as the composition root builds it (real
 * knowledge, real bot and escalation dialog, self-hosted Direct Line, staff console, SQLite file):
 *   a citizen in Web Chat asks for an officer and files a question → an officer signed into /staff sees it appear
 *   live, claims it and replies → the citizen's Web Chat shows the reply → the citizen checks the status by code.
 *
 * Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH); without it the test says so loudly and skips, except under CI.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { startServer, type StartedServer } from '../../src/server';
import { createStaffServices } from '../../src/staff/staffServices';
import { openDatabase } from '../../src/storage/openDatabase';
import { describeInBrowser, launch } from '../helpers/chromium';

const ROOT = path.resolve(__dirname, '..', '..');
const OFFICER = 'canbo.dinhhoa';
const OFFICER_PASSWORD = 'Trực ban Định Hòa 2025';
const QUESTION = 'Tôi muốn hỏi thủ tục xác nhận thông tin cư trú cho con đi học ở trường huyện';
const REPLY = 'Chào anh/chị, anh/chị đăng nhập VNeID mức 2, chọn Thủ tục hành chính → Xác nhận thông tin cư trú; kết quả trả về trên ứng dụng.';

/** The officer's account, as `donghanh staff add canbo.dinhhoa --role officer --commune "Xã Định Hòa"` makes it before serving. */
async function addOfficer(databaseUrl: string): Promise<void> {
  const db = await openDatabase(databaseUrl);
  try {
    await createStaffServices(db, { communeExists: (id) => id === 'xa-dinh-hoa' }).service.create(
      { staffId: null, name: 'cli:e2e' },
      { username: OFFICER, displayName: 'Nguyễn Văn An', role: 'officer', communeId: 'xa-dinh-hoa', password: OFFICER_PASSWORD },
    );
  } finally {
    await db.close();
  }
}

describeInBrowser('escalation end to end (Web Chat ↔ staff console)', () => {
  let dir: string;
  let server: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'donghanh-e2e-'));
    await fs.cp(path.join(ROOT, 'knowledge'), path.join(dir, 'knowledge'), { recursive: true });
    const databaseUrl = `sqlite:${path.join(dir, 'data', 'donghanh.db')}`;
    await addOfficer(databaseUrl);
    // The composition root `donghanh serve` runs, on loopback and a free port, with a temporary database and knowledge copy.
    server = await startServer(
      loadConfig({ DATABASE_URL: databaseUrl, KNOWLEDGE_DIR: path.join(dir, 'knowledge'), LOG_LEVEL: 'silent', PORT: '0' }),
      { host: '127.0.0.1' },
    );
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function say(page: Page, text: string): Promise<void> {
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(text);
    await input.press('Enter');
  }

  const bubble = (page: Page, text: string | RegExp) => page.locator('.webchat__bubble', { hasText: text }).last();
  const tap = (page: Page, title: string) => page.locator('button.webchat__suggested-action', { hasText: title }).last().click();

  test('a citizen escalates, an officer sees it live, claims and replies, the citizen reads the reply and checks the status', async () => {
    const problems: string[] = [];

    // The officer is at the console first, queue open.
    const consoleContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const staffPage = await consoleContext.newPage();
    staffPage.on('pageerror', (err) => problems.push(`console: ${err.message}`));
    await staffPage.goto(`${server.url}/staff`);
    await staffPage.getByLabel('Tên đăng nhập').fill(OFFICER);
    await staffPage.getByLabel('Mật khẩu').fill(OFFICER_PASSWORD);
    await staffPage.getByRole('button', { name: 'Đăng nhập' }).click();
    await staffPage.getByRole('heading', { name: 'Hàng đợi phiếu' }).waitFor();

    // The citizen, on a phone, in Web Chat.
    const citizenContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const chat = await citizenContext.newPage();
    chat.on('pageerror', (err) => problems.push(`web chat: ${err.message}`));
    await chat.goto(`${server.url}/`);
    await bubble(chat, 'Xin chào').waitFor({ timeout: 30_000 });

    await say(chat, 'cho tôi gặp cán bộ');
    await bubble(chat, 'Bạn đang ở xã/phường nào?').waitFor({ timeout: 30_000 });
    await say(chat, 'dinh hoa');
    await bubble(chat, 'Bạn viết rõ câu hỏi').waitFor({ timeout: 30_000 });
    await say(chat, QUESTION);
    await bubble(chat, 'để lại số điện thoại').waitFor({ timeout: 30_000 });
    await tap(chat, 'Không để lại số');
    await bubble(chat, 'Bạn kiểm tra lại trước khi gửi').waitFor({ timeout: 30_000 });
    await tap(chat, 'Gửi');
    const sent = bubble(chat, 'Mã phiếu của bạn');
    await sent.waitFor({ timeout: 30_000 });
    const code = /TH-\d{8}-\d{4,}/.exec(await sent.innerText())?.[0];
    expect(code).toBeDefined();

    // It appears on the console without a reload, marked as new, with the banner (the audible cue plays with it).
    const row = staffPage.locator(`tr[data-ticket="${code}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain('Mới đến');
    await staffPage.locator('#banner', { hasText: `Có phiếu mới: ${code}` }).waitFor();

    await row.getByRole('link', { name: code! }).click();
    await staffPage.getByRole('heading', { name: `Phiếu ${code}` }).waitFor();
    expect(await staffPage.locator('.transcript').innerText()).toContain(QUESTION);
    await staffPage.getByRole('button', { name: 'Nhận xử lý' }).click();
    await staffPage.locator('.facts', { hasText: 'Nguyễn Văn An' }).waitFor();
    await staffPage.getByLabel('Nội dung trả lời').fill(REPLY);
    await staffPage.getByRole('button', { name: 'Gửi trả lời cho người dân' }).click();
    await staffPage.locator('.msg.from-staff .delivery', { hasText: 'Đã gửi tới người dân' }).waitFor({ timeout: 30_000 });

    // The reply arrives in the citizen's own conversation.
    const answer = bubble(chat, `trả lời phản ánh ${code}`);
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toContain('Công an Xã Định Hòa');
    expect(await answer.innerText()).toContain('VNeID mức 2');

    // And "tra cứu <code>" shows it answered, with the reply.
    await say(chat, `tra cứu ${code}`);
    const status = bubble(chat, `Phản ánh ${code}: Đã trả lời`);
    await status.waitFor({ timeout: 30_000 });
    expect(await status.innerText()).toContain('Xác nhận thông tin cư trú');

    expect(problems).toEqual([]);
    await citizenContext.close();
    await consoleContext.close();
  }, 180_000);
});
