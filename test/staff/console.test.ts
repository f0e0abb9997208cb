/**
 * The console page in headless Chromium, against the real staff API (SQLite): sign in, see the queue, a new ticket
 * arriving live with its visible and spoken cue, claim it, answer from a canned reply, see the delivery confirmed;
 * a live redraw keeping unsaved input; keyboard-only sign-in; Vietnamese throughout; the page's security headers.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { openDatabase } from '../../src/storage/openDatabase';
import { PASSWORD, startStaffApi, type StaffApi } from './apiServer';
import { describeInBrowser, launch } from '../helpers/chromium';

describeInBrowser('staff console in a browser', () => {
  let api: StaffApi;
  let browser: Chromium;
  let page: Page;
  let officer: string;

  beforeAll(async () => {
    api = await startStaffApi(await openDatabase('sqlite::memory:'));
    officer = await api.account('officer', 'xa-dinh-hoa');
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await api?.db.close();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });

  async function signIn(username = officer): Promise<void> {
    await page.goto(`${api.url}/staff`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hàng đợi phiếu' }).waitFor();
  }

  test('the page is Vietnamese, locked down, and a wrong password is explained', async () => {
    const response = await page.goto(`${api.url}/staff`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await page.getByLabel('Tên đăng nhập').fill(officer);
    await page.getByLabel('Mật khẩu').fill('sai mật khẩu rồi');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' }).waitFor();
  });

  test('signing in with the keyboard alone', async () => {
    await page.goto(`${api.url}/staff`);
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.keyboard.type(officer); // the username field has focus on arrival
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hàng đợi phiếu' }).waitFor();
    expect(await page.locator('#who').innerText()).toContain('Cán bộ Công an xã/phường · Xã Định Hòa');
  });

  test('a new ticket appears live with a cue; the officer claims it and replies with a canned reply', async () => {
    await signIn();
    const ticket = await api.ticket('xa-dinh-hoa', 'Cho tôi hỏi đăng ký tạm trú cho người thuê trọ cần gì?');

    const row = page.locator(`tr[data-ticket="${ticket.code}"]`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('fresh');
    expect(await row.innerText()).toContain('Mới đến');
    await page.locator('#banner').filter({ hasText: `Có phiếu mới: ${ticket.code}` }).waitFor();
    await page.locator('#announcer').filter({ hasText: `Có phiếu mới: ${ticket.code}` }).waitFor();

    await row.getByRole('link', { name: ticket.code }).click();
    await page.getByRole('heading', { name: `Phiếu ${ticket.code}` }).waitFor();
    expect(await page.locator('.transcript').innerText()).toContain('đăng ký tạm trú cho người thuê trọ');

    await page.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.locator('.facts').filter({ hasText: 'Đang xử lý' }).waitFor();

    await page.getByLabel('Mẫu trả lời').selectOption({ label: 'Đã tiếp nhận' });
    expect(await page.getByLabel('Nội dung trả lời').inputValue()).toMatch(/^Chào anh\/chị, Công an xã\/phường đã tiếp nhận/);
    await page.getByRole('button', { name: 'Gửi trả lời cho người dân' }).click();
    await page.locator('.msg.from-staff .delivery').filter({ hasText: 'Đã gửi tới người dân' }).waitFor();
    expect(api.channel.sent.some((s) => s.ref === ticket.conversationRef && s.text.includes('đã tiếp nhận'))).toBe(true);
    expect((await api.tickets.get(ticket.id))?.status).toBe('answered');
  });

  test('a live update redraws the ticket without losing what the officer has typed or chosen and not saved', async () => {
    const ticket = await api.ticket('xa-dinh-hoa');
    await signIn();
    await page.goto(`${api.url}/staff#/phieu/${ticket.id}`);
    await page.getByLabel('Nội dung trả lời').fill('Anh/chị mang theo thẻ căn cước cũ nhé.');
    await page.getByLabel('Trạng thái').selectOption({ label: 'Đã đóng' });

    await api.tickets.appendCitizenMessage(ticket.id, 'Cho em hỏi thêm: có cần ảnh 3x4 không ạ?');
    await page.locator('.transcript').getByText('có cần ảnh 3x4 không').waitFor();
    expect(await page.getByLabel('Nội dung trả lời').inputValue()).toBe('Anh/chị mang theo thẻ căn cước cũ nhé.');
    expect(await page.getByLabel('Trạng thái').inputValue()).toBe('closed');
    expect((await api.tickets.get(ticket.id))?.status).toBe('new');

    // A status the officer has not touched follows the ticket when someone else changes it.
    const other = await api.ticket('xa-dinh-hoa');
    await page.goto(`${api.url}/staff#/phieu/${other.id}`);
    await page.getByRole('heading', { name: `Phiếu ${other.code}` }).waitFor();
    await api.tickets.setStatus(other.id, 'in_progress');
    await page.locator('.facts').filter({ hasText: 'Đang xử lý' }).waitFor();
    expect(await page.getByLabel('Trạng thái').inputValue()).toBe('in_progress');
  });

  test('an internal note is saved and marked as not seen by the citizen', async () => {
    const ticket = await api.ticket('xa-dinh-hoa');
    await signIn();
    await page.goto(`${api.url}/staff#/phieu/${ticket.id}`);
    await page.getByLabel('Ghi chú (chỉ cán bộ thấy)').fill('Đã gọi lại cho người dân lúc 9 giờ.');
    await page.getByRole('button', { name: 'Lưu ghi chú' }).click();
    const note = page.locator('.msg.internal');
    await note.waitFor();
    expect(await note.innerText()).toContain('người dân không thấy');
    expect(api.channel.sent.some((s) => s.ref === ticket.conversationRef)).toBe(false);
  });
});
