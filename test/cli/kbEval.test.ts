/** `donghanh kb eval`: leave-one-out and case files, for trainers (text) and CI (JSON). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, FIXTURE_CASES, runCli } from '../helpers/builtCli';

beforeAll(() => ensureBuilt(), 240_000);

interface Report {
  source: string;
  cases: number;
  inScope: number;
  outOfScope: number;
  top1Accuracy: number;
  clarifyRate: number;
  wrongAnswerRate: number;
  falseAnswerRate: number;
  confusions: Array<{ expect: string; got: string; count: number; example: string }>;
  failures: Array<{ q: string; expect: string }>;
}

const json = (args: string[]): Report => {
  const r = runCli(['kb', 'eval', ...args, '--json']);
  expect(r.status).toBe(0);
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as Report;
};

test('a folder of case files: every case counted, in and out of scope', () => {
  const report = json([FIXTURE_CASES]);
  expect(report).toMatchObject({ cases: 7, inScope: 5, outOfScope: 2 });
  expect(report.top1Accuracy).toBeGreaterThanOrEqual(0.8);
  expect(report.falseAnswerRate).toBe(0);
  for (const key of ['clarifyRate', 'wrongAnswerRate', 'confusions', 'failures']) expect(report).toHaveProperty(key);
});

test('a single case file', () => {
  expect(json([path.join(FIXTURE_CASES, 'out-of-scope.yaml')])).toMatchObject({ cases: 2, inScope: 0, outOfScope: 2 });
});

test('without a file: leave-one-out over every example question of the knowledge base', () => {
  const report = json([]);
  expect(report.source).toBe('leave-one-out');
  expect(report.outOfScope).toBe(0);
  expect(report.cases).toBeGreaterThan(30);
  expect(report.top1Accuracy).toBeGreaterThan(0.5);
});

test('the text report names the measures and the worst confusions', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-eval-'));
  const file = path.join(dir, 'cases.yaml');
  fs.writeFileSync(file, '- q: "quên passcode"\n  expect: vneid.quen-mat-khau\n- q: "xin chào"\n  expect: chung.chao-hoi\n');
  const r = runCli(['kb', 'eval', file]);
  expect(r.status).toBe(0);
  for (const label of ['Top-1 đúng', 'Hỏi lại', 'Trả lời sai mà chắc chắn', 'Nhầm lẫn nhiều nhất']) expect(r.stdout).toContain(label);
  expect(r.stdout).toContain('vneid.quen-mat-khau → vneid.quen-passcode');
});

test('an expected id that matches no entry is reported on standard error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-eval-'));
  const file = path.join(dir, 'cases.yaml');
  fs.writeFileSync(file, '- q: "xin chào"\n  expect: khong.ton-tai\n');
  const r = runCli(['kb', 'eval', file, '--json']);
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('khong.ton-tai');
});

test.each([
  { description: 'a missing file', content: undefined },
  { description: 'cases without an expectation', content: '- q: "xin chào"\n' },
  { description: 'broken YAML', content: '- q: "xin chào\n  expect: [\n' },
])('$description: a clear message on standard error and a non-zero exit', ({ content }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'donghanh-eval-'));
  const file = path.join(dir, 'cases.yaml');
  if (content !== undefined) fs.writeFileSync(file, content);
  const r = runCli(['kb', 'eval', file]);
  expect(r.status).not.toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/Lỗi|cases\.yaml/);
});

test('--help explains the arguments', () => {
  const r = runCli(['kb', 'eval', '--help']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('[cases]');
  expect(r.stdout).toContain('--json');
});
