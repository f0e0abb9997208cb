/**
 * `npm run bench:load`: full citizen conversations through the self-hosted Direct Line, as Web Chat drives them —
 * greeting, three questions, a clarification (a vague question, then a choice), an escalation to the commune police
 * (five turns) — against the built server in a child process, at 50, 200 and 500 concurrent conversations, on
 * SQLite and (when reachable) PostgreSQL. Next to it, in the same run and on the same backend, the framework's floor:
 * a bare CloudAdapter echo bot behind the same Direct Line (bench/echoServer.ts), driven by the same script.
 *
 * A conversation is a person: between turns it waits BENCH_THINK_MS (default 1000 ms, ±50%; a real citizen reads
 * and types for far longer). The citizens of a run arrive one after another over the length of one conversation
 * (turns × think time) and the measurement starts once all of them are in: what is measured is the steady state of
 * that many conversations at once, with starts, questions and escalations mixed as they are in real traffic, not
 * the first seconds, when every citizen would otherwise be greeting the bot at the same moment. A last run per
 * backend has no think time, to show the most turns per second one instance sustains. Also measured: memory per
 * 1,000 open conversations (each with its Web Chat stream open).
 *
 * Bounded: each run lasts BENCH_SECONDS (default 20) and stops by itself; everything is on loopback. On a shared
 * machine a single stall of a tenth of a second reaches a hundred turns in flight, so a short recording's p99 is
 * decided by whether one happened to fall in it: 20 s gives the p99 a few such events to average over.
 * BENCH_BACKENDS=sqlite or =postgres measures one backend only.
 *
 * Next to the latencies, the CPU each turn cost the server, PostgreSQL's processes and this load generator, read
 * from /proc: steadier than a p99 on a noisy machine, and it shows which process a change moved.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { type CpuSpent, cpuBetween, readCpu } from './processCpu';
import { ms, nowMs, percentile } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const ECHO = path.join(ROOT, 'dist', 'bench', 'echoServer.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const LEVELS = (process.env.BENCH_LEVELS ?? '50,200,500').split(',').map(Number);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',');
const OPEN_CONVERSATIONS = 1000;

/** One turn: a Direct Line activity (a message, or a button press with its value). */
interface Turn {
  text: string;
  value?: unknown;
}

const SCRIPT: Turn[] = [
  { text: 'quên mật khẩu vneid thì làm sao' },
  { text: 'làm hộ chiếu ở đâu' },
  { text: 'đăng ký khai sinh cho con' },
  { text: 'căn cước' },
  { text: 'Làm thẻ căn cước lần đầu', value: { donghanh: { kind: 'entry', entryId: 'can-cuoc.cap-lan-dau' } } },
  { text: 'gặp cán bộ' },
  { text: 'dinh hoa' },
  { text: 'Tôi muốn hỏi thủ tục xác nhận thông tin cư trú cho mẹ đã 80 tuổi' },
  { text: 'Không để lại số' },
  { text: 'Gửi' },
];
/** The greeting (starting the conversation) counts as a turn too. */
const TURNS_PER_CONVERSATION = SCRIPT.length + 1;

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

interface RunResult {
  label: string;
  concurrency: number;
  thinkMs: number;
  turns: number;
  errors: number;
  /** What the failed turns failed with, and how often: an error count means nothing without it. */
  errorKinds: Map<string, number>;
  seconds: number;
  latencies: number[];
  /** Latencies by step of the script (0 = the greeting), to see which kind of turn makes the tail. */
  byStep: number[][];
  /** CPU time spent during the recorded seconds, in ms, where it could be read (Linux /proc). */
  cpu?: CpuSpent;
}


async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(kind: 'donghanh' | 'echo', databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--expose-gc', kind === 'echo' ? ECHO : CLI, ...(kind === 'echo' ? [] : ['serve'])], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
      LOG_LEVEL: 'warn',
      NODE_NO_WARNINGS: '1',
      DONGHANH_DEBUG_ENDPOINTS: '1',
      // Every simulated citizen comes from 127.0.0.1: the per-address limits are for the open internet.
      RATE_LIMIT_TOKENS_PER_ADDRESS: '1000000',
      RATE_LIMIT_MESSAGES_PER_ADDRESS: '1000000',
      RATE_LIMIT_MESSAGES_PER_CONVERSATION: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok && (kind === 'echo' || (await fetch(`${url}/readyz`)).ok)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${kind} server not ready in 90 s`);
    }
    await sleep(100);
  }
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

/**
 * Keep-alive connections, as a browser keeps them. node:http rather than fetch: the load generator shares the two
 * cores with the server and PostgreSQL, and fetch (undici) costs it about twice the CPU per request, CPU the server
 * under test would otherwise have had (measured at 200 conversations: ~1.5 against ~3 ms per turn). An idle
 * connection is dropped at 4 s, before the server's keep-alive timeout (Node's 5 s) can close it under a request
 * being sent on it, as browsers do too.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4000 });

function call(url: string, method: string, route: string, token?: string, body?: unknown): Promise<Record<string, unknown>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/v3/directline${route}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(new Error(`${method} ${route} → ${status} ${text.slice(0, 200)}`));
        else resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Runs `concurrency` citizens, each going through conversations back to back, and records the turns of `seconds`
 * after the ramp-up (the citizens' arrivals: one conversation's length with think time, none without).
 */
async function run(
  label: string,
  server: Server,
  concurrency: number,
  seconds: number,
  thinkMs: number,
): Promise<RunResult> {
  const { url } = server;
  const latencies: number[] = [];
  const byStep: number[][] = Array.from({ length: TURNS_PER_CONVERSATION }, () => []);
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const rampMs = thinkMs > 0 ? TURNS_PER_CONVERSATION * thinkMs : 0;
  const start = nowMs() + rampMs;
  const end = start + seconds * 1000;
  const think = (): Promise<void> => (thinkMs > 0 ? sleep(thinkMs * (0.5 + Math.random())) : Promise.resolve());
  const timedTurn = async (step: number, work: () => Promise<unknown>): Promise<boolean> => {
    const t0 = nowMs();
    const recorded = t0 >= start;
    try {
      await work();
      const took = nowMs() - t0;
      if (recorded) {
        latencies.push(took);
        byStep[step]!.push(took);
      }
      return true;
    } catch (err) {
      if (recorded) {
        errors += 1;
        const kind = (err instanceof Error ? err.message : String(err)).slice(0, 160);
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
      return false;
    }
  };
  const citizen = async (index: number): Promise<void> => {
    // People do not all press "chat" in the same second: arrivals spread over the ramp-up.
    await sleep((index / concurrency) * rampMs);
    while (nowMs() < end) {
      let token = '';
      let conversationId = '';
      const greeted = await timedTurn(0, async () => {
        const generated = await call(url, 'POST', '/tokens/generate');
        const started = await call(url, 'POST', '/conversations', generated.token as string, { locale: 'vi-VN' });
        token = started.token as string;
        conversationId = started.conversationId as string;
      });
      if (!greeted) continue;
      for (const [index, turn] of SCRIPT.entries()) {
        if (nowMs() >= end) return;
        await think();
        if (nowMs() >= end) return;
        const ok = await timedTurn(index + 1, () =>
          call(url, 'POST', `/conversations/${conversationId}/activities`, token, {
            type: 'message',
            from: { id: 'citizen' },
            text: turn.text,
            ...(turn.value ? { value: turn.value } : {}),
          }),
        );
        if (!ok) break;
      }
    }
  };
  let cpuAtStart: CpuSpent | undefined;
  const startReading = setTimeout(() => (cpuAtStart = readCpu(server.child.pid)), Math.max(0, start - nowMs()));
  await Promise.all(Array.from({ length: concurrency }, (_, i) => citizen(i)));
  clearTimeout(startReading);
  const cpuAtEnd = readCpu(server.child.pid);
  const cpu = cpuAtStart && cpuAtEnd ? cpuBetween(cpuAtStart, cpuAtEnd) : undefined;
  const result = { label, concurrency, thinkMs, turns: latencies.length, errors, errorKinds, seconds: (nowMs() - start) / 1000, latencies, byStep };
  return cpu ? { ...result, cpu } : result;
}

async function memory(url: string): Promise<{ rss: number; heapUsed: number }> {
  return (await (await fetch(`${url}/debug/memory`)).json()) as { rss: number; heapUsed: number };
}

/** Opens `count` conversations, each with its stream, and returns the memory they hold (after GC), per 1,000. */
async function memoryPerThousand(url: string, count: number): Promise<{ rssMb: number; heapMb: number }> {
  const before = await memory(url);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async () => {
        const generated = await call(url, 'POST', '/tokens/generate');
        const started = await call(url, 'POST', '/conversations', generated.token as string, { locale: 'vi-VN' });
        const ws = new WebSocket(started.streamUrl as string);
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        sockets.push(ws);
      }),
    );
  }
  const after = await memory(url);
  for (const ws of sockets) ws.terminate();
  const per = 1000 / count / (1024 * 1024);
  return { rssMb: (after.rss - before.rss) * per, heapMb: (after.heapUsed - before.heapUsed) * per };
}

interface Backend {
  name: string;
  url: string;
  cleanup(): Promise<void>;
}

async function sqliteBackend(tag: string): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `donghanh-bench-${tag}-`));
  return {
    name: 'SQLite',
    url: `sqlite:${path.join(dir, 'bench.db')}`,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresBackend(tag: string): Promise<Backend | string> {
  const name = `dh_bench_${tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (err) {
    await admin.end().catch(() => undefined);
    return err instanceof Error ? err.message : String(err);
  }
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    url: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function row(r: RunResult): string {
  const perSecond = r.turns / r.seconds;
  return [
    r.label.padEnd(10),
    String(r.concurrency).padStart(4),
    (r.thinkMs > 0 ? `${r.thinkMs} ms` : 'none').padStart(8),
    perSecond.toFixed(1).padStart(8),
    ms(percentile(r.latencies, 50)).padStart(9),
    ms(percentile(r.latencies, 95)).padStart(9),
    ms(percentile(r.latencies, 99)).padStart(9),
    String(r.errors).padStart(6),
    ...(['serverMs', 'postgresMs', 'generatorMs'] as const).map((part) =>
      (r.cpu && r.turns > 0 ? (r.cpu[part] / r.turns).toFixed(2) : '—').padStart(part === 'serverMs' ? 8 : 7),
    ),
    ...(['machineBusyMs', 'stealMs'] as const).map((part) =>
      (r.cpu && r.cpu.machineMs > 0 ? `${Math.round((100 * r.cpu[part]) / r.cpu.machineMs)}%` : '—').padStart(part === 'stealMs' ? 5 : 4),
    ),
  ].join(' ');
}

async function benchBackend(make: (tag: string) => Promise<Backend | string>): Promise<void> {
  const results: RunResult[] = [];
  const plans = [...LEVELS.map((c) => ({ concurrency: c, thinkMs: THINK_MS })), { concurrency: 50, thinkMs: 0 }];
  let backendName = '';
  for (const kind of ['donghanh', 'echo'] as const) {
    const backend = await make(kind);
    if (typeof backend === 'string') {
      process.stdout.write(`\n!! PostgreSQL at ${POSTGRES_URL} is not reachable (${backend}): PostgreSQL figures skipped.\n`);
      return;
    }
    backendName = backend.name;
    const server = await startServer(kind, backend.url);
    try {
      const label = kind === 'donghanh' ? 'Đồng hành' : 'echo bot';
      // Warm-up, not recorded: lazy code paths, connection pools, the JIT.
      await run(label, server, 20, 3, 0);
      for (const plan of plans) results.push(await run(label, server, plan.concurrency, SECONDS, plan.thinkMs));
      if (kind === 'donghanh' && backend.name === 'SQLite') {
        const mem = await memoryPerThousand(server.url, OPEN_CONVERSATIONS);
        memoryLine = `Memory per 1,000 open conversations (Web Chat stream open, ${backend.name}, after GC): heap ${mem.heapMb.toFixed(1)} MB (RSS moved ${mem.rssMb.toFixed(1)} MB: the allocator returns pages unevenly, plan with the heap)`;
      }
    } finally {
      await server.stop();
      await backend.cleanup();
    }
  }
  process.stdout.write(`\n${backendName}: ${TURNS_PER_CONVERSATION} turns per conversation, ${SECONDS} s per run\n`);
  process.stdout.write(`${'server'.padEnd(10)} ${'conv'.padStart(4)} ${'think'.padStart(8)} ${'turns/s'.padStart(8)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'errors'.padStart(6)} ${'srv cpu'.padStart(8)} ${'pg cpu'.padStart(7)} ${'gen cpu'.padStart(7)} ${'busy'.padStart(4)} ${'steal'.padStart(5)}\n`);
  for (const r of results) process.stdout.write(`${row(r)}\n`);
  for (const r of results) {
    for (const [kind, count] of r.errorKinds) process.stdout.write(`  ${r.label}, ${r.concurrency} conversations: ${count} × ${kind}\n`);
  }
  process.stdout.write(
    '  cpu: CPU ms per recorded turn of the server process, of PostgreSQL\'s processes and of this load generator;\n' +
      '  busy, steal: share of all cores\' time that was busy, and that waited for the VM\'s host (runs with steal compare with nothing)\n',
  );
  for (const r of results) {
    if (r.label === 'echo bot' || r.thinkMs === 0) continue;
    const steps = r.byStep.map((l, i) => `${i === 0 ? 'start' : i}: ${ms(percentile(l, 50))}/${ms(percentile(l, 99))}`);
    process.stdout.write(`  p50/p99 by step of the script, ${r.concurrency} conversations: ${steps.join(' · ')}\n`);
  }
  for (const plan of plans) {
    const ours = results.find((r) => r.label !== 'echo bot' && r.concurrency === plan.concurrency && r.thinkMs === plan.thinkMs)!;
    const floor = results.find((r) => r.label === 'echo bot' && r.concurrency === plan.concurrency && r.thinkMs === plan.thinkMs)!;
    const ratio = ours.turns / ours.seconds / (floor.turns / floor.seconds);
    process.stdout.write(
      `  ${String(plan.concurrency).padStart(3)} conversations, think ${plan.thinkMs > 0 ? `${plan.thinkMs} ms` : 'none'}: ` +
        `${(ratio * 100).toFixed(0)}% of the echo bot's turns/s; p99 ${ms(percentile(ours.latencies, 99))} vs ${ms(percentile(floor.latencies, 99))}\n`,
    );
  }
}

let memoryLine = '';

async function main(): Promise<void> {
  for (const file of [CLI, ECHO]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  process.stdout.write(`Load benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}\n`);
  if (BACKENDS.includes('sqlite')) await benchBackend(sqliteBackend);
  if (BACKENDS.includes('postgres')) await benchBackend(postgresBackend);
  if (memoryLine) process.stdout.write(`\n${memoryLine}\n`);
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:load failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
