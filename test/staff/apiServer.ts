/**
 * A real HTTP server with the staff routes over a real database (one of `backends()`), the real ticket repository
 * and reply delivery; only the citizen's channel is a recording stand-in. `Browser` plays a console: it keeps the
 * session cookie and sends the CSRF token the way `app.js` does.
 */
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import restify from 'restify';
import { type ProactiveSender, ReplyDelivery } from '../../src/escalation/replyDelivery';
import { TicketEvents } from '../../src/escalation/ticketEvents';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import type { Ticket, TicketKind } from '../../src/escalation/types';
import { silentLogger } from '../../src/logging';
import { registerStaffRoutes, type StaffRoutes } from '../../src/staff/registerStaffRoutes';
import type { StaffRouteDeps } from '../../src/staff/routes/context';
import type { StaffRole } from '../../src/staff/types';
import type { AppDatabase } from '../../src/storage/openDatabase';
import { COMMUNES, FAST_HASH, TestClock, uniqueName } from './helpers';

export const PASSWORD = 'Trực ban số 1 năm 2025';

export class RecordingChannel implements ProactiveSender {
  readonly sent: Array<{ ref: string; text: string }> = [];
  failWith: Error | undefined;
  async send(conversationRef: string, text: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ ref: conversationRef, text });
  }
}

export interface StaffApi {
  url: string;
  db: AppDatabase;
  tickets: SqlTicketRepository;
  channel: RecordingChannel;
  routes: StaffRoutes;
  knowledgeDir: string;
  clock: TestClock;
  /** Creates an account directly (as `donghanh staff add` would) and returns its username. */
  account(role: StaffRole, communeId?: string): Promise<string>;
  ticket(communeId: string, subject?: string, kind?: TicketKind): Promise<Ticket>;
  close(): Promise<void>;
}

export async function startStaffApi(db: AppDatabase, extra: Partial<StaffRouteDeps> = {}): Promise<StaffApi> {
  const clock = new TestClock(Date.now());
  const ticketEvents = new TicketEvents(db.events);
  const tickets = new SqlTicketRepository(db, { provinceCode: 'TH', events: ticketEvents, now: clock.now });
  const channel = new RecordingChannel();
  const delivery = new ReplyDelivery({ tickets, communeName: (id) => COMMUNES.communes.find((c) => c.id === id)?.name ?? id }).register(
    ['directline', 'webchat'],
    channel,
  );
  const knowledgeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'donghanh-staff-kb-'));
  await fs.cp(path.join(__dirname, '../fixtures/knowledge/valid'), knowledgeDir, { recursive: true });

  const server = restify.createServer({ name: 'staff-test', handleUncaughtExceptions: false });
  const routes = registerStaffRoutes(server, {
    db,
    events: db.events,
    tickets,
    ticketEvents,
    delivery,
    logger: silentLogger(),
    knowledgeDir,
    communes: () => COMMUNES.communes,
    hashParams: FAST_HASH,
    now: clock.now,
    ...extra,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let conversation = 0;
  return {
    url,
    db,
    tickets,
    channel,
    routes,
    knowledgeDir,
    clock,
    async account(role, communeId) {
      const username = uniqueName(role);
      await routes.services.service.create({ staffId: null, name: 'cli:test' }, { username, role, communeId: communeId ?? null, password: PASSWORD });
      return username;
    },
    async ticket(communeId, subject = 'Cho tôi hỏi làm lại căn cước bị mất ở đâu?', kind = 'question') {
      conversation += 1;
      const { ticket } = await tickets.create({
        kind,
        communeId,
        channel: 'directline',
        conversationRef: JSON.stringify({
          channelId: 'directline',
          serviceUrl: 'http://127.0.0.1:1',
          conversation: { id: `conv-${process.pid}-${conversation}-${Math.random()}` },
          user: { id: 'citizen', role: 'user' },
          bot: { id: 'bot', role: 'bot' },
        }),
        subject,
        phone: null,
        transcript: [],
      });
      return ticket;
    },
    async close() {
      await routes.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fs.rm(knowledgeDir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A console in a browser: remembers its cookie and CSRF token. */
export class Browser {
  cookie: string | undefined;
  csrf: string | undefined;
  setCookie: string | undefined;

  constructor(readonly base: string) {}

  static async signedIn(api: StaffApi, username: string): Promise<Browser> {
    const b = new Browser(api.url);
    const r = await b.login(username, PASSWORD);
    if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${r.text}`);
    return b;
  }

  async login(username: string, password: string, headers: Record<string, string> = {}): Promise<Reply> {
    const r = await this.request('POST', '/staff/api/login', { username, password }, { csrf: false, headers });
    if (r.status === 200) this.csrf = String(r.body.csrfToken);
    return r;
  }

  get<T = Record<string, unknown>>(route: string): Promise<Reply<T>> {
    return this.request<T>('GET', route);
  }

  post<T = Record<string, unknown>>(route: string, body: unknown = {}, options: { csrf?: boolean | string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    return this.request<T>('POST', route, body, options);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = options.csrf ?? true;
    if (typeof csrf === 'string') headers['x-csrf-token'] = csrf;
    else if (csrf && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + route, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      this.setCookie = setCookie;
      const value = setCookie.split(';')[0]!;
      this.cookie = value.endsWith('=') ? undefined : value;
    }
    const text = await res.text();
    let parsed: unknown = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An EventSource stand-in: opens `/staff/api/events` with the browser's cookie and collects parsed events. */
export class SseListener {
  readonly events: SseEvent[] = [];
  status = 0;
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  private ended = false;

  static async open(browser: Browser): Promise<SseListener> {
    const listener = new SseListener();
    const res = await fetch(`${browser.base}/staff/api/events`, {
      headers: browser.cookie ? { cookie: browser.cookie, accept: 'text/event-stream' } : { accept: 'text/event-stream' },
      signal: listener.controller.signal,
    });
    listener.status = res.status;
    if (res.ok && res.body) void listener.read(res.body);
    else listener.ended = true;
    return listener;
  }

  /** Resolves with the first event (already received or arriving later) that matches. */
  async next(match: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended; events seen: ${JSON.stringify(this.events)}`);
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; seen: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          this.wake();
        }
      }
    } catch {
      // Aborted by close().
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
