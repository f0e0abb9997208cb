/**
 * The real `donghanh serve` process: it starts on a free port, and on SIGTERM closes Direct Line sockets with
 * "going away" (so Web Chat reconnects later), finishes, and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const root = path.resolve(__dirname, '../..');

describe('donghanh serve', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'donghanh-serve-'));
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shuts down gracefully on SIGTERM', async () => {
    child = spawn(process.execPath, ['-r', './test/fakes/tsRegister.js', 'src/cli/main.ts', 'serve'], {
      cwd: root,
      env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'serve.db')}`, KNOWLEDGE_DIR: './knowledge', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 60_000);
      const check = () => {
        const match = /đang chạy tại http:\/\/localhost:(\d+)\//.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child!.stderr!.on('data', check);
      void exited.then(() => reject(new Error(`server exited early:\n${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const gen = (await (await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
    const started = (await (
      await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${gen.token}` } })
    ).json()) as { streamUrl: string };
    const ws = new WebSocket(started.streamUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    child.kill('SIGTERM');
    await expect(closed).resolves.toBe(1001);
    await expect(exited).resolves.toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
  }, 90_000);
});
