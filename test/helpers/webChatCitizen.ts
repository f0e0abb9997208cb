/**
 * A citizen in Web Chat, reduced to what Web Chat does on the wire: Direct Line 3.0 over HTTP plus the WebSocket
 * stream it reads replies from. The stream stays on the server it was opened on, like a browser's socket stays on
 * the instance the load balancer picked, while HTTP calls can be pointed elsewhere with `moveTo`.
 */
import WebSocket from 'ws';

export interface ChatActivity {
  type: string;
  id?: string;
  text?: string;
  from?: { id?: string; role?: string };
  suggestedActions?: { actions: { title: string }[] };
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} → ${status} ${body}`);
  }
}

export class WebChatCitizen {
  token = '';
  conversationId = '';
  streamUrl = '';
  /** Every activity the stream pushed, in order. */
  readonly streamed: ChatActivity[] = [];
  private socket: WebSocket | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    private baseUrl: string,
    private readonly options: { secret?: string } = {},
  ) {}

  /** Further HTTP calls go to another instance (the token is valid there: the signing key is in the database). */
  moveTo(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  /** Token (anonymous, or minted with the secret as a commune's backend would) and conversation. */
  async start(): Promise<void> {
    const generated = await this.call('POST', '/tokens/generate', {}, this.options.secret);
    this.token = generated.token as string;
    const started = await this.call('POST', '/conversations', { locale: 'vi-VN' });
    this.conversationId = started.conversationId as string;
    this.streamUrl = started.streamUrl as string;
  }

  async say(text: string): Promise<void> {
    await this.call('POST', `/conversations/${encodeURIComponent(this.conversationId)}/activities`, {
      type: 'message',
      from: { id: 'ignored', role: 'user' },
      text,
      locale: 'vi-VN',
    });
  }

  async history(): Promise<ChatActivity[]> {
    const set = await this.call('GET', `/conversations/${encodeURIComponent(this.conversationId)}/activities`);
    return set.activities as ChatActivity[];
  }

  async botTexts(): Promise<string[]> {
    return (await this.history()).filter((a) => a.from?.role !== 'user' && a.type === 'message').map((a) => a.text ?? '');
  }

  /** The last bot message of the conversation's history. */
  async lastBotText(): Promise<string> {
    const texts = await this.botTexts();
    return texts[texts.length - 1] ?? '';
  }

  /** Opens the WebSocket stream at the stream URL the server handed out (on that server). */
  async openStream(): Promise<void> {
    const ws = new WebSocket(this.streamUrl);
    ws.on('message', (data) => {
      const set = JSON.parse(String(data)) as { activities?: ChatActivity[] };
      this.streamed.push(...(set.activities ?? []));
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) w();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.socket = ws;
  }

  closeStream(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** Waits until the stream has pushed a bot message whose text matches. */
  async streamedBotText(match: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.streamed.find((a) => a.type === 'message' && a.from?.role !== 'user' && match(a.text ?? ''));
      if (found) return found.text ?? '';
      if (Date.now() > deadline) {
        throw new Error(`no matching message on the stream within ${timeoutMs} ms; got: ${JSON.stringify(this.streamed.map((a) => a.text))}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
  }

  async call(method: string, route: string, body?: unknown, bearer = this.token): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.baseUrl}/v3/directline${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new HttpStatusError(res.status, text, `${method} ${route}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
}
