/**
 * A fake of the Zalo Bot Platform API (bot-api.zaloplatforms.com) on loopback: `/bot<token>/<method>`, a wrong
 * token → `{ ok: false, error_code: 401, description: 'Unauthorized' }`; `sendMessage` needs `chat_id` and a 1–2,000
 * character `text`; `quotaExceededNext(n)` answers 429; every request is recorded.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotRequest {
  method: string;
  apiMethod: string;
  tokenOk: boolean;
  body: Record<string, unknown>;
  status: number;
  response: Record<string, unknown>;
}

export class FakeZaloBot {
  readonly requests: BotRequest[] = [];
  readonly sent: Array<{ chatId: string; text: string }> = [];
  url = '';
  private readonly server: http.Server;
  private quotaExceeded = 0;

  constructor(private readonly token: string) {
    this.server = http.createServer((req, res) => void this.route(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  quotaExceededNext(count: number): void {
    this.quotaExceeded = count;
  }

  textsTo(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.text);
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      body = {};
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const tokenOk = match?.[1] === this.token;
    let status = 200;
    let response: Record<string, unknown>;
    if (!match) {
      status = 404;
      response = { ok: false, error_code: 404, description: 'Not found' };
    } else if (!tokenOk) {
      status = 401;
      response = { ok: false, error_code: 401, description: 'Unauthorized' };
    } else if (match[2] === 'sendMessage') {
      response = this.sendMessage(body);
      if (response.ok === false) status = Number(response.error_code);
    } else if (match[2] === 'getMe') {
      response = { ok: true, result: { id: this.token.split(':')[0], account_name: 'bot.test', account_type: 'BASIC', can_join_groups: false } };
    } else {
      status = 400;
      response = { ok: false, error_code: 400, description: 'Bad request' };
    }
    this.requests.push({ method: req.method ?? '', apiMethod: match?.[2] ?? '', tokenOk, body, status, response });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(response));
  }

  private sendMessage(body: Record<string, unknown>): Record<string, unknown> {
    if (this.quotaExceeded > 0) {
      this.quotaExceeded -= 1;
      return { ok: false, error_code: 429, description: 'Quota exceeded' };
    }
    const chatId = body.chat_id;
    const text = body.text;
    if (typeof chatId !== 'string' || !chatId) return { ok: false, error_code: 400, description: 'chat_id is required' };
    const length = typeof text === 'string' ? Array.from(text.normalize('NFC')).length : 0;
    if (length < 1 || length > 2000) return { ok: false, error_code: 400, description: 'text must be 1-2000 characters' };
    this.sent.push({ chatId, text: text as string });
    return { ok: true, result: { message_id: randomBytes(10).toString('hex'), date: Date.now() } };
  }
}
