/**
 * The real server as operators run it (`node dist/src/cli/main.js serve`) in a child process that tests can kill -9,
 * and a small Direct Line client speaking plain HTTP to it. The build is refreshed first when a source file is newer
 * than its compiled output, so the test never runs stale code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { CLI, ensureBuilt, ROOT } from '../helpers/builtCli';

export { ensureBuilt, ROOT };

/** A port nobody listens on right now (the server is a separate process, so it cannot report port 0 back). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** What the server wrote to standard error (for failure messages). */
  stderr(): string;
  /** SIGKILL: no shutdown handler, no flush, exactly like a crash or a power cut of the process. */
  killHard(): Promise<void>;
}

export async function startBuiltServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${stderr}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stderr: () => stderr,
    killHard: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Activity {
  type: string;
  text?: string;
  from?: { role?: string };
  suggestedActions?: { actions: { title: string }[] };
}

/** A citizen in Web Chat, reduced to the Direct Line HTTP calls Web Chat makes. */
export class DirectLineCitizen {
  private token = '';
  conversationId = '';

  constructor(private baseUrl: string) {}

  /** Points at a restarted server; the token stays valid (its signing key lives in the database). */
  moveTo(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  async start(): Promise<void> {
    const generated = await this.call('POST', '/tokens/generate', {});
    this.token = generated.token as string;
    const started = await this.call('POST', '/conversations', { user: { id: 'ignored' }, locale: 'vi-VN' });
    this.conversationId = started.conversationId as string;
  }

  /** Posts a message; Direct Line answers once the bot's turn is over, so the replies are stored by then. */
  async say(text: string): Promise<void> {
    await this.call('POST', `/conversations/${encodeURIComponent(this.conversationId)}/activities`, {
      type: 'message',
      from: { id: 'ignored', role: 'user' },
      text,
      channelData: { clientActivityID: `c-${Date.now()}-${Math.random()}` },
    });
  }

  /** Everything in the conversation, oldest first: what Web Chat shows after a reload. */
  async history(): Promise<Activity[]> {
    const set = await this.call('GET', `/conversations/${encodeURIComponent(this.conversationId)}/activities`);
    return set.activities as Activity[];
  }

  async botTexts(): Promise<string[]> {
    return (await this.history()).filter((a) => a.from?.role !== 'user' && a.type === 'message').map((a) => a.text ?? '');
  }

  private async call(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.baseUrl}/v3/directline${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
}
