/**
 * Issue 7, crash: 200 citizens confirm their reports through Direct Line at once and the server is killed with
 * SIGKILL in the middle of the burst. After the restart, and after the citizens whose confirmation failed press
 * "Gửi" again (as Web Chat offers), every code a citizen was shown names exactly one ticket (theirs), every ticket's
 * code was shown to its citizen, and nobody has two.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escalationText as say } from '../../src/escalation/messages';
import { findTicketCode } from '../../src/escalation/ticketCode';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { openDatabase } from '../../src/storage/openDatabase';
import { ensureBuilt, KNOWLEDGE_DIR, type ServerProcess, startServerProcess } from '../helpers/serverProcess';
import { WebChatCitizen } from '../helpers/webChatCitizen';

jest.setTimeout(240_000);

const CITIZENS = 200;
const B = say.buttons;
let dir: string;
let env: Record<string, string>;
let server: ServerProcess | undefined;

beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-crash-'));
  env = {
    DATABASE_URL: `sqlite:${path.join(dir, 'donghanh.db')}`,
    KNOWLEDGE_DIR,
    // 200 citizens from one loopback address: the per-address limits are for the open internet.
    RATE_LIMIT_TOKENS_PER_ADDRESS: '100000',
    RATE_LIMIT_MESSAGES_PER_ADDRESS: '100000',
  };
});

afterAll(async () => {
  await server?.killHard();
  fs.rmSync(dir, { recursive: true, force: true });
});

const detailsOf = (i: number): string => `Phản ánh số ${i}: xin hỏi thủ tục đăng ký tạm trú cho người thuê trọ ở thôn ${i}`;

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function codesShown(citizen: WebChatCitizen): Promise<string[]> {
  return (await citizen.botTexts()).filter((t) => t.includes('Mã phiếu của bạn')).map((t) => findTicketCode(t)!);
}

async function storedTickets(): Promise<Array<{ code: string; subject: string }>> {
  const db = await openDatabase(env.DATABASE_URL!);
  try {
    const page = await new SqlTicketRepository(db, { provinceCode: 'TH' }).list({ scope: { all: true }, limit: 1000, sort: 'oldest' });
    return page.tickets.map((t) => ({ code: t.code, subject: t.subject }));
  } finally {
    await db.close();
  }
}

test(`SIGKILL during a burst of ${CITIZENS} confirmations: every code shown exists once, every ticket was shown`, async () => {
  server = await startServerProcess(env);
  const citizens = Array.from({ length: CITIZENS }, () => new WebChatCitizen(server!.url));
  await pool(citizens, 20, async (citizen, i) => {
    await citizen.start();
    for (const text of ['gặp cán bộ', 'dinh hoa', detailsOf(i), B.phoneNo]) await citizen.say(text);
  });
  expect(await citizens[CITIZENS - 1]!.lastBotText()).toContain('Bạn kiểm tra lại trước khi gửi');

  // The burst: every confirmation in flight at once; the plug is pulled once a third have been answered.
  let answered = 0;
  const crashed = new Promise<void>((resolve) => {
    const confirmations = citizens.map((citizen) =>
      citizen.say(B.confirm).then(
        () => {
          answered += 1;
          if (answered === Math.floor(CITIZENS / 3)) resolve();
        },
        () => undefined,
      ),
    );
    void Promise.all(confirmations).then(() => resolve());
  });
  await crashed;
  await server.killHard();
  expect(answered).toBeLessThan(CITIZENS);

  // Straight after the crash: nothing half-written, nobody's report filed twice, no ticket for anyone else's text.
  const afterCrash = await storedTickets();
  const subjects = new Set(citizens.map((_, i) => detailsOf(i)));
  for (const t of afterCrash) expect(subjects.has(t.subject)).toBe(true);
  expect(new Set(afterCrash.map((t) => t.subject)).size).toBe(afterCrash.length);
  expect(new Set(afterCrash.map((t) => t.code)).size).toBe(afterCrash.length);

  server = await startServerProcess(env);
  for (const citizen of citizens) citizen.moveTo(server.url);
  // Codes already on screen name the citizen's own ticket; the others press "Gửi" again.
  await pool(citizens, 20, async (citizen, i) => {
    for (const code of await codesShown(citizen)) {
      expect(afterCrash.filter((t) => t.code === code)).toEqual([{ code, subject: detailsOf(i) }]);
    }
    if ((await codesShown(citizen)).length === 0) await citizen.say(B.confirm);
  });

  const shown = new Map<string, number>();
  await pool(citizens, 20, async (citizen, i) => {
    const codes = await codesShown(citizen);
    expect(new Set(codes).size).toBe(1);
    shown.set(codes[0]!, i);
  });
  const final = await storedTickets();
  expect(final).toHaveLength(CITIZENS);
  expect(new Set(final.map((t) => t.code))).toEqual(new Set(shown.keys()));
  for (const t of final) expect(t.subject).toBe(detailsOf(shown.get(t.code)!));
});
