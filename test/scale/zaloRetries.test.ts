/**
 * Issue 7, retries, against the built server (child process) and loopback fakes of Zalo:
 * - Zalo repeats a webhook delivery (num_retry) after the server was killed and restarted: the citizen is answered
 *   once, on the OA and on the Bot Platform;
 * - an officer's reply that Zalo refused for now (rate limit -32) waits in the durable queue; the server is killed
 *   with SIGKILL before the retry; after the restart the queue sends it, the citizen receives it once, and the
 *   ticket says "delivered".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escalationText as say } from '../../src/escalation/messages';
import { findTicketCode } from '../../src/escalation/ticketCode';
import { createStaffServices } from '../../src/staff/staffServices';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';
import { FakeZaloBot } from '../fakes/zaloBotServer';
import { FakeZaloOa } from '../fakes/zaloOaServer';
import { botTextUpdate, type OaApp, postBotUpdate, postOaEvent, textEvent, zaloServerEnv } from '../fakes/zaloWebhook';
import { Browser } from '../staff/apiServer';
import { FAST_HASH } from '../staff/helpers';
import { ensureBuilt, KNOWLEDGE_DIR, type ServerProcess, startServerProcess } from '../helpers/serverProcess';

jest.setTimeout(180_000);

const APP: OaApp = { appId: '3608465248940903967', oaId: '3886132808788086450', oaSecretKey: 'test-oa-secret-key' };
const BOT_TOKEN = '1234567890:test-bot-token-abcdef';
const BOT_SECRET = 'bot-webhook-secret-123';
const CITIZEN = '5510185758212345678';
const BOT_CHAT = 'bot-chat-7788';
const PASSWORD = 'Trực ban Định Hòa 2025';
const REPLY = 'Chào bác, bác mang căn cước của mẹ đến trụ sở Công an xã Định Hòa vào giờ hành chính nhé.';
const B = say.buttons;

let dir: string;
let env: Record<string, string>;
let oa: FakeZaloOa;
let zaloBot: FakeZaloBot;
let server: ServerProcess | undefined;
let db: AppDatabase;

beforeAll(async () => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-zalo-retries-'));
  oa = await new FakeZaloOa({ appId: APP.appId, appSecret: 'app-secret', accessToken: 'at-first', refreshToken: 'rt-first' }).start();
  oa.addUser(CITIZEN);
  zaloBot = await new FakeZaloBot(BOT_TOKEN).start();
  env = {
    DATABASE_URL: `sqlite:${path.join(dir, 'donghanh.db')}`,
    KNOWLEDGE_DIR,
    ...zaloServerEnv(APP, { oaUrl: oa.url, botUrl: zaloBot.url, botToken: BOT_TOKEN, botSecret: BOT_SECRET }),
  };
});

afterAll(async () => {
  await server?.killHard();
  await db?.close();
  await oa?.close();
  await zaloBot?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Until every event received has been handled and nothing waits in the send queue (read from the database). */
async function settled(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.queryOne<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM zalo_inbound WHERE processed_at IS NULL)
            + (SELECT COUNT(*) FROM zalo_outbound WHERE status IN ('pending', 'sending')) AS n`,
    );
    if (Number(open?.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`Zalo work still open after ${timeoutMs} ms:\n${server?.stderr() ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${server?.stderr() ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The citizen writes in Zalo; resolves with what the bot answered. */
async function oaSay(text: string, msgId?: string): Promise<string[]> {
  const before = oa.textsTo(CITIZEN).length;
  oa.touchUser(CITIZEN);
  const res = await postOaEvent(server!.url, APP, textEvent(APP, CITIZEN, text, msgId ? { msgId } : {}));
  expect(res.status).toBe(200);
  await waitFor(() => oa.textsTo(CITIZEN).length > before, `an answer to "${text}"`);
  await settled();
  return oa.textsTo(CITIZEN).slice(before);
}

/** Presses the button titled `title` in the last message that has buttons. */
async function press(title: string): Promise<string[]> {
  const withButtons = [...oa.deliveredTo(CITIZEN)].reverse().find((d) => d.message.attachment);
  const buttons = (withButtons?.message.attachment as { payload: { buttons: Array<{ title: string; payload: string }> } } | undefined)?.payload.buttons ?? [];
  const button = buttons.find((b) => b.title === title);
  if (!button) throw new Error(`no button "${title}" in: ${buttons.map((b) => b.title).join(' | ')}`);
  return oaSay(button.payload);
}

test('repeated deliveries across a restart are answered once; a refused staff reply is sent once from the queue after a crash', async () => {
  server = await startServerProcess(env);
  db = await openDatabase(env.DATABASE_URL!);
  const staff = createStaffServices(db, { communeExists: () => true, hashParams: FAST_HASH });
  await staff.service.create({ staffId: null, name: 'cli:test' }, { username: 'canbo.an', role: 'officer', communeId: 'xa-dinh-hoa', password: PASSWORD });

  // A question on each channel, answered.
  const question = 'quên mật khẩu vneid thì làm sao';
  const oaEvent = textEvent(APP, CITIZEN, question, { msgId: 'msg-repeated-0001' });
  expect((await postOaEvent(server.url, APP, oaEvent)).status).toBe(200);
  await waitFor(() => oa.textsTo(CITIZEN).length > 0, 'the OA answer');
  const botUpdate = botTextUpdate(BOT_CHAT, question, { messageId: 'bot-msg-repeated-0001' });
  expect((await postBotUpdate(server.url, BOT_SECRET, botUpdate)).status).toBe(200);
  await waitFor(() => zaloBot.textsTo(BOT_CHAT).length > 0, 'the Bot Platform answer');
  await settled();
  const answeredBot = zaloBot.textsTo(BOT_CHAT).length;

  // The citizen files a report; the officer answers while Zalo refuses sends for now.
  await oaSay('gặp cán bộ');
  await oaSay('dinh hoa');
  await oaSay('Xin hỏi thủ tục xác nhận cư trú cho mẹ tôi đã 80 tuổi');
  await press(B.phoneNo);
  const code = findTicketCode((await press(B.confirm)).join('\n'));
  expect(code).toBeDefined();
  const ticket = await db.queryOne<{ id: number }>('SELECT id FROM tickets WHERE code = $1', [code]);
  const officer = new Browser(server.url);
  expect((await officer.login('canbo.an', PASSWORD)).status).toBe(200);

  oa.rateLimitNext(1);
  const refusedBefore = oa.sendRequests().length;
  void officer.post(`/staff/api/tickets/${ticket!.id}/replies`, { text: REPLY }).catch(() => undefined);
  // Zalo said -32 and the queue scheduled a retry (stored in the database); the crash comes before the retry.
  await waitFor(async () => {
    const row = await db.queryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM zalo_outbound WHERE status = 'pending' AND error_code = '-32'`);
    return Number(row?.n) === 1;
  }, 'the refused reply to be queued for a retry');
  await server.killHard();
  expect(oa.sendRequests().length).toBe(refusedBefore + 1);
  expect(oa.textsTo(CITIZEN).filter((t) => t.includes('căn cước của mẹ'))).toEqual([]);

  server = await startServerProcess(env);
  // Zalo repeats both earlier deliveries to the new process (it had not seen a timely 200, say).
  expect((await postOaEvent(server.url, APP, oaEvent, { numRetry: 1 })).status).toBe(200);
  expect((await postBotUpdate(server.url, BOT_SECRET, botUpdate)).status).toBe(200);

  await waitFor(async () => {
    const row = await db.queryOne<{ delivery: string }>(`SELECT delivery FROM ticket_messages WHERE ticket_id = $1 AND author = 'staff'`, [ticket!.id]);
    return row?.delivery === 'delivered';
  }, 'the reply to be delivered after the restart');
  await settled();
  // Something new from each citizen, answered: the repeats before it in the same per-citizen order were handled by then.
  await oaSay('cảm ơn');
  const botBefore = zaloBot.textsTo(BOT_CHAT).length;
  await postBotUpdate(server.url, BOT_SECRET, botTextUpdate(BOT_CHAT, 'cảm ơn'));
  await waitFor(() => zaloBot.textsTo(BOT_CHAT).length > botBefore, 'the Bot Platform answer to "cảm ơn"');
  await settled();

  const replies = oa.textsTo(CITIZEN).filter((t) => t.includes('căn cước của mẹ'));
  expect(replies).toHaveLength(1);
  expect(replies[0]).toContain(`trả lời phản ánh ${code}`);
  // The repeated question got no second answer on either channel.
  const firstOaAnswer = oa.textsTo(CITIZEN)[0]!;
  expect(oa.textsTo(CITIZEN).filter((t) => t === firstOaAnswer)).toHaveLength(1);
  const firstBotAnswer = zaloBot.textsTo(BOT_CHAT)[0]!;
  expect(zaloBot.textsTo(BOT_CHAT).filter((t) => t === firstBotAnswer)).toHaveLength(1);
  expect(zaloBot.textsTo(BOT_CHAT).length).toBeGreaterThan(answeredBot);
});
