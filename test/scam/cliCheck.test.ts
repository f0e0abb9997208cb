/**
 * `donghanh check` as people and scripts run it: the compiled CLI (dist/src/cli/main.js), rebuilt first when the
 * sources it runs are newer than the build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SOURCES = ['src/scam', 'src/cli', 'src/knowledge', 'src/text'];

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

function ensureBuilt(): void {
  const stale =
    !fs.existsSync(CLI) ||
    SOURCES.flatMap((d) => tsFiles(path.join(ROOT, d))).some((src) => {
      const out = path.join(ROOT, 'dist', path.relative(ROOT, src)).replace(/\.ts$/, '.js');
      return !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs;
    });
  if (!stale) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the check below says whether there is a CLI to run.
  }
  if (!fs.existsSync(CLI)) throw new Error('dist/src/cli/main.js is missing: run `npm run build`');
}

function check(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], {
    cwd: ROOT,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => ensureBuilt(), 240_000);

const FAKE_FINE = 'Cuc CSGT thong bao: ban co khoan phat nguoi chua thanh toan. Truy cap https://dichvucongs.top/vn de nop phat.';

describe('donghanh check --json', () => {
  test('prints exactly {"risk","reasons":[{"code","text"}],"topic","urls"} on one line', () => {
    const r = check(['--json', FAKE_FINE]);
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const verdict = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(verdict)).toEqual(['risk', 'reasons', 'topic', 'urls']);
    expect(verdict.risk).toBe('high');
    expect(verdict.topic).toBe('lua-dao.phat-nguoi');
    expect(verdict.urls).toEqual(['https://dichvucongs.top/vn']);
    const reasons = verdict.reasons as Array<Record<string, unknown>>;
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(Object.keys(reason)).toEqual(['code', 'text']);
    expect(reasons.map((x) => x.text)).toContain('Đường link dichvucongs.top giả mạo trang dichvucong.gov.vn: thừa chữ s và không có đuôi .gov.vn.');
  });

  test('without an argument it reads the whole message from standard input, several lines', () => {
    const sms = '18001096\nCuc CSGT thong bao: ban co khoan phat nguoi chua thanh toan.\nTruy cap https://dichvucongs.top/vn de nop phat.\n';
    const r = check(['--json'], sms);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(check(['--json', sms]).stdout));
  });

  test('a legitimate message: low, topic null, the rules reminded', () => {
    const r = check(['--json', 'Ma OTP cua Quy khach la 739512. Tuyet doi khong cung cap ma nay cho bat ky ai.']);
    const verdict = JSON.parse(r.stdout) as { risk: string; topic: unknown; reasons: Array<{ code: string }> };
    expect(verdict.risk).toBe('low');
    expect(verdict.topic).toBeNull();
    expect(verdict.reasons.map((x) => x.code)).toEqual(['rules-reminder']);
  });
});

describe('donghanh check (readable)', () => {
  test('prints the level, the reasons, the link and what to do, in Vietnamese', () => {
    const r = check([FAKE_FINE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Mức độ: Nguy hiểm');
    expect(r.stdout).toContain('  - Đường link dichvucongs.top giả mạo trang dichvucong.gov.vn: thừa chữ s và không có đuôi .gov.vn.');
    expect(r.stdout).toContain('  - https://dichvucongs.top/vn');
    expect(r.stdout).toContain('Việc nên làm:');
    expect(r.stdout).not.toContain('an toàn tuyệt đối');
  });

  test('empty input: a clear message on standard error, nothing on standard output', () => {
    const r = check([], '  \n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Chưa có nội dung để kiểm tra');
  });

  test('--rules points at another knowledge folder; broken rules are listed as file:line and nothing is judged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scam-cli-'));
    try {
      fs.mkdirSync(path.join(dir, 'scam'));
      fs.writeFileSync(path.join(dir, 'scam', 'rules.yaml'), '# yaml-language-server: $schema=../schema/scam-rules.schema.json\nsignals:\n  - code: Sai Ma\n');
      const r = check(['--json', '--rules', dir, FAKE_FINE]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^scam\/rules\.yaml:3:\d+: signals\[0\]\.code: /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
