/**
 * A citizen files a report over Zalo and an officer answers it from the staff console API; the answer reaches the
 * citizen over Zalo. Real bot with the escalation dialog, real ticket repository and reply delivery, real staff
 * routes and Zalo routes on one restify server, on both storage backends; Zalo itself is the loopback fake.
 * Also: Zalo's 7-day rule shows on the ticket and the reply gets through once the citizen writes again; a photo and
 * contact details sent while the ticket is open are added to it.
 */
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConversationState, UserState } from 'botbuilder';
import restify from 'restify';
import { EscalationDialog } from '../../../dialogs/escalationDialog';
import { DongHanhBot } from '../../../src/bot/dongHanhBot';
import { createOnTurnError } from '../../../src/bot/onTurnError';
import { zaloStaffText, zaloText } from '../../../src/channels/zalo-oa/messages';
import { registerZaloRoutes, type ZaloChannels } from '../../../src/channels/zalo-oa/registerZaloRoutes';
import { loadConfig } from '../../../src/config';
import { CommuneMatcher } from '../../../src/escalation/communeMatcher';
import { escalationText as say } from '../../../src/escalation/messages';
import { ReplyDelivery } from '../../../src/escalation/replyDelivery';
import { findTicketCode } from '../../../src/escalation/ticketCode';
import { TicketEvents } from '../../../src/escalation/ticketEvents';
import { SqlTicketRepository } from '../../../src/escalation/ticketRepository';
import { registerStaffRoutes, type StaffRoutes } from '../../../src/staff/registerStaffRoutes';
import type { AppDatabase } from '../../../src/storage/openDatabase';
import { BotStateStorage } from '../../../src/storage/botStateStorage';
import { captureLogger } from '../../fakes/captureLogger';
import { MemoryFeedback } from '../../fakes/feedbackRecorder';
import { ENTRIES, fakeKnowledgeBase, SETTINGS } from '../../fakes/knowledgeBase';
import { scriptedMatcher } from '../../fakes/scriptedMatcher';
import { FakeZaloOa } from '../../fakes/zaloOaServer';
import { mediaEvent, type OaApp, postOaEvent, submitInfoEvent, textEvent } from '../../fakes/zaloWebhook';
import { Browser, PASSWORD } from '../../staff/apiServer';
import { COMMUNES, FAST_HASH } from '../../staff/helpers';
import { backends } from '../../storage/backends';

jest.setTimeout(60_000);

const APP: OaApp = { appId: '3608465248940903967', oaId: '3886132808788086450', oaSecretKey: 'test-oa-secret-key' };
const DAY_MS = 24 * 60 * 60_000;
const B = say.buttons;

describe.each(backends())('Zalo escalation round trip on $name', (backend) => {
  let db: AppDatabase;
  let fake: FakeZaloOa;
  let server: restify.Server;
  let url: string;
  let zalo: ZaloChannels;
  let staff: StaffRoutes;
  let tickets: SqlTicketRepository;
  let knowledgeDir: string;
  let officer: Browser;
  let citizenSeq = 0;

  beforeAll(async () => {
    db = await backend.open();
    fake = await new FakeZaloOa({ appId: APP.appId, appSecret: 'app-secret', accessToken: 'at-first', refreshToken: 'rt-first' }).start();
    const log = captureLogger('info');
    const kb = { ...fakeKnowledgeBase(ENTRIES, { ...SETTINGS, escalation: { typical_response: 'trong giờ làm việc' } }), communes: COMMUNES };
    const communes = new CommuneMatcher(COMMUNES);
    const ticketEvents = new TicketEvents(db.events);
    tickets = new SqlTicketRepository(db, { provinceCode: 'TH', events: ticketEvents });
    const delivery = new ReplyDelivery({ tickets, communeName: (id) => communes.byId(id)?.name ?? id });
    const storage = new BotStateStorage(db);
    const conversationState = new ConversationState(storage);
    const bot = new DongHanhBot({
      knowledge: () => ({ knowledge: kb, matcher: scriptedMatcher(kb, {}) }),
      conversationState,
      userState: new UserState(storage),
      feedback: new MemoryFeedback(),
      logger: log.logger,
      forwardDialog: new EscalationDialog({ tickets, communes: () => communes, settings: () => kb.settings, logger: log.logger }),
    });

    server = restify.createServer({ name: 'zalo-escalation-test', handleUncaughtExceptions: false });
    zalo = registerZaloRoutes(server, {
      config: loadConfig({
        ZALO_APP_ID: APP.appId,
        ZALO_APP_SECRET: 'app-secret',
        ZALO_OA_SECRET_KEY: APP.oaSecretKey,
        ZALO_ACCESS_TOKEN: 'at-first',
        ZALO_REFRESH_TOKEN: 'rt-first',
        ZALO_API_BASE: fake.url,
        ZALO_OAUTH_BASE: fake.url,
      }),
      db,
      events: db.events,
      logger: log.logger,
      bot,
      onTurnError: createOnTurnError({ conversationState, logger: log.logger }),
      settings: () => kb.settings,
      tickets,
      replyDelivery: delivery,
    });
    knowledgeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'donghanh-zalo-kb-'));
    staff = registerStaffRoutes(server, {
      db,
      events: db.events,
      tickets,
      ticketEvents,
      delivery,
      logger: log.logger,
      knowledgeDir,
      communes: () => COMMUNES.communes,
      hashParams: FAST_HASH,
      deliveryWaitMs: 20_000,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const username = `canbo-${backend.name}-${process.pid}`;
    await staff.services.service.create({ staffId: null, name: 'cli:test' }, { username, role: 'officer', communeId: 'xa-dinh-hoa', password: PASSWORD });
    officer = new Browser(url);
    expect((await officer.login(username, PASSWORD)).status).toBe(200);
  });

  afterAll(async () => {
    await staff?.close();
    await zalo?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fake?.close();
    await fs.rm(knowledgeDir, { recursive: true, force: true });
  });

  function newCitizen(): string {
    citizenSeq += 1;
    const id = `55101857582${backend.name === 'sqlite' ? '1' : '2'}${String(citizenSeq).padStart(7, '0')}`;
    fake.addUser(id);
    return id;
  }

  /** The citizen writes `text` in Zalo; resolves when the bot has answered (at the fake Zalo). */
  async function say_(citizen: string, text: string): Promise<string[]> {
    const before = fake.deliveredTo(citizen).length;
    fake.touchUser(citizen);
    expect((await postOaEvent(url, APP, textEvent(APP, citizen, text))).status).toBe(200);
    await zalo.idle();
    return fake.textsTo(citizen).slice(before);
  }

  /** Presses the Zalo button titled `title` in the last message that has buttons. */
  async function press(citizen: string, title: string): Promise<string[]> {
    const withButtons = [...fake.deliveredTo(citizen)].reverse().find((d) => d.message.attachment);
    const buttons = (withButtons?.message.attachment as { payload: { buttons: Array<{ title: string; payload: string }> } } | undefined)?.payload.buttons ?? [];
    const button = buttons.find((b) => b.title === title);
    if (!button) throw new Error(`no button "${title}" in: ${buttons.map((b) => b.title).join(' | ')}`);
    return say_(citizen, button.payload);
  }

  /** Gặp cán bộ → Định Hòa → details → no phone → Gửi; returns the ticket. */
  async function fileReport(citizen: string, details: string) {
    await say_(citizen, 'gặp cán bộ');
    await say_(citizen, 'dinh hoa');
    await say_(citizen, details);
    await press(citizen, B.phoneNo);
    const sent = await press(citizen, B.confirm);
    const code = findTicketCode(sent.find((t) => t.includes('Mã phiếu')) ?? '');
    expect(code).toBeDefined();
    const ticket = await tickets.findByCode(code!);
    expect(ticket).toMatchObject({ channel: 'zalo-oa', conversationId: citizen, communeId: 'xa-dinh-hoa' });
    return ticket!;
  }

  test('the officer\'s reply from the console reaches the citizen over Zalo', async () => {
    const citizen = newCitizen();
    const ticket = await fileReport(citizen, 'Xin hỏi thủ tục xác nhận cư trú cho mẹ tôi đã 80 tuổi');

    const res = await officer.post<{ delivery: { status: string } }>(`/staff/api/tickets/${ticket.id}/replies`, {
      text: 'Chào bác, bác mang căn cước của mẹ đến trụ sở Công an xã vào giờ hành chính nhé.',
    });
    expect(res.status).toBe(201);
    expect(res.body.delivery.status).toBe('delivered');
    const last = fake.deliveredTo(citizen).at(-1)!;
    expect(String(last.message.text)).toContain(`trả lời phản ánh ${ticket.code}`);
    expect(String(last.message.text)).toContain('bác mang căn cước của mẹ');
    // The "add to it" suggestion is a Zalo button that maps back to its text.
    const buttons = (last.message.attachment as { payload: { buttons: Array<{ title: string; type: string }> } }).payload.buttons;
    expect(buttons).toEqual([expect.objectContaining({ title: B.addMore(ticket.code), type: 'oa.query.hide' })]);
    const messages = await tickets.messages(ticket.id);
    expect(messages.filter((m) => m.author === 'staff').map((m) => m.delivery)).toEqual(['delivered']);
  });

  test('past Zalo\'s 7-day window the ticket says so; once the citizen writes again, a retry delivers', async () => {
    const citizen = newCitizen();
    const ticket = await fileReport(citizen, 'Nhà tôi ở thôn 3 có người lạ hay đến hỏi mua đất, tôi thấy đáng ngờ');
    fake.addUser(citizen, Date.now() - 8 * DAY_MS); // last interaction 8 days ago
    const before = fake.deliveredTo(citizen).length;

    const res = await officer.post<{ delivery: { status: string }; message: { id: number } }>(`/staff/api/tickets/${ticket.id}/replies`, {
      text: 'Cảm ơn anh đã báo, chúng tôi sẽ cử cán bộ xuống kiểm tra.',
    });
    expect(res.body.delivery.status).toBe('failed');
    expect(fake.deliveredTo(citizen)).toHaveLength(before);
    expect((await tickets.get(ticket.id))?.deliveryProblem).toBe(zaloStaffText.windowClosed);
    const refused = fake.sendRequests().filter((r) => (r.response as { error: number }).error === -230);
    expect(refused).toHaveLength(1); // not retried

    await say_(citizen, 'xin chào');
    const retry = await officer.post<{ delivery: { status: string } }>(`/staff/api/tickets/${ticket.id}/messages/${res.body.message.id}/deliver`);
    expect(retry.body.delivery.status).toBe('delivered');
    expect(fake.textsTo(citizen).at(-1)).toContain('chúng tôi sẽ cử cán bộ xuống kiểm tra');
    expect((await tickets.get(ticket.id))?.deliveryProblem).toBeNull();
  });

  test('a photo and contact details sent while the report is open are added to it for the officer', async () => {
    const citizen = newCitizen();
    const ticket = await fileReport(citizen, 'Có nhóm thanh niên tụ tập gây ồn ào ở đầu ngõ mỗi tối');

    const before = fake.deliveredTo(citizen).length;
    await postOaEvent(url, APP, mediaEvent(APP, citizen, 'user_send_image', { type: 'image', payload: { url: 'https://photo.zdn.vn/anh-hien-truong.jpg' } }));
    await postOaEvent(url, APP, submitInfoEvent(APP, citizen, { name: 'Nguyễn Văn A', phone: '84912345678', address: 'Thôn 3' }));
    await zalo.idle();

    const replies = fake.textsTo(citizen).slice(before);
    expect(replies).toEqual([zaloText.attachmentKept('ảnh', ticket.code), zaloText.contactAddedToTicket(ticket.code)]);
    const citizenLines = (await tickets.messages(ticket.id)).filter((m) => m.author === 'citizen').map((m) => m.body);
    expect(citizenLines.some((l) => l.includes('https://photo.zdn.vn/anh-hien-truong.jpg'))).toBe(true);
    expect(citizenLines.some((l) => l.includes('0912345678') && l.includes('Nguyễn Văn A'))).toBe(true);
  });

  test('a photo sent while the report is being filled in is attached when it is filed', async () => {
    const citizen = newCitizen();
    await say_(citizen, 'gặp cán bộ');
    await say_(citizen, 'dinh hoa');
    await postOaEvent(url, APP, mediaEvent(APP, citizen, 'user_send_image', { type: 'image', payload: { url: 'https://photo.zdn.vn/bien-so.jpg' } }));
    await zalo.idle();
    expect(fake.textsTo(citizen).at(-1)).toContain('Mình chưa xem được hình ảnh');
    await say_(citizen, 'Xe máy biển số lạ đỗ trước cổng nhà tôi ba ngày nay');
    await press(citizen, B.phoneNo);
    const sent = await press(citizen, B.confirm);
    const ticket = await tickets.findByCode(findTicketCode(sent.join('\n'))!);
    const deadline = Date.now() + 5000;
    let lines: string[] = [];
    while (Date.now() < deadline) {
      lines = (await tickets.messages(ticket!.id)).filter((m) => m.author === 'citizen').map((m) => m.body);
      if (lines.some((l) => l.includes('bien-so.jpg'))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(lines.some((l) => l.includes('https://photo.zdn.vn/bien-so.jpg'))).toBe(true);
  });
});
