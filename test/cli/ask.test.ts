/**
 * `donghanh ask`: the reply exactly as a citizen reads it, and the `--json` contract outside evaluation tools rely
 * on (one object per line, in order, with exactly these keys; nothing else on standard output).
 */
import { ensureBuilt, FIXTURE_KNOWLEDGE, runCli } from '../helpers/builtCli';

beforeAll(() => ensureBuilt(), 240_000);

interface JsonLine {
  question: string;
  outcome: string;
  topic: string | null;
  score: number;
  candidates: Array<{ topic: string; score: number }>;
}

const parseLines = (stdout: string): JsonLine[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonLine);

describe('donghanh ask --json', () => {
  const questions = ['quen mat khau vneid', 'căn cước', 'giá vàng hôm nay', 'xin chào'];
  let lines: JsonLine[];
  let stdout: string;

  beforeAll(() => {
    const r = runCli(['ask', '--json'], { input: `${questions.join('\n')}\n` });
    expect(r.status).toBe(0);
    stdout = r.stdout;
    lines = parseLines(stdout);
  });

  test('one JSON object per question, in input order, and nothing else on standard output', () => {
    expect(stdout.endsWith('\n')).toBe(true);
    expect(lines.map((l) => l.question)).toEqual(questions);
  });

  test('every object has exactly the contract keys, in the contract order', () => {
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['question', 'outcome', 'topic', 'score', 'candidates']);
      for (const c of l.candidates) expect(Object.keys(c)).toEqual(['topic', 'score']);
      expect(l.score).toBeGreaterThanOrEqual(0);
      expect(l.score).toBeLessThanOrEqual(1);
    }
  });

  test.each([
    { q: 'quen mat khau vneid', outcome: 'answer', topic: 'vneid.quen-mat-khau' },
    { q: 'giá vàng hôm nay', outcome: 'fallback', topic: null },
    { q: 'xin chào', outcome: 'answer', topic: 'chung.chao-hoi' },
  ])('«$q» → $outcome $topic', ({ q, outcome, topic }) => {
    const l = lines.find((x) => x.question === q)!;
    expect(l.outcome).toBe(outcome);
    expect(l.topic).toBe(topic);
    if (topic) expect(l.candidates[0]?.topic).toBe(topic);
  });

  test('for clarify, topic is null and the candidates are the choices offered, best first', () => {
    const l = lines.find((x) => x.question === 'căn cước')!;
    expect(l.outcome).toBe('clarify');
    expect(l.topic).toBeNull();
    expect(l.candidates.map((c) => c.topic)).toEqual(expect.arrayContaining(['can-cuoc.cap-lan-dau', 'can-cuoc.tre-em']));
    const scores = l.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(l.score).toBe(scores[0]);
  });

  test('takes a single question as an argument too', () => {
    const r = runCli(['ask', '--json', 'quên passcode']);
    expect(r.status).toBe(0);
    const [l, ...rest] = parseLines(r.stdout);
    expect(rest).toHaveLength(0);
    expect(l).toMatchObject({ question: 'quên passcode', outcome: 'answer', topic: 'vneid.quen-passcode' });
  });

  test('blank input lines are skipped, Windows line endings are not part of the question', () => {
    const r = runCli(['ask', '--json'], { input: 'xin chào\r\n\r\n\nquen passcode\r\n' });
    expect(parseLines(r.stdout).map((l) => l.question)).toEqual(['xin chào', 'quen passcode']);
  });
});

describe('donghanh ask (plain text)', () => {
  test('an answer shows the title, the short answer, numbered steps, the fee and the source', () => {
    const r = runCli(['ask', 'quên mật khẩu vneid thì làm sao']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Quên mật khẩu đăng nhập VNeID');
    expect(r.stdout).toContain('chọn “Quên mật khẩu”');
    expect(r.stdout).toMatch(/^1\. Chọn “Quên mật khẩu”/m);
    expect(r.stdout).toMatch(/^2\. /m);
    expect(r.stdout).toContain('Lệ phí: Miễn phí');
    expect(r.stdout).toContain('Nguồn: Hướng dẫn sử dụng VNeID (Nghị định 69/2024/NĐ-CP)');
    expect(r.stdout).toContain('Kiểm tra lần cuối ngày 27/11/2026');
  });

  test('a fraud entry shows how the scam goes, its signs, what to do now, where to report and the rule', () => {
    const r = runCli(['ask', 'có người gọi tự xưng công an bảo tôi chuyển tiền']);
    for (const part of ['Kẻ gian thường làm thế nào:', 'Dấu hiệu nhận biết:', 'Việc cần làm ngay:', '1. Cúp máy', 'Nơi trình báo:', 'Điều cần nhớ:']) {
      expect(r.stdout).toContain(part);
    }
  });

  test('an ambiguous question is asked back with numbered choices and a way out', () => {
    const r = runCli(['ask', 'căn cước']);
    expect(r.stdout).toContain('Có phải bạn muốn hỏi:');
    expect(r.stdout).toMatch(/^1\. /m);
    expect(r.stdout).toMatch(/^\d\. Không phải các ý trên$/m);
  });

  test('an unanswerable question offers to forward it to the commune police and says how to reach them', () => {
    const r = runCli(['ask', 'giá vàng hôm nay']);
    expect(r.stdout).toContain('Công an xã/phường');
    expect(r.stdout).toContain('1900 0368');
    expect(r.stdout).toContain('113');
  });

  test('several words without quotes are one question', () => {
    const r = runCli(['ask', 'quên', 'passcode']);
    expect(r.stdout).toContain('Quên passcode 6 số trên VNeID');
  });
});

describe('errors and help', () => {
  test('no question without --json: a clear message on standard error and a non-zero exit', () => {
    const r = runCli(['ask']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('câu hỏi');
  });

  test('a knowledge folder that does not validate: the problems on standard error, nothing on standard output', () => {
    const r = runCli(['ask', '--json', '--knowledge', `${FIXTURE_KNOWLEDGE}/khong-co`, 'xin chào']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.length).toBeGreaterThan(0);
  });

  test('--help describes the command and its options', () => {
    const r = runCli(['ask', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--json');
    expect(r.stdout).toContain('--knowledge');
  });
});
