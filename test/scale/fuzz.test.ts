/**
 * Issue 7, bad input: 10,000+ malformed or random requests against the built server (child process) across every
 * door a stranger can knock on — /api/messages, /v3/directline/*, /zalo/webhook, /zalo-bot/webhook, /staff/api/* —
 * with broken JSON, wrong types, huge fields, unicode edge cases, forged or missing credentials.
 * - every malformed request is answered 4xx (the Zalo webhooks answer 200 to what they drop, by design: Zalo stops
 *   calling a webhook that errors), nothing is ever a 5xx, and the process stays up;
 * - well-formed requests carrying odd unicode (a valid token, a signed Zalo event) are handled without a 5xx;
 * - memory returns to its baseline once the storm is over (measured inside the child after a forced GC).
 * Deterministic: the requests come from a seeded generator.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStaffServices } from '../../src/staff/staffServices';
import { openDatabase } from '../../src/storage/openDatabase';
import { FakeZaloBot } from '../fakes/zaloBotServer';
import { FakeZaloOa } from '../fakes/zaloOaServer';
import { oaSignature, zaloServerEnv } from '../fakes/zaloWebhook';
import { Browser } from '../staff/apiServer';
import { FAST_HASH } from '../staff/helpers';
import { ensureBuilt, KNOWLEDGE_DIR, type MemoryReport, type ServerProcess, startServerProcess } from '../helpers/serverProcess';

jest.setTimeout(240_000);

const REQUESTS = 10_000;
const CONCURRENCY = 8;
const APP = { appId: '3608465248940903967', oaId: '3886132808788086450', oaSecretKey: 'fuzz-oa-secret-key' };
const BOT_TOKEN = '1234567890:fuzz-bot-token';
const BOT_SECRET = 'fuzz-bot-webhook-secret';
const PASSWORD = 'Trực ban Định Hòa 2025';

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNICODE = [
  '\u0000',
  '\uD800',
  'abc\uDFFFxyz',
  '\uFEFF',
  '\u202Egnp.exe',
  'a\u200D\u200Db',
  `e${'\u0301'.repeat(3000)}`,
  '👨‍👩‍👧‍👦🇻🇳',
  'Tiếng Việt có dấu'.normalize('NFD'),
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  "'; DROP TABLE tickets; --",
  '%00%ff%c0%af',
  '\r\n\r\nHTTP/1.1 200 OK',
  '{{7*7}}${7*7}<script>alert(1)</script>',
  '9'.repeat(400),
  'x'.repeat(70_000),
];

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD), which encodeURIComponent refuses to do. */
function enc(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
}

/** Header values must be visible ASCII, or the client itself refuses to send them. */
function headerSafe(value: string): string {
  return value.replace(/[^\x21-\x7e]/g, '?');
}

const ODD_VALUES: unknown[] = [null, true, 0, -1, 1e308, [], {}, [[[]]], 'x', '', { $ne: null }, { __proto__: { polluted: 1 } }, ...UNICODE.slice(0, 8)];

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** 'reject': must be 4xx; 'dropped': the Zalo webhooks' 200-or-4xx; 'any': anything but 5xx. */
  expect: 'reject' | 'dropped' | 'any';
}

interface Credentials {
  token: string;
  conversationId: string;
  staffCookie: string;
  csrf: string;
}

function generator(seed: number, creds: Credentials): () => FuzzRequest {
  const r = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const odd = (): unknown => pick(ODD_VALUES);
  // The 70,000-character one only now and then, for the same reason.
  const text = (): string => (r() < 0.03 ? UNICODE[UNICODE.length - 1]! : pick(UNICODE.slice(0, -1)));
  const huge = [`{"text":"${'a'.repeat(300_000)}"}`, '['.repeat(5000) + ']'.repeat(5000)];
  const brokenBody = (): string =>
    // Oversized bodies are few: each costs the server real work, and a handful proves the limit as well as thousands.
    r() < 0.03
      ? pick(huge)
      : pick([
          '',
          '{',
          '[]',
          'null',
          '1',
          '"str"',
          '{"a":',
          '{"type": "message", "text": "x"',
          Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('latin1'),
          JSON.stringify({ [text()]: odd() }),
        ]);
  const contentType = (): string =>
    pick(['application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']);
  const activity = (): Record<string, unknown> => {
    const a: Record<string, unknown> = {};
    for (const key of ['type', 'text', 'from', 'conversation', 'channelId', 'recipient', 'serviceUrl', 'value', 'attachments', 'entities', 'channelData']) {
      if (r() < 0.6) a[key] = odd();
    }
    if (r() < 0.5) a.type = pick(['message', 'event', 'typing', 'conversationUpdate', 'invoke', text()]);
    if (r() < 0.5) a.text = text();
    // Never a reachable loopback serviceUrl: a well-formed activity to a dead address is not what this test is about.
    if (r() < 0.3) a.serviceUrl = pick(['http://10.0.0.1/', 'ftp://127.0.0.1/', 'javascript:alert(1)', 'http://[::1', text()]);
    return a;
  };
  const json = (value: unknown): string => JSON.stringify(value);
  const staffPaths = (): string[] => [
    '/staff/api/session',
    '/staff/api/tickets',
    `/staff/api/tickets?limit=${enc(text())}`,
    `/staff/api/tickets?status=${enc(text())}&sort=x`,
    `/staff/api/tickets?q=${enc('x'.repeat(5000))}`,
    `/staff/api/tickets?from=2025-13-45&to=${enc(text())}`,
    `/staff/api/tickets/${enc(text())}`,
    '/staff/api/tickets/999999999999',
    '/staff/api/tickets.csv?from=2025-01-01&to=2020-01-01',
    '/staff/api/audit?limit=-1',
    '/staff/api/accounts',
    `/staff/api/knowledge-drafts/file?path=${enc('../../etc/passwd')}`,
    `/staff/api/knowledge-drafts/file?path=${enc(text())}`,
  ];

  return () => {
    const kind = r();
    const headers: Record<string, string> = {};
    if (kind < 0.18) {
      // The Bot Framework endpoint, without credentials configured: loopback callers only, well-formed only.
      headers['content-type'] = contentType();
      return { method: 'POST', path: '/api/messages', headers, body: r() < 0.4 ? brokenBody() : json(activity()), expect: 'reject' };
    }
    if (kind < 0.45) {
      const conv = r() < 0.5 ? creds.conversationId : enc(text().slice(0, 200));
      const bearer = pick([creds.token, '', 'undefined', 'x.y.z', creds.token.slice(0, -3) + 'AAA', headerSafe(text().slice(0, 100))]);
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      headers['content-type'] = contentType();
      const route = pick([
        ['POST', '/v3/directline/tokens/generate'],
        ['POST', '/v3/directline/tokens/refresh'],
        ['POST', '/v3/directline/conversations'],
        ['GET', `/v3/directline/conversations/${conv}`],
        ['GET', `/v3/directline/conversations/${conv}/activities?watermark=${enc(text().slice(0, 30))}`],
        ['POST', `/v3/directline/conversations/${conv}/activities`],
        ['POST', `/v3/directline/conversations/${conv}/upload`],
        ['POST', `/v3/conversations/${conv}/activities`],
        ['DELETE', `/v3/directline/conversations/${conv}`],
      ] as const);
      const body = r() < 0.5 ? brokenBody() : json(activity());
      const wellFormedPost =
        route[0] === 'POST' && route[1].endsWith(`${creds.conversationId}/activities`) && !route[1].startsWith('/v3/conversations') && bearer === creds.token;
      // A valid token may legitimately start or resume its conversation, refresh itself, read its history or post a
      // well-formed activity with odd text; everything else here is refused.
      const legitimate = bearer === creds.token && (route[1].includes('/tokens/') || route[1] === '/v3/directline/conversations' || route[0] === 'GET' || wellFormedPost);
      const anonymousToken = route[1] === '/v3/directline/tokens/generate';
      if (route[1].startsWith('/v3/conversations/')) {
        // The bot's own callback: trusted from this machine (the fuzzer is on it too), refused through a proxy.
        if (r() < 0.5) return { method: route[0], path: route[1], headers, body, expect: 'any' };
        headers['x-forwarded-for'] = '203.0.113.7';
        return { method: route[0], path: route[1], headers, body, expect: 'reject' };
      }
      return { method: route[0], path: route[1], headers, body, expect: legitimate || anonymousToken ? 'any' : 'reject' };
    }
    if (kind < 0.6) {
      // Zalo OA webhook: garbage, unsigned, forged, or correctly signed garbage.
      headers['content-type'] = contentType();
      let body = r() < 0.5 ? brokenBody() : json({ app_id: pick([APP.appId, text()]), event_name: pick(['user_send_text', 'follow', text()]), sender: odd(), message: odd(), timestamp: odd() });
      if (body.length > 200_000) body = body.slice(0, 200_000);
      const signing = r();
      if (signing < 0.4) headers['x-zevent-signature'] = oaSignature(APP.appId, body, '', APP.oaSecretKey);
      else if (signing < 0.7) headers['x-zevent-signature'] = `mac=${createHmac('sha256', 'x').update(body).digest('hex')}`;
      return { method: 'POST', path: '/zalo/webhook', headers, body, expect: 'dropped' };
    }
    if (kind < 0.72) {
      headers['content-type'] = contentType();
      if (r() < 0.6) headers['x-bot-api-secret-token'] = pick([BOT_SECRET, 'wrong', headerSafe(text().slice(0, 50))]);
      const body = r() < 0.5 ? brokenBody() : json({ ok: odd(), result: { event_name: pick(['message.text.received', text()]), message: odd() } });
      return { method: 'POST', path: '/zalo-bot/webhook', headers, body, expect: 'dropped' };
    }
    // Staff API: no session, a forged one, or a real one with bad parameters, CSRF missing, wrong bodies.
    const session = r();
    if (session < 0.5) headers.cookie = `donghanh_staff=${creds.staffCookie}`;
    else if (session < 0.75) headers.cookie = `donghanh_staff=${enc(text().slice(0, 200))}`;
    const method = pick(['GET', 'POST', 'POST', 'PUT', 'PATCH']);
    headers['content-type'] = contentType();
    if (method === 'POST' && r() < 0.5) headers['x-csrf-token'] = pick([creds.csrf, 'forged']);
    if (r() < 0.2) {
      const login = r() < 0.5 ? brokenBody() : json({ username: odd(), password: odd() });
      return { method: 'POST', path: '/staff/api/login', headers, body: login, expect: 'reject' };
    }
    const body = r() < 0.5 ? brokenBody() : json({ text: odd(), status: odd(), username: odd(), password: odd() });
    const route = pick([...staffPaths(), '/staff/api/tickets/1/replies', '/staff/api/tickets/1/status', '/staff/api/me/password', '/staff/api/accounts']);
    // A real session may read lists that exist; the rest must be refused.
    const readable = method === 'GET' && session < 0.5 && (['/staff/api/session', '/staff/api/tickets'].includes(route) || route.startsWith('/staff/api/tickets?q='));
    return { method, path: route, headers, ...(method === 'GET' ? {} : { body }), expect: readable ? 'any' : 'reject' };
  };
}

let dir: string;
let server: ServerProcess;
let oa: FakeZaloOa;
let zaloBot: FakeZaloBot;

beforeAll(async () => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-fuzz-'));
  oa = await new FakeZaloOa({ appId: APP.appId, appSecret: 'app-secret', accessToken: 'at-first', refreshToken: 'rt-first' }).start();
  zaloBot = await new FakeZaloBot(BOT_TOKEN).start();
  const url = `sqlite:${path.join(dir, 'donghanh.db')}`;
  server = await startServerProcess({
    DATABASE_URL: url,
    KNOWLEDGE_DIR,
    ...zaloServerEnv(APP, { oaUrl: oa.url, botUrl: zaloBot.url, botToken: BOT_TOKEN, botSecret: BOT_SECRET }),
  });
  const db = await openDatabase(url);
  try {
    await createStaffServices(db, { communeExists: () => true, hashParams: FAST_HASH }).service.create(
      { staffId: null, name: 'cli:test' },
      { username: 'canbo.fuzz', role: 'officer', communeId: 'xa-dinh-hoa', password: PASSWORD },
    );
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  await server?.stop();
  await oa?.close();
  await zaloBot?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function credentials(): Promise<Credentials> {
  const generated = (await (await fetch(`${server.url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const started = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
  const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
  const officer = new Browser(server.url);
  expect((await officer.login('canbo.fuzz', PASSWORD)).status).toBe(200);
  return { token, conversationId, staffCookie: officer.cookie!.split('=')[1]!, csrf: officer.csrf! };
}

interface FuzzResult {
  request: FuzzRequest;
  status: number;
  ms: number;
}

async function fire(requests: FuzzRequest[]): Promise<FuzzResult[]> {
  const results: FuzzResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        let status: number;
        const started = Date.now();
        try {
          const res = await fetch(`${server.url}${request.path}`, {
            method: request.method,
            headers: request.headers,
            ...(request.body !== undefined ? { body: request.body } : {}),
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          status = res.status;
        } catch (err) {
          // The server may cut an oversized upload short; that is a refusal, as long as it is still alive.
          status = server.alive() ? 499 : -1;
          if (status === -1) throw new Error(`server died on ${request.method} ${request.path}: ${String(err)}\n${server.stderr()}`);
        }
        results.push({ request, status, ms: Date.now() - started });
      }
    }),
  );
  return results;
}

function describeFailures(results: FuzzResult[]): string {
  return results
    .slice(0, 5)
    .map(({ request, status }) => `${status} ${request.method} ${request.path.slice(0, 120)} ${String(request.body ?? '').slice(0, 200)}`)
    .join('\n');
}

test(`${REQUESTS} malformed or random requests: 4xx for bad input, never a 5xx, alive, memory back to baseline`, async () => {
  const creds = await credentials();
  const next = generator(20251127, creds);
  // Warm up every path (lazy modules, caches, pools) before taking the baseline.
  const warmUp = await fire(Array.from({ length: 600 }, next));
  expect(warmUp.filter((r) => r.status >= 500)).toEqual([]);
  const baseline: MemoryReport = await server.memory();
  expect(baseline.gcForced).toBe(true);

  const results = await fire(Array.from({ length: REQUESTS }, next));
  expect(results).toHaveLength(REQUESTS);
  const slow = new Map<string, number>();
  for (const r of results) {
    const key = `${r.request.method} ${r.request.path.split('/').slice(0, 4).join('/').slice(0, 40)} ${r.status}`;
    slow.set(key, (slow.get(key) ?? 0) + r.ms);
  }
  process.stderr.write(`fuzz time by kind (ms): ${JSON.stringify([...slow].sort((x, y) => y[1] - x[1]).slice(0, 12))}\n`);
  expect(server.alive()).toBe(true);

  const serverErrors = results.filter((r) => r.status >= 500 || r.status < 0);
  expect(describeFailures(serverErrors)).toBe('');
  const acceptedBadInput = results.filter((r) => r.request.expect === 'reject' && (r.status < 400 || r.status >= 500));
  expect(describeFailures(acceptedBadInput)).toBe('');
  const zalo = results.filter((r) => r.request.expect === 'dropped');
  expect(zalo.every((r) => r.status === 200 || (r.status >= 400 && r.status < 500))).toBe(true);
  // Every kind of request was exercised, and most of them were refusals.
  const refused = results.filter((r) => r.status >= 400 && r.status < 500).length;
  expect(refused).toBeGreaterThan(REQUESTS * 0.6);
  for (const prefix of ['/api/messages', '/v3/directline', '/v3/conversations', '/zalo/webhook', '/zalo-bot/webhook', '/staff/api']) {
    expect(results.filter((r) => r.request.path.startsWith(prefix)).length).toBeGreaterThan(100);
  }
  // Forged or garbage Zalo events sent nothing to Zalo.
  expect(oa.delivered).toEqual([]);
  expect(zaloBot.sent).toEqual([]);

  // The server still serves a citizen normally.
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

  const after = await server.memory();
  process.stderr.write(
    `fuzz memory: heapUsed ${mb(baseline.heapUsed)} → ${mb(after.heapUsed)} MB, rss ${mb(baseline.rss)} → ${mb(after.rss)} MB\n`,
  );
  // Back to baseline: what the storm left behind is bounded caches (rate-limit windows), not a leak.
  expect(after.heapUsed).toBeLessThan(baseline.heapUsed + 16 * 1024 * 1024);
  expect(after.rss).toBeLessThan(baseline.rss + 96 * 1024 * 1024);
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
