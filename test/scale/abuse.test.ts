/**
 * Issue 7, abuse, against the built server behind one (simulated) trusted proxy (TRUST_PROXY_HOPS=1), so each test
 * speaks from addresses of its own through X-Forwarded-For, as citizens behind a load balancer would:
 * - messages: per conversation and per address; a throttled citizen reads a polite Vietnamese explanation in the
 *   conversation (once), and the refusal says when to try again;
 * - anonymous tokens: per address, and a client cannot dodge the limit by writing its own X-Forwarded-For;
 * - body size limits on every JSON endpoint;
 * - staff login lock-out after repeated failures, even with the right password afterwards, from any address
 *   (the per-address login limit is covered in test/staff/loginRateLimit.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { directLineText } from '../../src/channels/directline/messages';
import { createStaffServices } from '../../src/staff/staffServices';
import { openDatabase } from '../../src/storage/openDatabase';
import { Browser } from '../staff/apiServer';
import { FAST_HASH } from '../staff/helpers';
import { ensureBuilt, KNOWLEDGE_DIR, type ServerProcess, startServerProcess } from '../helpers/serverProcess';

jest.setTimeout(120_000);

const PASSWORD = 'Trực ban Định Hòa 2025';
const LIMITS = { tokens: 3, perConversation: 4, perAddress: 10 };
let dir: string;
let server: ServerProcess;
let addressSeq = 0;

/** An address of the test's own, as the proxy reports it (appended last to what the client sent). */
function newAddress(): string {
  addressSeq += 1;
  return `198.51.100.${addressSeq}`;
}

beforeAll(async () => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-abuse-'));
  const url = `sqlite:${path.join(dir, 'donghanh.db')}`;
  server = await startServerProcess({
    DATABASE_URL: url,
    KNOWLEDGE_DIR,
    TRUST_PROXY_HOPS: '1',
    RATE_LIMIT_TOKENS_PER_ADDRESS: String(LIMITS.tokens),
    RATE_LIMIT_MESSAGES_PER_CONVERSATION: String(LIMITS.perConversation),
    RATE_LIMIT_MESSAGES_PER_ADDRESS: String(LIMITS.perAddress),
  });
  const db = await openDatabase(url);
  try {
    const staff = createStaffServices(db, { communeExists: () => true, hashParams: FAST_HASH });
    for (const username of ['canbo.an', 'canbo.binh']) {
      await staff.service.create({ staffId: null, name: 'cli:test' }, { username, role: 'officer', communeId: 'xa-dinh-hoa', password: PASSWORD });
    }
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Chat {
  token: string;
  conversationId: string;
  address: string;
}

async function directLine(method: string, route: string, address: string, token?: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/v3/directline${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': address,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function newChat(address = newAddress()): Promise<Chat> {
  const generated = await directLine('POST', '/tokens/generate', address);
  expect(generated.status).toBe(200);
  const { token } = (await generated.json()) as { token: string };
  const started = await directLine('POST', '/conversations', address, token, {});
  const body = (await started.json()) as { conversationId: string; token: string };
  return { token: body.token, conversationId: body.conversationId, address };
}

function post(chat: Chat, text: string): Promise<Response> {
  return directLine('POST', `/conversations/${chat.conversationId}/activities`, chat.address, chat.token, { type: 'message', from: { id: 'x' }, text });
}

async function botTexts(chat: Chat): Promise<string[]> {
  const res = await directLine('GET', `/conversations/${chat.conversationId}/activities`, chat.address, chat.token);
  const { activities } = (await res.json()) as { activities: Array<{ type: string; text?: string; from: { role?: string } }> };
  return activities.filter((a) => a.type === 'message' && a.from.role !== 'user').map((a) => a.text ?? '');
}

const politeNotice = (text: string): boolean => text.startsWith('Xin lỗi, bạn đang gửi tin nhắn nhanh hơn mức hệ thống nhận được');

describe('messages', () => {
  test('a conversation past its limit is refused with Retry-After and told why, once, in plain Vietnamese', async () => {
    const chat = await newChat();
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < LIMITS.perConversation + 3; i++) {
      const res = await post(chat, `câu hỏi số ${i + 1} về căn cước`);
      statuses.push(res.status);
      if (res.status === 429) refusal ??= res;
    }
    expect(statuses).toEqual([...Array(LIMITS.perConversation).fill(200), 429, 429, 429]);
    expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refusal!.json()) as { error: { message: string } }).error.message).toMatch(/^Bạn gửi tin nhắn quá nhanh; vui lòng chờ khoảng \d+ giây rồi gửi lại\.$/);

    const notices = (await botTexts(chat)).filter(politeNotice);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Vui lòng chờ khoảng \d+ giây rồi gửi lại câu hỏi\. Cảm ơn bạn đã thông cảm\.$/);
    // Only the accepted messages reached the bot (the echo of each is in the history).
    const res = await directLine('GET', `/conversations/${chat.conversationId}/activities`, chat.address, chat.token);
    const { activities } = (await res.json()) as { activities: Array<{ from: { role?: string } }> };
    expect(activities.filter((a) => a.from.role === 'user')).toHaveLength(LIMITS.perConversation);
  });

  test('one address spreading messages over many conversations hits the address limit; other addresses do not', async () => {
    const flooder = newAddress();
    const chats = await Promise.all([newChat(flooder), newChat(newAddress()), newChat(newAddress())]);
    // The same flooding address, three conversations (tokens minted elsewhere, used from here).
    const conversations = chats.map((c) => ({ ...c, address: flooder }));
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.perAddress + 2; i++) statuses.push((await post(conversations[i % 3]!, `tin ${i}`)).status);
    expect(statuses.slice(0, LIMITS.perAddress).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(LIMITS.perAddress)).toEqual([429, 429]);

    const neighbour = await newChat();
    expect((await post(neighbour, 'xin chào')).status).toBe(200);
  });
});

describe('anonymous tokens', () => {
  test('limited per address; writing one\'s own X-Forwarded-For does not reset the count', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.tokens; i++) statuses.push((await directLine('POST', '/tokens/generate', address)).status);
    // The client prepends a made-up address; the proxy appends the real one, and only that one is trusted.
    statuses.push((await directLine('POST', '/tokens/generate', `203.0.113.99, ${address}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await directLine('POST', '/tokens/generate', address);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('vui lòng thử lại sau ít phút');
    expect((await directLine('POST', '/tokens/generate', newAddress())).status).toBe(200);
  });
});

describe('body size limits', () => {
  test.each([
    { name: '/api/messages over 256 KB', path: '/api/messages', bytes: 300 * 1024 },
    { name: 'a Direct Line activity over 64 KB', path: '/v3/directline/conversations/x/activities', bytes: 70 * 1024 },
    { name: 'a staff login over 4 KB', path: '/staff/api/login', bytes: 8 * 1024 },
  ])('$name → 413', async ({ path: route, bytes }) => {
    const chat = route.startsWith('/v3') ? await newChat() : undefined;
    const res = await fetch(`${server.url}${route.replace('/x/', `/${chat?.conversationId ?? 'x'}/`)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': newAddress(), ...(chat ? { authorization: `Bearer ${chat.token}` } : {}) },
      body: JSON.stringify({ type: 'message', text: 'a'.repeat(bytes) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/quá lớn/);
  });
});

describe('staff login', () => {
  test('locked after repeated failures: the right password is refused too, from any address, with a clear message', async () => {
    const guesses: number[] = [];
    for (let i = 0; i < 5; i++) {
      guesses.push((await new Browser(server.url).login('canbo.an', `sai mật khẩu ${i}`, { 'x-forwarded-for': newAddress() })).status);
    }
    expect(guesses).toEqual([401, 401, 401, 401, 401]);
    const locked = await new Browser(server.url).login('canbo.an', PASSWORD, { 'x-forwarded-for': newAddress() });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((locked.body as { error: { message: string } }).error.message).toMatch(/^Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần/);
    // Another officer is not affected.
    expect((await new Browser(server.url).login('canbo.binh', PASSWORD, { 'x-forwarded-for': newAddress() })).status).toBe(200);
  });
});

test('the throttle notice reads as the messages module says', () => {
  expect(politeNotice(directLineText.throttledNotice(42))).toBe(true);
  expect(directLineText.throttledNotice(42)).toContain('42 giây');
  expect(directLineText.throttledNotice(300)).toContain('5 phút');
});
