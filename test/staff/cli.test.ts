/**
 * `donghanh staff …` as an administrator runs it: the compiled CLI, a SQLite database, the password piped on
 * standard input (never an argument).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/openDatabase';
import { createStaffServices } from '../../src/staff/staffServices';
import { communeExists } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SOURCES = ['src/staff', 'src/cli', 'src/storage', 'src/escalation', 'src/knowledge'];
const PASSWORD = 'Trực ban số 1 năm 2025';

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Rebuilds when a source this suite exercises is newer than its compiled file, so the test never runs stale code. */
function ensureBuilt(): void {
  const stale = SOURCES.flatMap((d) => tsFiles(path.join(ROOT, d))).some((src) => {
    const out = path.join(ROOT, 'dist', path.relative(ROOT, src)).replace(/\.ts$/, '.js');
    return !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs;
  });
  if (!stale && fs.existsSync(CLI)) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; running the CLI says whether it works.
  }
}

// Each run starts a Node process (about a second on an idle machine, much more on a busy CI runner).
jest.setTimeout(180_000);

let dir: string;
let env: NodeJS.ProcessEnv;

function staff(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'staff', ...args], { cwd: dir, input, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-staff-cli-'));
  fs.mkdirSync(path.join(dir, 'knowledge'));
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/communes/communes.yaml'), path.join(dir, 'knowledge/communes.yaml'));
  env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'staff.db')}`, KNOWLEDGE_DIR: path.join(dir, 'knowledge'), LOG_LEVEL: 'silent' };
}, 240_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('donghanh staff', () => {
  test('add an officer by commune name, password on stdin; the account can sign in with it', async () => {
    const r = staff(['add', 'canbo.dinhhoa', '--role', 'officer', '--commune', 'xa dinh hoa', '--name', 'Nguyễn Văn An'], `${PASSWORD}\n`);
    expect(r.stderr).toContain('Đã tạo tài khoản canbo.dinhhoa (Cán bộ Công an xã/phường, Xã Định Hòa)');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');

    const db = await openDatabase(env.DATABASE_URL!);
    try {
      const { service, audit } = createStaffServices(db, { communeExists });
      const login = await service.login('canbo.dinhhoa', PASSWORD, '127.0.0.1');
      expect(login).toMatchObject({ ok: true, account: { communeId: 'xa-dinh-hoa', displayName: 'Nguyễn Văn An' } });
      const created = (await audit.list({ action: 'account.create', limit: 5 })).entries;
      expect(created[0]).toMatchObject({ target: 'canbo.dinhhoa', actor: expect.stringMatching(/^cli:/) });
    } finally {
      await db.close();
    }
  });

  test.each([
    [['add', 'canbo.x', '--role', 'officer', '--commune', 'Xã Không Có Thật'], /Không có xã\/phường "Xã Không Có Thật"/],
    [['add', 'canbo.y', '--role', 'officer', '--commune', 'dinh hao'], /Có phải: Xã Định Hòa/],
    [['add', 'canbo.z', '--role', 'officer'], /phải gắn với một xã\/phường/],
    [['add', 'canbo.w', '--role', 'chief'], /Vai trò phải là một trong/],
    [['add', 'CanBo W', '--role', 'admin'], /Tên đăng nhập gồm/],
  ])('refuses %j with a clear message and exit 1', (args, message) => {
    const r = staff(args, `${PASSWORD}\n`);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(1);
  });

  test('a weak or missing password is refused, and nothing is created', () => {
    expect(staff(['add', 'yeu', '--role', 'admin'], 'ngan\n')).toMatchObject({ status: 1, stderr: expect.stringMatching(/ít nhất 10 ký tự/) });
    expect(staff(['add', 'trong', '--role', 'admin'], '')).toMatchObject({ status: 1, stderr: expect.stringMatching(/Không nhận được mật khẩu/) });
    expect(staff(['list']).stdout).not.toMatch(/^(yeu|trong)\b/m);
  });

  test('a password is never accepted as an argument', () => {
    const r = staff(['add', 'quantri', '--role', 'admin', '--password', PASSWORD], '');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown option '--password'/);
  });

  test('list shows every account with role, commune and state; --json gives one object per line', () => {
    staff(['add', 'giamsat.tinh', '--role', 'supervisor', '--name', 'Trần Thị Bình'], `${PASSWORD}\n`);
    const table = staff(['list']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^TÊN ĐĂNG NHẬP\s+VAI TRÒ\s+XÃ\/PHƯỜNG\s+TRẠNG THÁI\s+HỌ TÊN$/m);
    expect(table.stdout).toMatch(/^canbo\.dinhhoa\s+officer\s+xa-dinh-hoa\s+hoạt động\s+Nguyễn Văn An$/m);
    expect(table.stdout).toMatch(/^giamsat\.tinh\s+supervisor\s+—\s+hoạt động\s+Trần Thị Bình$/m);
    const json = staff(['list', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.find((a) => a.username === 'giamsat.tinh')).toMatchObject({ role: 'supervisor', communeId: null, disabledAt: null });
    expect(JSON.stringify(json)).not.toMatch(/scrypt|passwordHash|password_hash/);
  });

  test('disable, enable and reset-password change what signing in does', async () => {
    staff(['add', 'tam.thoi', '--role', 'trainer'], `${PASSWORD}\n`);
    expect(staff(['disable', 'tam.thoi'])).toMatchObject({ status: 0, stderr: expect.stringContaining('Đã khóa tài khoản tam.thoi') });
    expect(staff(['list']).stdout).toMatch(/^tam\.thoi\s+trainer\s+—\s+đã khóa/m);
    expect(staff(['enable', 'tam.thoi']).status).toBe(0);
    expect(staff(['reset-password', 'tam.thoi'], 'Mật khẩu mới hoàn toàn\n').status).toBe(0);

    const db = await openDatabase(env.DATABASE_URL!);
    try {
      const { service } = createStaffServices(db, { communeExists });
      expect((await service.login('tam.thoi', PASSWORD, '127.0.0.2')).ok).toBe(false);
      expect((await service.login('tam.thoi', 'Mật khẩu mới hoàn toàn', '127.0.0.2')).ok).toBe(true);
    } finally {
      await db.close();
    }
  });

  test.each([['disable'], ['enable'], ['reset-password']])('%s of an unknown username says so', (command) => {
    const r = staff([command, 'khong.co.ai'], `${PASSWORD}\n`);
    expect(r).toMatchObject({ status: 1, stderr: expect.stringContaining('Không có tài khoản "khong.co.ai"') });
  });
});
