/**
 * The scam check through the whole server as operators run it (`donghanh serve`, composed by `startServer`), over
 * Direct Line HTTP as Web Chat uses it: a pasted SMS gets its verdict, "Báo cho Công an xã" files a scam report,
 * and the stored ticket holds the message with its OTP and account number masked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escalationText as say } from '../../src/escalation/messages';
import { findTicketCode } from '../../src/escalation/ticketCode';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { scamChatText } from '../../src/scam/chatMessages';
import { RISK_LABELS } from '../../src/scam/messages';
import { openDatabase } from '../../src/storage/openDatabase';
import { DirectLineCitizen, ensureBuilt, ROOT, type RunningServer, startBuiltServer } from '../escalation/builtServer';

jest.setTimeout(240_000);

const SMS =
  'Vietcombank\nTai khoan cua Quy khach se bi tam khoa sau 24h. Cap nhat tai vietcombank.vn-cbs.xyz, nhap ma OTP 739512 ' +
  'hoac chuyen phi 50.000d vao STK 0123456789012.';

let dir: string;
let server: RunningServer | undefined;

beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-scam-'));
});
afterAll(async () => {
  await server?.killHard();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('paste → verdict → "Báo cho Công an xã" → a scam report with the message masked', async () => {
  const databaseUrl = `sqlite:${path.join(dir, 'donghanh.db')}`;
  server = await startBuiltServer({ DATABASE_URL: databaseUrl, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') });
  const citizen = new DirectLineCitizen(server.url);
  await citizen.start();

  await citizen.say(SMS);
  const verdict = (await citizen.botTexts()).find((t) => t.includes(RISK_LABELS.high));
  expect(verdict).toContain('vietcombank.vn-cbs.xyz');

  // Web Chat sends the button's title as text too; the bot recognises it from the buttons it offered.
  await citizen.say(scamChatText.buttons.report);
  await citizen.say('dinh hoa');
  await citizen.say(say.buttons.keep);
  await citizen.say(say.buttons.phoneNo);
  await citizen.say(say.buttons.confirm);
  const code = findTicketCode((await citizen.botTexts()).find((t) => t.includes('Mã phiếu của bạn')) ?? '');
  expect(code).toBeDefined();
  await server.killHard();
  server = undefined;

  const db = await openDatabase(databaseUrl);
  try {
    const tickets = new SqlTicketRepository(db, { provinceCode: 'TH' });
    const ticket = (await tickets.findByCode(code!))!;
    expect(ticket.kind).toBe('scam_report');
    const stored = [ticket.subject, ...(await tickets.messages(ticket.id)).map((m) => m.body)].join('\n');
    expect(stored).toContain('vietcombank.vn-cbs.xyz');
    expect(stored).not.toContain('739512');
    expect(stored).not.toContain('0123456789012');
  } finally {
    await db.close();
  }
});
