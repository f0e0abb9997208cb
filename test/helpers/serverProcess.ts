/**
 * Built servers in child processes (`node dist/src/cli/main.js serve`), as operators run them, for the scale-out
 * and fault tests: start several on one database, kill one with SIGKILL, restart it, read its memory.
 *
 *   const a = await startServerProcess({ DATABASE_URL: url, KNOWLEDGE_DIR: KNOWLEDGE });
 *   await a.killHard();           // a crash: no shutdown handler runs
 *   const mem = await a.memory(); // after a forced GC (the child runs with --expose-gc and the debug endpoint on)
 *
 * Each child gets a free loopback port, `LOG_LEVEL=warn` unless told otherwise, and is killed after the test file
 * if the test forgot. The build is refreshed first when a source file is newer than its output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, freePort, ROOT } from '../escalation/builtServer';

export { ensureBuilt, ROOT };

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  gcForced: boolean;
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What the server wrote to standard error so far (for failure messages and log assertions). */
  stderr(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** SIGKILL, like a crash or a power cut of the process. */
  killHard(): Promise<void>;
  /** SIGTERM and wait for the clean shutdown. */
  stop(): Promise<void>;
  /** The child's memory after a forced garbage collection. */
  memory(): Promise<MemoryReport>;
}

const running = new Set<ServerProcess>();

afterAll(async () => {
  await Promise.all([...running].map((s) => s.killHard()));
});

export interface StartOptions {
  /** How long to wait for `/readyz` (the first start builds the matcher index). */
  readyTimeoutMs?: number;
  /** Reuse a port (a restart behind the same address). */
  port?: number;
}

export async function startServerProcess(env: Record<string, string>, options: StartOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--expose-gc', CLI, 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DONGHANH_DEBUG_ENDPOINTS: '1',
      NODE_NO_WARNINGS: '1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (stderr.length > 2_000_000) stderr = stderr.slice(-1_000_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const server: ServerProcess = {
    url,
    port,
    child,
    stderr: () => stderr,
    alive,
    killHard: async () => {
      running.delete(server);
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      running.delete(server);
      if (alive()) child.kill('SIGTERM');
      await exited;
    },
    memory: async () => {
      const res = await fetch(`${url}/debug/memory`);
      if (!res.ok) throw new Error(`/debug/memory → ${res.status}`);
      return (await res.json()) as MemoryReport;
    },
  };
  running.add(server);

  const until = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (!alive()) {
      running.delete(server);
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await server.killHard();
      throw new Error(`server not ready in time:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}
