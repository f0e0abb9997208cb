/**
 * The self-hosted Direct Line driven by the official botframework-directlinejs client (what Web Chat uses):
 * start, welcome, ask, answer, reconnect from a watermark, token scoping — over WebSocket and over polling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, ConnectionStatus, fromBot, hasCard, textOf, watermarkOf, type Client } from './directLineClient';
import { startTestApp, PASSWORD_QUESTION, type TestApp } from '../../fakes/testApp';

interface TokenAnswer {
  conversationId: string;
  token: string;
  expires_in: number;
}

async function generateToken(url: string): Promise<TokenAnswer> {
  const res = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as TokenAnswer;
}

function cardJson(client: Client): string {
  return JSON.stringify(client.received.filter(hasCard));
}

describe.each([
  ['WebSocket', true],
  ['polling', false],
])('Direct Line over %s', (_name, webSocket) => {
  let t: TestApp;
  const clients: Client[] = [];
  const open = (options: Parameters<typeof connect>[0]) => {
    const c = connect({ domain: `${t.url}/v3/directline`, webSocket, pollingInterval: 200, ...options });
    clients.push(c);
    return c;
  };
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end();
    await t.close();
  });

  it('starts a conversation and shows the welcome with the menu', async () => {
    const { token } = await generateToken(t.url);
    const client = open({ token });
    const welcome = await client.waitFor(fromBot, 'welcome');
    expect(textOf(welcome)).toContain('Xin chào');
    expect('suggestedActions' in welcome && welcome.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Thủ tục hành chính',
      'VNeID',
      'Cảnh báo lừa đảo',
      'Gửi phản ánh cho Công an xã',
    ]);
    expect(typeof welcome.id).toBe('string');
    expect(new Date(welcome.timestamp!).toISOString()).toBe(welcome.timestamp);
  });

  it('echoes the question with an id, an ISO timestamp and the clientActivityID, then answers with the card', async () => {
    const { token } = await generateToken(t.url);
    const client = open({ token });
    await client.waitFor(fromBot, 'welcome');
    const id = await client.post({
      type: 'message',
      from: { id: 'nguoi-dung', role: 'user' },
      text: PASSWORD_QUESTION,
      channelData: { clientActivityID: 'client-1' },
    });
    const echo = await client.waitFor((a) => a.from?.role === 'user', 'echo');
    expect(echo.id).toBe(id);
    expect(echo.channelData).toEqual(expect.objectContaining({ clientActivityID: 'client-1' }));
    expect(new Date(echo.timestamp!).toISOString()).toBe(echo.timestamp);

    const card = await client.waitFor(hasCard, 'answer card');
    expect(JSON.stringify(card)).toContain('Quên mật khẩu VNeID');
    expect((card as { replyToId?: string }).replyToId).toBe(id);
    const feedback = await client.waitFor((a) => textOf(a) === 'Câu trả lời có hữu ích không?', 'feedback question');
    expect(JSON.stringify(feedback)).toContain('Quên passcode VNeID');
    // The order Web Chat shows them in: question, card, feedback question.
    const order = client.received.map((a) => a.id);
    expect(order.indexOf(echo.id)).toBeLessThan(order.indexOf(card.id));
    expect(order.indexOf(card.id)).toBeLessThan(order.indexOf(feedback.id));
  });

  it('a suggested action sent back (messageBack) is answered', async () => {
    const { token } = await generateToken(t.url);
    const client = open({ token });
    const welcome = await client.waitFor(fromBot, 'welcome');
    const actions = ('suggestedActions' in welcome ? welcome.suggestedActions!.actions : []) as Array<{ title: string; text?: string; value?: object }>;
    const vneid = actions.find((a) => a.title === 'VNeID');
    await client.post({ type: 'message', from: { id: 'u' }, text: vneid!.text, value: vneid!.value, channelData: { clientActivityID: 'c2' } });
    const list = await client.waitFor((a) => fromBot(a) && textOf(a).startsWith('Các câu hỏi thường gặp về VNeID'), 'VNeID topics');
    expect(JSON.stringify(list)).toContain('Quên mật khẩu VNeID');
  });

  it('reconnects to the same conversation with a watermark and receives only what came after it', async () => {
    const { token, conversationId } = await generateToken(t.url);
    const first = open({ token });
    await first.waitFor(fromBot, 'welcome');
    await first.post({ type: 'message', from: { id: 'u' }, text: PASSWORD_QUESTION, channelData: { clientActivityID: 'c1' } });
    await first.waitFor((a) => textOf(a) === 'Câu trả lời có hữu ích không?', 'feedback question');
    const watermark = watermarkOf(first);
    expect(Number(watermark)).toBeGreaterThan(0);
    const refreshed = await fetch(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const { token: newToken } = (await refreshed.json()) as TokenAnswer;
    first.end();

    const again = open({ token: newToken, conversationId, watermark });
    await again.waitForStatus(ConnectionStatus.Online);
    await again.post({ type: 'message', from: { id: 'u' }, text: 'tạm trú', channelData: { clientActivityID: 'c3' } });
    await again.waitFor((a) => textOf(a).includes('Có phải bạn muốn hỏi'), 'clarify');
    expect(again.received.some((a) => textOf(a).startsWith('Xin chào'))).toBe(false);
    expect(cardJson(again)).not.toContain('Quên mật khẩu VNeID');
  });

  it('reconnects without a watermark (a page reload) and replays the whole conversation', async () => {
    const { token, conversationId } = await generateToken(t.url);
    const first = open({ token });
    await first.waitFor(fromBot, 'welcome');
    await first.post({ type: 'message', from: { id: 'u' }, text: PASSWORD_QUESTION, channelData: { clientActivityID: 'c1' } });
    await first.waitFor(hasCard, 'answer');
    first.end();

    const reloaded = open({ token, conversationId });
    await reloaded.waitFor(hasCard, 'answer replayed');
    expect(textOf(reloaded.received[0])).toContain('Xin chào');
    expect(reloaded.received.filter((a) => textOf(a).startsWith('Xin chào'))).toHaveLength(1);
  });
});

describe('Direct Line token scoping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function started(): Promise<TokenAnswer> {
    const answer = await generateToken(t.url);
    const res = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${answer.token}` } });
    expect(res.status).toBe(201);
    return answer;
  }

  const get = (url: string, token?: string) => fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

  it('a token cannot read or post to another conversation (403)', async () => {
    const mine = await started();
    const theirs = await started();
    const read = await get(`${t.url}/v3/directline/conversations/${theirs.conversationId}/activities`, mine.token);
    expect(read.status).toBe(403);
    const write = await fetch(`${t.url}/v3/directline/conversations/${theirs.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${mine.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'xin chào' }),
    });
    expect(write.status).toBe(403);
    const reconnect = await get(`${t.url}/v3/directline/conversations/${theirs.conversationId}`, mine.token);
    expect(reconnect.status).toBe(403);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.eyJjb252IjoieCJ9.c2lnbmF0dXJl'],
    ['the literal "undefined" directlinejs sends without a token', 'undefined'],
  ])('%s is refused (401)', async (_name, token) => {
    const mine = await started();
    const res = await get(`${t.url}/v3/directline/conversations/${mine.conversationId}/activities`, token);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');
  });

  it('a token whose conversation was never started finds nothing (404), and cannot post into it either', async () => {
    const { token, conversationId } = await generateToken(t.url);
    const res = await get(`${t.url}/v3/directline/conversations/${conversationId}/activities`, token);
    expect(res.status).toBe(404);
    const post = await fetch(`${t.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'xin chào' }),
    });
    expect(post.status).toBe(404);
    // Nothing was stored for it, and the conversation still does not exist.
    expect((await get(`${t.url}/v3/directline/conversations/${conversationId}/activities`, token)).status).toBe(404);
  });

  it('a stream token (from a WebSocket URL) is not a conversation token', async () => {
    const mine = await started();
    const res = await get(`${t.url}/v3/directline/conversations/${mine.conversationId}`, mine.token);
    const { streamUrl } = (await res.json()) as { streamUrl: string };
    const streamToken = new URL(streamUrl).searchParams.get('t')!;
    const misuse = await get(`${t.url}/v3/directline/conversations/${mine.conversationId}/activities`, streamToken);
    expect(misuse.status).toBe(401);
  });

  it('refreshing keeps the conversation and gives a new working token', async () => {
    const mine = await started();
    const res = await fetch(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${mine.token}` } });
    const refreshed = (await res.json()) as TokenAnswer;
    expect(refreshed.conversationId).toBe(mine.conversationId);
    const read = await get(`${t.url}/v3/directline/conversations/${mine.conversationId}/activities`, refreshed.token);
    expect(read.status).toBe(200);
  });

  it('starting twice with the same token rejoins the conversation (200) and does not welcome again', async () => {
    const mine = await started();
    const again = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${mine.token}` } });
    expect(again.status).toBe(200);
    const res = await get(`${t.url}/v3/directline/conversations/${mine.conversationId}/activities`, mine.token);
    const { activities } = (await res.json()) as { activities: Array<{ text?: string }> };
    expect(activities.filter((a) => a.text?.startsWith('Xin chào'))).toHaveLength(1);
  });
});

describe('a restart of the server', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'donghanh-dl-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tokens valid, history, watermark and the pending choice', async () => {
    const databaseUrl = `sqlite:${path.join(dir, 'restart.db')}`;
    const before = await startTestApp({ databaseUrl });
    const { token, conversationId } = await generateToken(before.url);
    const first = connect({ domain: `${before.url}/v3/directline`, token, webSocket: true });
    await first.waitFor(fromBot, 'welcome');
    await first.post({ type: 'message', from: { id: 'u' }, text: 'tạm trú', channelData: { clientActivityID: 'c1' } });
    await first.waitFor((a) => textOf(a).includes('Có phải bạn muốn hỏi'), 'clarify');
    const watermark = watermarkOf(first);
    first.end();
    await before.close();

    const after = await startTestApp({ databaseUrl });
    try {
      const resumed = connect({ domain: `${after.url}/v3/directline`, token, conversationId, watermark, webSocket: true });
      await resumed.waitForStatus(ConnectionStatus.Online);
      await resumed.post({ type: 'message', from: { id: 'u' }, text: '1', channelData: { clientActivityID: 'c2' } });
      const card = await resumed.waitFor(hasCard, 'the chosen answer');
      expect(JSON.stringify(card)).toContain('Đăng ký tạm trú');
      resumed.end();

      const reloaded = connect({ domain: `${after.url}/v3/directline`, token, conversationId, webSocket: false, pollingInterval: 200 });
      await reloaded.waitFor(hasCard, 'full history');
      expect(textOf(reloaded.received[0])).toContain('Xin chào');
      reloaded.end();
    } finally {
      await after.close();
    }
  });
});
