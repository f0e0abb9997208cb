/**
 * Runs `donghanh` (its commands, and `serve` via test/escalation/builtServer.ts) the way people, outside tools and CI do: the compiled `dist/src/cli/main.js`. `npm install` builds
 * it (prepare); when a source these tests exercise is newer than its compiled file it is rebuilt first, so a test
 * never runs stale code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURE_KNOWLEDGE = path.join(ROOT, 'test', 'fixtures', 'matching', 'knowledge');
export const FIXTURE_CASES = path.join(ROOT, 'test', 'fixtures', 'matching', 'cases');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** Everything `tsconfig.json` compiles into the CLI and the server it serves. */
const WATCHED = ['src', 'dialogs'];

function tsFiles(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return p.endsWith('.ts') ? [p] : [];
  return fs.readdirSync(p).flatMap((name) => tsFiles(path.join(p, name)));
}

function isStale(): boolean {
  if (!fs.existsSync(CLI)) return true;
  return WATCHED.flatMap((d) => tsFiles(path.join(ROOT, d))).some((src) => {
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

export interface CliOptions {
  /** Standard input, as piped by a shell. */
  input?: string;
  /** Added to the environment; KNOWLEDGE_DIR defaults to the small fixture knowledge so no test reads the shipped one by accident. */
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], { input = '', env = {} }: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE, ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
