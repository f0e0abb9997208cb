/** Every kind of bad request to the Direct Line and Bot Framework callback routes gets a clear 4xx in JSON. */
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../fakes/testApp';

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

describe('Direct Line bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ limits: { token: { limit: 50, windowMs: 60_000 }, post: { limit: 5, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function start(): Promise<Started> {
    const gen = await fetch(`${t.url}/v3/directline/tokens/generate`, { method: 'POST' });
    const { token } = (await gen.json()) as { token: string };
    const res = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    return (await res.json()) as Started;
  }

  const postActivity = (s: Started, body: string, contentType = 'application/json') =>
    fetch(`${t.url}/v3/directline/conversations/${s.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': contentType },
      body,
    });

  it.each([
    { name: 'malformed JSON', body: '{"type":', status: 400 },
    { name: 'a JSON string', body: '"xin chào"', status: 400 },
    { name: 'no type', body: JSON.stringify({ text: 'xin chào' }), status: 400 },
    { name: 'a type clients may not send', body: JSON.stringify({ type: 'conversationUpdate' }), status: 400 },
    { name: 'text that is not a string', body: JSON.stringify({ type: 'message', text: { a: 1 } }), status: 400 },
    { name: 'plain text instead of JSON', body: 'xin chào', contentType: 'text/plain', status: 415 },
    { name: 'an oversized activity', body: JSON.stringify({ type: 'message', text: 'a'.repeat(70 * 1024) }), status: 413 },
  ])('posting $name → $status', async ({ body, contentType, status }) => {
    const s = await start();
    const res = await postActivity(s, body, contentType);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.message).toMatch(/\S{3,}/);
    // Errors carry CORS headers too, or a cross-origin page could not even read why it failed.
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('posting to an unknown conversation → 404', async () => {
    const s = await start();
    const res = await fetch(`${t.url}/v3/directline/conversations/khong-co/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x' }),
    });
    // The token names another conversation: refused before looking it up.
    expect(res.status).toBe(403);
  });

  it('starting a conversation without any credential → 401', async () => {
    const res = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('file uploads are refused politely (the widget hides the upload button)', async () => {
    const s = await start();
    const res = await fetch(`${t.url}/v3/directline/conversations/${s.conversationId}/upload?userId=u`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'multipart/form-data; boundary=x' },
      body: '--x--',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('tệp đính kèm');
  });

  it('too many messages in a minute from one conversation → 429', async () => {
    const s = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postActivity(s, JSON.stringify({ type: 'typing' }))).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('a browser preflight is allowed with the headers directlinejs sends', async () => {
    const res = await fetch(`${t.url}/v3/directline/conversations`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://xa-dinh-hoa.thanhhoa.gov.vn', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type.*x-ms-bot-agent/);
  });

  describe('WebSocket stream', () => {
    type Frame = { activities: Array<{ text?: string; from: { role: string } }>; watermark: string };
    // Frames are collected from the start: the replay may arrive in the same packet as the handshake.
    const open = (url: string, frames: Frame[] = []) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      });

    it('sends ActivitySets, replays history on connect and ignores empty client frames', async () => {
      const s = await start();
      const frames: Frame[] = [];
      const ws = await open(s.streamUrl, frames);
      await waitUntil(() => frames.length > 0);
      expect(frames[0]!.activities[0]!.text).toContain('Xin chào');
      ws.send('');
      ws.send('');
      const res = await postActivity(s, JSON.stringify({ type: 'message', text: 'xin chào', channelData: { clientActivityID: 'x' } }));
      expect(res.status).toBe(200);
      await waitUntil(() => frames.some((f) => f.activities.some((a) => a.from.role === 'bot' && a.text === 'Xin chào! Bạn cần hỏi gì về thủ tục hành chính, VNeID hay cảnh báo lừa đảo? Cứ gõ câu hỏi, hoặc chọn một mục bên dưới.')));
      expect(ws.readyState).toBe(WebSocket.OPEN);
      const watermarks = frames.map((f) => Number(f.watermark));
      expect([...watermarks].sort((a, b) => a - b)).toEqual(watermarks);
      ws.close();
    });

    it.each([
      ['a forged stream token', (s: Started) => s.streamUrl.replace(/t=[^&]+/, 't=abc.def.ghi'), 'HTTP 401'],
      ['another conversation', (s: Started) => s.streamUrl.replace(`/conversations/${s.conversationId}/`, '/conversations/khac/'), 'HTTP 403'],
      ['an unknown path', (s: Started) => s.streamUrl.replace('/stream', '/songs'), 'HTTP 404'],
    ])('refuses %s', async (_name, mangle, expected) => {
      const s = await start();
      await expect(open(mangle(s))).rejects.toThrow(expected);
    });
  });
});

describe('Bot Framework callback routes', () => {
  let t: TestApp;
  let conversationId: string;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    const gen = await fetch(`${t.url}/v3/directline/tokens/generate`, { method: 'POST' });
    ({ conversationId, token } = (await gen.json()) as { conversationId: string; token: string });
    await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  });
  afterAll(async () => {
    await t.close();
  });

  const reply = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('stores a bot message, answers its id, and the client then sees it with the bot role', async () => {
    const res = await reply(`/v3/conversations/${conversationId}/activities/act-1`, { type: 'message', text: 'Tin từ cán bộ', from: { id: 'x' } });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const list = await fetch(`${t.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    const { activities } = (await list.json()) as { activities: Array<{ id: string; text?: string; replyToId?: string; from: { role: string } }> };
    const stored = activities.find((a) => a.id === id);
    expect(stored).toEqual(expect.objectContaining({ text: 'Tin từ cán bộ', replyToId: 'act-1', from: expect.objectContaining({ role: 'bot' }) }));
  });

  it.each([
    ['a relayed request (X-Forwarded-For)', { type: 'message', text: 'giả mạo' }, { 'X-Forwarded-For': '203.0.113.7' }, 403],
    ['an activity without type', { text: 'x' }, {}, 400],
  ])('refuses %s', async (_name, body, headers, status) => {
    const res = await reply(`/v3/conversations/${conversationId}/activities`, body, headers);
    expect(res.status).toBe(status);
  });

  it('an unknown conversation → 404', async () => {
    const res = await reply('/v3/conversations/khong-co/activities', { type: 'message', text: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('Direct Line with a secret and a public URL', () => {
  let t: TestApp;
  const secret = 'bi-mat-cua-xa-0123456789';
  beforeAll(async () => {
    t = await startTestApp({ env: { DIRECTLINE_SECRET: secret, PUBLIC_URL: 'https://hoidap.thanhhoa.gov.vn' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('generating a token needs the secret', async () => {
    const anonymous = await fetch(`${t.url}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const ok = await fetch(`${t.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: 'cong-dan-1' } }),
    });
    expect(ok.status).toBe(200);
    const { token } = (await ok.json()) as { token: string };
    const misuse = await fetch(`${t.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(misuse.status).toBe(403);
  });

  it('the secret starts a conversation and the stream URL uses the public origin', async () => {
    const res = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Started;
    expect(body.token).toEqual(expect.any(String));
    expect(body.streamUrl.startsWith(`wss://hoidap.thanhhoa.gov.vn/v3/directline/conversations/${body.conversationId}/stream?t=`)).toBe(true);
  });
});

describe('anonymous tokens are rate-limited per address', () => {
  it('answers 429 past the limit', async () => {
    const t = await startTestApp({ limits: { token: { limit: 3, windowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${t.url}/v3/directline/tokens/generate`, { method: 'POST' })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await t.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
