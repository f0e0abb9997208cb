import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore } from '../../src/channels/directline/conversationStore';
import { buildProgram } from '../../src/cli/main';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';

const DAY_MS = 24 * 3600 * 1000;
let dir: string;
let url: string;
const savedEnv = { ...process.env };

async function run(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'donghanh', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

/** Tickets on `db` filed a year ago from a web chat (`conversationId`), and closed as many days ago as a test says. */
function backdatedTickets(db: AppDatabase) {
  let clock = Date.now() - 365 * DAY_MS;
  const repo = new SqlTicketRepository(db, { provinceCode: 'TH', now: () => clock });
  return {
    filedAt: () => clock,
    async file(conversationId: string, subject: string, channel = 'webchat'): Promise<number> {
      const { ticket } = await repo.create({
        kind: 'question',
        communeId: 'xa-dinh-hoa',
        channel,
        conversationRef: JSON.stringify({ conversation: { id: conversationId }, user: { id: 'u' } }),
        subject,
        phone: '0912345678',
        transcript: [],
      });
      return ticket.id;
    },
    async closeDaysAgo(ticketId: number, days: number): Promise<void> {
      clock = Date.now() - days * DAY_MS;
      await repo.setStatus(ticketId, 'closed');
    },
  };
}

/** Two closed tickets, 200 and 20 days ago, and one still open from a year ago. */
async function seed(): Promise<{ old: number; recent: number; open: number }> {
  const db = await openDatabase(url);
  const tickets = backdatedTickets(db);
  const file = (subject: string) => tickets.file(subject, subject);
  const open = await file('Phiếu còn mở từ năm ngoái');
  const old = await file('Phiếu đóng từ lâu');
  const recent = await file('Phiếu mới đóng');
  await tickets.closeDaysAgo(old, 200);
  await tickets.closeDaysAgo(recent, 20);
  // Web-chat history: one conversation idle for 200 days, one still in use 20 days ago.
  const conversations = new ConversationStore(db);
  for (const [id, daysAgo] of [['dl-idle', 200], ['dl-recent', 20]] as const) {
    const at = Date.now() - daysAgo * DAY_MS;
    await conversations.create({ id, userId: `u-${id}`, createdAt: at - DAY_MS });
    await conversations.append(id, { type: 'message', text: 'câu hỏi của người dân' }, at);
  }
  await db.close();
  return { old, recent, open };
}

async function webChatConversations(): Promise<string[]> {
  const db = await openDatabase(url);
  const rows = await db.query<{ id: string }>('SELECT id FROM directline_conversations ORDER BY id');
  await db.close();
  return rows.map((r) => r.id);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-purge-'));
  url = `sqlite:${path.join(dir, 'donghanh.db')}`;
  process.env = { ...savedEnv, DATABASE_URL: url };
  delete process.env.RETENTION_DAYS;
});
afterEach(() => {
  process.env = { ...savedEnv };
  fs.rmSync(dir, { recursive: true, force: true });
});

async function subjects(): Promise<Record<number, string>> {
  const db = await openDatabase(url);
  const rows = await db.query<{ id: number; subject: string }>('SELECT id, subject FROM tickets');
  await db.close();
  return Object.fromEntries(rows.map((r) => [r.id, r.subject]));
}

describe('donghanh data purge', () => {
  test('with the default retention (180 days) removes only the transcript closed 200 days ago', async () => {
    const ids = await seed();
    const result = await run('data', 'purge');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      'Đã xoá nội dung của 1 phiếu (1 tin nhắn) đã đóng quá 180 ngày và 1 cuộc trò chuyện web không hoạt động quá 180 ngày; số liệu thống kê được giữ lại.\n',
    );
    expect(await subjects()).toEqual({ [ids.open]: 'Phiếu còn mở từ năm ngoái', [ids.old]: '', [ids.recent]: 'Phiếu mới đóng' });
    expect(await webChatConversations()).toEqual(['dl-recent']);
  });

  test('RETENTION_DAYS and --days choose the period; --dry-run only counts; --json prints one object', async () => {
    const ids = await seed();
    process.env.RETENTION_DAYS = '10';
    const dry = await run('data', 'purge', '--dry-run', '--json');
    expect(JSON.parse(dry.out)).toEqual({ days: 10, dryRun: true, tickets: 2, messages: 2, webChatConversations: 2 });
    expect(Object.values(await subjects()).filter((s) => s === '')).toHaveLength(0);
    expect(await webChatConversations()).toEqual(['dl-idle', 'dl-recent']);

    const done = await run('data', 'purge', '--days', '10', '--json');
    expect(JSON.parse(done.out)).toEqual({ days: 10, dryRun: false, tickets: 2, messages: 2, webChatConversations: 2 });
    expect(await webChatConversations()).toEqual([]);
    expect((await subjects())[ids.open]).toBe('Phiếu còn mở từ năm ngoái');
  });

  test('keeps an idle web chat while its ticket keeps its transcript, so an officer\'s reply can still reach the citizen', async () => {
    const db = await openDatabase(url);
    const tickets = backdatedTickets(db);
    const conversations = new ConversationStore(db);
    const fileFrom = async (conversationId: string): Promise<number> => {
      await conversations.create({ id: conversationId, userId: 'u', createdAt: tickets.filedAt() });
      await conversations.append(conversationId, { type: 'message', text: 'gặp cán bộ' }, tickets.filedAt());
      return tickets.file(conversationId, `Câu hỏi từ ${conversationId}`, 'directline');
    };
    await fileFrom('dl-phieu-mo');
    await tickets.closeDaysAgo(await fileFrom('dl-phieu-dong-200-ngay'), 200);
    await tickets.closeDaysAgo(await fileFrom('dl-phieu-dong-20-ngay'), 20);
    await db.close();

    const dry = await run('data', 'purge', '--dry-run', '--json');
    expect(JSON.parse(dry.out)).toMatchObject({ tickets: 1, webChatConversations: 1 });
    // Closed for longer than the retention period, a ticket loses its transcript, and its hold on the conversation.
    const done = await run('data', 'purge', '--json');
    expect(JSON.parse(done.out)).toMatchObject({ tickets: 1, webChatConversations: 1 });
    expect(await webChatConversations()).toEqual(['dl-phieu-dong-20-ngay', 'dl-phieu-mo']);
  });

  test.each(['0', '-3', 'abc', '1.5'])('refuses --days %s with a clear message', async (days) => {
    await seed();
    const result = await run('data', 'purge', '--days', days);
    expect(result.code).toBe(1);
    expect(result.err).toContain('--days phải là số nguyên dương');
    expect(result.out).toBe('');
  });
});
