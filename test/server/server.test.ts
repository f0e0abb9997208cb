import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, PASSWORD_QUESTION, type TestApp } from '../fakes/testApp';

/** Stands in for the Bot Framework Emulator's connector: collects what the bot sends to `serviceUrl`. */
async function fakeChannel(): Promise<{ url: string; received: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const received: Array<Record<string, unknown>> = [];
  const server: HttpServer = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'a1',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id: 'conv-1' },
    from: { id: 'user-1', name: 'Người dùng', role: 'user' },
    recipient: { id: 'bot', name: 'Đồng hành', role: 'bot' },
    text: 'xin chào',
    ...overrides,
  };
}

describe('server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

  it('GET /healthz says the process is alive', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready when knowledge is loaded and the database answers', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expect.objectContaining({ status: 'ready', checks: { knowledge: 'ok', database: 'ok' } }));
  });

  type BadInput = { name: string; path?: string; method?: string; body?: string; contentType?: string; status: number };
  const bad: BadInput[] = [
    { name: 'malformed JSON', body: '{"type": "message",', status: 400 },
    { name: 'a JSON array', body: '[1,2]', status: 400 },
    { name: 'JSON null', body: 'null', status: 400 },
    { name: 'an empty body', body: '', status: 400 },
    { name: 'a form instead of JSON', body: 'type=message', contentType: 'application/x-www-form-urlencoded', status: 415 },
    { name: 'plain text', body: 'xin chào', contentType: 'text/plain', status: 415 },
    { name: 'an oversized body', body: JSON.stringify(activity({ text: 'a'.repeat(300 * 1024) })), status: 413 },
    { name: 'an activity without type', body: JSON.stringify(activity({ type: undefined })), status: 400 },
    { name: 'an activity without conversation', body: JSON.stringify(activity({ conversation: undefined })), status: 400 },
    { name: 'an activity without serviceUrl', body: JSON.stringify(activity({ serviceUrl: undefined })), status: 400 },
    { name: 'a serviceUrl that is not http', body: JSON.stringify(activity({ serviceUrl: 'file:///etc/passwd' })), status: 400 },
    { name: 'a serviceUrl elsewhere while unauthenticated', body: JSON.stringify(activity({ serviceUrl: 'https://example.com/' })), status: 403 },
    { name: 'fields of the wrong type', body: JSON.stringify(activity({ from: 'someone', recipient: 42 })), status: 400 },
  ];

  it.each(bad)('POST /api/messages with $name → $status with a JSON error', async ({ body, contentType, status }) => {
    const res = await post('/api/messages', body ?? '', contentType);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toEqual(expect.any(String));
    expect(json.error.message.length).toBeGreaterThan(5);
  });

  it.each([
    { name: 'an unknown route', method: 'GET', path: '/khong-co', status: 404 },
    { name: 'an unknown API route', method: 'POST', path: '/api/khong-co', status: 404 },
    { name: 'the wrong method', method: 'GET', path: '/api/messages', status: 405 },
    { name: 'the wrong method on a Direct Line route', method: 'DELETE', path: '/v3/directline/conversations', status: 405 },
  ])('$name → $status with a JSON error', async ({ method, path, status }) => {
    const res = await fetch(`${t.url}${path}`, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const json = (await res.json()) as { error: { message: string } };
    expect(json.error.message).toMatch(/[ạ-ỹ]/u);
  });

  it('keeps serving after every bad request', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(t.log.lines.filter((l) => l.level === 60)).toEqual([]);
  });

  it('answers a local channel (the Bot Framework Emulator) through serviceUrl', async () => {
    const channel = await fakeChannel();
    try {
      const res = await post('/api/messages', JSON.stringify(activity({ serviceUrl: channel.url, text: PASSWORD_QUESTION })));
      expect(res.status).toBe(200);
      const card = channel.received.find((a) => Array.isArray(a.attachments));
      expect(JSON.stringify(card)).toContain('Quên mật khẩu VNeID');
      expect(channel.received.some((a) => a.text === 'Câu trả lời có hữu ích không?')).toBe(true);
    } finally {
      await channel.close();
    }
  });
});

describe('readiness when something is missing', () => {
  it('is not ready before the knowledge is loaded', async () => {
    const t = await startTestApp({ knowledgeLoaded: false });
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: { knowledge: string } }).checks.knowledge).not.toBe('ok');
    } finally {
      await t.close();
    }
  });

  it('is not ready when the database cannot be reached', async () => {
    const t = await startTestApp();
    try {
      await t.db.close();
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: { database: string } }).checks.database).not.toBe('ok');
    } finally {
      await t.app.close();
    }
  });
});

describe('shutdown', () => {
  it('closes Direct Line sockets and stops listening', async () => {
    const t = await startTestApp();
    await t.close();
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
  });
});
