import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT, runCli } from '../helpers/builtCli';
import { makeKnowledgeDir, removeDir } from './knowledgeFolder';

const VALID = 'test/fixtures/knowledge/valid';
const INVALID = 'test/fixtures/knowledge/invalid';
/** `file:line:col: path: message`, the format editors and CI annotate from (node's own warnings are not ours). */
const PROBLEM_LINE = /^test\/fixtures\/knowledge\/invalid\/[^:]+(?::\d+:\d+)?:( [^ :]+:)? .+$/;

beforeAll(() => ensureBuilt(), 240_000);

describe('donghanh kb check', () => {
  test('a clean folder: exit 0, a summary, nothing on standard output', () => {
    const r = runCli(['kb', 'check', VALID]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Kho kiến thức hợp lệ: 3 mục, 1 bản nháp.');
    expect(r.stdout).toBe('');
  });

  test('without a folder argument it checks KNOWLEDGE_DIR', () => {
    const r = runCli(['kb', 'check'], { env: { KNOWLEDGE_DIR: VALID } });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('3 mục');
  });

  test('warnings only: exit 0, the warnings are still printed', async () => {
    const dir = await makeKnowledgeDir({ 'vneid/moi.yaml': 'entries: []\n' });
    try {
      const r = runCli(['kb', 'check', dir]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/vneid\/moi\.yaml:1:1: thiếu dòng đầu "# yaml-language-server.*\(cảnh báo\)/);
      expect(r.stderr).toContain('vneid/moi.yaml:1:1: entries: tệp chưa có mục nào (cảnh báo)');
      expect(r.stderr).toContain('Kho kiến thức hợp lệ: 3 mục, 1 bản nháp, 2 cảnh báo.');
    } finally {
      await removeDir(dir);
    }
  });

  test('a broken folder: exit 1 and every problem on its own line as file:line:col: path: message', () => {
    const r = runCli(['kb', 'check', INVALID]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(INVALID));
    expect(lines).toHaveLength(19);
    for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
    expect(lines).toContain(
      `${INVALID}/vneid/tai-khoan.yaml:12:5: entries[0].sources: trường "sources" không có trong mẫu; có phải ý bạn là "source"?`,
    );
    expect(lines).toContain(`${INVALID}/vneid/hong-cu-phap.yaml:8:1: lỗi cú pháp YAML: dùng phím Tab để thụt lề; YAML chỉ chấp nhận dấu cách`);
    expect(r.stderr).toContain('Có 17 lỗi và 2 cảnh báo');
  });

  test('problems in the scam rules (checked by the scam module) count too', async () => {
    const dir = await makeKnowledgeDir({ 'scam/quy-tac.yaml': 'sinals: []\n' });
    try {
      const r = runCli(['kb', 'check', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/scam\/quy-tac\.yaml:1:1: sinals: .*"signals"/);
    } finally {
      await removeDir(dir);
    }
  });

  test('a folder that does not exist: exit 1 with an explanation', () => {
    const r = runCli(['kb', 'check', 'no/such/folder']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no/such/folder: không tìm thấy thư mục kiến thức');
  });
});

describe('donghanh kb schema', () => {
  test('writes the JSON Schemas (entries, reserved files, scam rules) into <dir>/schema/', async () => {
    const dir = await makeKnowledgeDir();
    try {
      const r = runCli(['kb', 'schema', dir]);
      expect(r.status).toBe(0);
      const written = (await fs.readdir(path.join(dir, 'schema'))).sort();
      expect(written).toEqual([
        'communes.schema.json',
        'entries.schema.json',
        'scam-rules.schema.json',
        'settings.schema.json',
        'synonyms.schema.json',
      ]);
      const shipped = await fs.readFile(path.join(ROOT, 'knowledge/schema/entries.schema.json'), 'utf8');
      expect(await fs.readFile(path.join(dir, 'schema', 'entries.schema.json'), 'utf8')).toBe(shipped);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('--help', () => {
  test.each([[['kb', '--help']], [['kb', 'check', '--help']], [['kb', 'schema', '--help']]])('%j explains the command', (args) => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: donghanh ${args.filter((a) => a !== '--help').join(' ')}`);
    expect(r.stdout).toContain('kiến thức');
  });
});
