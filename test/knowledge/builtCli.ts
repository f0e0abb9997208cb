/**
 * Runs the CLI the way users and CI do: the compiled `dist/src/cli/main.js`. `npm install` builds it (prepare);
 * when a source this suite exercises is newer than its compiled file, it is rebuilt first so the test never runs
 * stale code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const WATCHED_SOURCES = ['src/cli', 'src/knowledge', 'src/text'];

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

function isStale(): boolean {
  if (!fs.existsSync(CLI)) return true;
  return WATCHED_SOURCES.flatMap((d) => tsFiles(path.join(ROOT, d))).some((src) => {
    const out = path.join(ROOT, 'dist', path.relative(ROOT, src)).replace(/\.ts$/, '.js');
    return !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs;
  });
}

export function ensureBuilt(): void {
  if (!isStale()) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the check below says whether there is a CLI to run.
  }
  if (!fs.existsSync(CLI)) throw new Error('dist/src/cli/main.js is missing: run `npm run build`');
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
