/**
 * The rules folder as trainers edit it: the repository's rules load cleanly, and every mistake is reported at its
 * file, line and column in plain Vietnamese, all at once.
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { formatProblem, type KnowledgeProblem } from '../../src/knowledge/knowledgeBase';
import { loadScamRules } from '../../src/scam/loadRules';
import { SCAM_RULES_SCHEMA_FILE, ScamRulesFileSchema } from '../../src/scam/schema';
import { KNOWLEDGE_DIR } from './loadChecker';

const MODELINE = `# yaml-language-server: $schema=../schema/${SCAM_RULES_SCHEMA_FILE}`;

/** A minimal valid rules folder; tests overwrite or add files to break it. */
const MINIMAL: Record<string, string> = {
  'scam/domains.yaml': `${MODELINE}
official_domains:
  - domain: gov.vn
    owner: cơ quan nhà nước
    kind: government
    source: VNNIC
`,
  'scam/signals.yaml': `${MODELINE}
negators: [không]
signals:
  - code: otp-request
    weight: 7
    negatable: true
    text: Tin nhắn xin mã OTP.
    phrases:
      - (đọc|gửi) * mã otp
combos:
  - code: otp-link
    all_of: [otp-request, link-unofficial]
    weight: 2
    text: Xin mã OTP kèm link lạ.
topics:
  - topic: lua-dao.otp
    any_of: [otp-request]
`,
  'scam/verdict.yaml': `${MODELINE}
link_signals:
  lookalike: 8
  reported-domain: 8
  reported-phone: 8
  link-apk: 7
  link-ip: 5
  link-shortener: 3
  link-suspicious-tld: 2
  link-government-unofficial: 3
  reputation-malicious: 8
  reputation-suspicious: 3
verdict:
  high: 6
  medium: 3
  awareness_factor: 0
  negation_window: 8
  max_reasons: 4
  default_topic: lua-dao.nhan-biet
`,
};

const dirs: string[] = [];
async function rulesDir(files: Record<string, string | null>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scam-rules-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries({ ...MINIMAL, ...files })) {
    if (content === null) continue;
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content, 'utf8');
  }
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function problemsOf(files: Record<string, string | null>): Promise<KnowledgeProblem[]> {
  const result = await loadScamRules(await rulesDir(files));
  expect(result.ok).toBe(false);
  return result.problems.filter((p) => p.severity === 'error');
}

describe("the repository's rules", () => {
  test('load without a single problem', async () => {
    const result = await loadScamRules(KNOWLEDGE_DIR);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('every file starts with the schema line for editors', async () => {
    const files = (await fs.readdir(path.join(KNOWLEDGE_DIR, 'scam'))).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const firstLine = readFileSync(path.join(KNOWLEDGE_DIR, 'scam', file), 'utf8').split('\n')[0];
      expect(firstLine).toBe(MODELINE);
    }
  });

  test('every topic they point to is a fraud entry of the topic catalogue', async () => {
    const result = await loadScamRules(KNOWLEDGE_DIR);
    if (!result.ok) throw new Error('rules invalid');
    const catalogue = new Set(readFileSync(path.join(__dirname, 'fixtures', 'lua-dao-topics.txt'), 'utf8').split('\n').filter(Boolean));
    const named = [...result.rules.topics.map((t) => t.topic), result.rules.verdict.default_topic];
    expect(named.filter((t) => !catalogue.has(t))).toEqual([]);
  });
});

test('the minimal folder used below is itself valid', async () => {
  const result = await loadScamRules(await rulesDir({}));
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
});

describe('mistakes are reported at their line and column', () => {
  test('a malformed phrase', async () => {
    const problems = await problemsOf({
      'scam/signals.yaml': MINIMAL['scam/signals.yaml']!.replace('(đọc|gửi) * mã otp', '(đọc|gửi * mã otp'),
    });
    expect(problems.map(formatProblem)).toEqual(['scam/signals.yaml:9:9: signals[0].phrases[0]: cụm từ "(đọc|gửi * mã otp" thiếu dấu ngoặc đóng ")"']);
  });

  test('a code in a combo or a topic that no signal defines, with a suggestion', async () => {
    const problems = await problemsOf({
      'scam/signals.yaml': MINIMAL['scam/signals.yaml']!.replace('all_of: [otp-request, link-unofficial]', 'all_of: [otp-reqest, link-unofficial]'),
    });
    expect(problems.map(formatProblem)).toEqual(['scam/signals.yaml:12:14: combos[0].all_of[0]: không có dấu hiệu nào có mã "otp-reqest"; có phải ý bạn là "otp-request"?']);
  });

  test('the same code twice, pointing at the first one (files are read in name order)', async () => {
    const problems = await problemsOf({
      'scam/zz-more.yaml': `${MODELINE}\nsignals:\n  - code: otp-request\n    weight: 1\n    text: Trùng mã.\n    phrases: [otp]\n`,
    });
    expect(problems.map(formatProblem)).toEqual(['scam/zz-more.yaml:3:11: signals[0].code: mã "otp-request" bị trùng với scam/signals.yaml:4']);
  });

  test('a reason that is not one sentence', async () => {
    const problems = await problemsOf({
      'scam/signals.yaml': MINIMAL['scam/signals.yaml']!.replace('text: Tin nhắn xin mã OTP.', 'text: Tin nhắn xin mã OTP. Đừng đưa mã'),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'scam/signals.yaml', line: 7, path: 'signals[0].text', message: 'lý do phải là đúng một câu, kết thúc bằng dấu chấm' });
  });

  test('an unknown field, with the fields that are allowed', async () => {
    const problems = await problemsOf({ 'scam/signals.yaml': MINIMAL['scam/signals.yaml']!.replace('    negatable: true', '    negateable: true') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 6, column: 5, path: 'signals[0].negateable' });
    expect(problems[0]?.message).toContain('"negatable"');
  });

  test('a topic outside the fraud entries', async () => {
    const problems = await problemsOf({ 'scam/signals.yaml': MINIMAL['scam/signals.yaml']!.replace('topic: lua-dao.otp', 'topic: vneid.otp') });
    expect(problems.map((p) => [p.line, p.path])).toEqual([[16, 'topics[0].topic']]);
  });

  test('verdict written in two files', async () => {
    const problems = await problemsOf({ 'scam/zz-verdict.yaml': MINIMAL['scam/verdict.yaml']! });
    expect(problems.map(formatProblem)).toEqual([
      'scam/zz-verdict.yaml:2:1: link_signals: mục "link_signals" chỉ được khai báo một lần; đã có ở scam/verdict.yaml:2',
      'scam/zz-verdict.yaml:13:1: verdict: mục "verdict" chỉ được khai báo một lần; đã có ở scam/verdict.yaml:13',
    ]);
  });

  test('a required section missing from every file', async () => {
    const problems = await problemsOf({ 'scam/verdict.yaml': null, 'scam/verdict-only.yaml': `${MODELINE}\nverdict:\n${MINIMAL['scam/verdict.yaml']!.split('verdict:\n')[1]}` });
    expect(problems.map(formatProblem)).toEqual(['scam: chưa có mục "link_signals" trong các tệp knowledge/scam/*.yaml']);
  });

  test('a YAML syntax error, and the other files still checked', async () => {
    const problems = await problemsOf({
      'scam/domains.yaml': `${MODELINE}\nofficial_domains:\n  - domain: gov.vn\n   owner: lệch lề\n`,
      'scam/signals.yaml': MINIMAL['scam/signals.yaml']!.replace('weight: 7', 'weight: -1'),
    });
    expect(problems.some((p) => p.file === 'scam/domains.yaml' && p.line === 4 && p.message.startsWith('lỗi cú pháp YAML'))).toBe(true);
    expect(problems.some((p) => p.file === 'scam/signals.yaml' && p.path === 'signals[0].weight')).toBe(true);
  });

  test('no rules folder at all', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scam-empty-'));
    dirs.push(dir);
    const result = await loadScamRules(dir);
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toContain('không tìm thấy thư mục quy tắc');
  });

  test('a file without the schema line is only a warning', async () => {
    const result = await loadScamRules(await rulesDir({ 'scam/domains.yaml': MINIMAL['scam/domains.yaml']!.replace(`${MODELINE}\n`, '') }));
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.file, p.severity])).toEqual([['scam/domains.yaml', 'warning']]);
  });
});

test('the zod schema converts to the JSON Schema editors read, with every section', () => {
  const json = z.toJSONSchema(ScamRulesFileSchema, { target: 'draft-07', io: 'input' }) as { properties: Record<string, unknown>; additionalProperties: boolean };
  expect(Object.keys(json.properties).sort()).toEqual(
    ['combos', 'link_signals', 'negators', 'official_domains', 'reported', 'shorteners', 'signals', 'suspicious_tlds', 'topics', 'verdict'].sort(),
  );
  expect(json.additionalProperties).toBe(false);
});
