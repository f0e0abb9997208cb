/**
 * The console's control for a scam report, in headless Chromium against the real API: the officer ticks the
 * scammer's number (a live update redrawing the page meanwhile keeps the tick), confirms and closes in one click,
 * and the bot's checker flags that number from then on.
 */
import path from 'node:path';
import type { Browser as Chromium, Page } from 'playwright-core';
import { openScamService, type ScamService } from '../../src/scam/scamService';
import { openDatabase } from '../../src/storage/openDatabase';
import { PASSWORD, startStaffApi, type StaffApi } from './apiServer';
import { describeInBrowser, launch } from '../helpers/chromium';

const REPORT =
  'MB Bank: Tai khoan cua quy khach dang bi tam khoa. Mo khoa tai https://mbbank-mokhoa.top hoac goi 0362 555 014 de duoc ho tro.';

describeInBrowser('confirming a scam report’s number in the console', () => {
  let api: StaffApi;
  let scam: ScamService;
  let browser: Chromium;
  let page: Page;
  let officer: string;

  beforeAll(async () => {
    const db = await openDatabase('sqlite::memory:');
    scam = await openScamService({ knowledgeDir: path.resolve(__dirname, '../../knowledge'), db, events: db.events });
    api = await startStaffApi(db, { scamReports: scam.reports });
    officer = await api.account('officer', 'xa-dinh-hoa');
    browser = await launch();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    scam?.close();
    await api?.close();
    await api?.db.close();
  });

  test('tick the number, "Xác nhận và đóng phiếu": the ticket is closed and the checker flags the number', async () => {
    const ticket = await api.ticket('xa-dinh-hoa', REPORT, 'scam_report');
    await page.goto(`${api.url}/staff`);
    await page.getByLabel('Tên đăng nhập').fill(officer);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: ticket.code }).click();

    const panel = page.getByRole('region', { name: 'Số điện thoại, tên miền lừa đảo' });
    await panel.getByText('Kết quả kiểm tra tự động: Nguy hiểm').waitFor();
    expect(await panel.locator('ul.indicators').innerText()).toContain('mbbank-mokhoa.top');
    await panel.getByLabel(/0362 555 014/).check();
    // The citizen writes again while the officer is choosing: the page redraws live, and keeps the tick.
    await api.tickets.appendCitizenMessage(ticket.id, 'Em gửi thêm: họ vừa gọi lại cho em lúc nãy ạ.');
    await page.locator('ol.transcript').getByText('họ vừa gọi lại cho em').waitFor();
    expect(await panel.getByLabel(/0362 555 014/).isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Xác nhận và đóng phiếu' }).click();

    await page.locator('.facts').filter({ hasText: 'Đã đóng' }).waitFor();
    await panel.locator('li[data-indicator="phone:0362555014"]').filter({ hasText: 'Đã xác nhận lừa đảo' }).waitFor();
    expect(await panel.locator('li[data-indicator="domain:mbbank-mokhoa.top"]').innerText()).toContain('Chưa xác nhận');

    const later = scam.checker.check('Chi oi goi lai em so 0362.555.014 nhe, em ben ngan hang');
    expect(later.reasons.map((r) => r.text).join('\n')).toContain('Số điện thoại 0362 555 014 đã được Công an xác nhận là số lừa đảo');
  });
});
