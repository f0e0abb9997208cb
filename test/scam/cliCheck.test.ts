/**
 * `donghanh check` as people and scripts run it: the compiled CLI (dist/src/cli/main.js), rebuilt first when the
 * sources it runs are newer than the build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CliRun, ensureBuilt, ROOT, runCli } from '../helpers/builtCli';

function check(args: string[], input?: string): CliRun {
  return runCli(['check', ...args], { input, env: { KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') } });
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
