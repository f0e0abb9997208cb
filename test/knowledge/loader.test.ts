import { formatProblem, type KnowledgeProblem, type LoadResult } from '../../src/knowledge/knowledgeBase';
import { loadKnowledge } from '../../src/knowledge/loader';
import { entryFile, entryLines, INVALID_FIXTURE, makeKnowledgeDir, removeDir, VALID_FIXTURE } from './knowledgeFolder';

const where = (p: KnowledgeProblem) => (p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file);
const errorsOf = (r: LoadResult) => r.problems.filter((p) => p.severity === 'error');
const warningsOf = (r: LoadResult) => r.problems.filter((p) => p.severity === 'warning');

describe('loading a valid knowledge folder', () => {
  let result: LoadResult;
  beforeAll(async () => {
    result = await loadKnowledge(VALID_FIXTURE);
  });

  test('loads without a single problem', () => {
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('answers only from live entries, in file order; drafts are kept apart', () => {
    if (!result.ok) throw new Error('expected a valid folder');
    const kb = result.knowledge;
    expect(kb.entries.map((e) => e.id)).toEqual(['cu-tru.dang-ky-tam-tru', 'vneid.quen-mat-khau', 'vneid.doi-so-dien-thoai']);
    expect(kb.drafts.map((e) => e.id)).toEqual(['vneid.nang-cap-muc-2']);
    expect(kb.byId.has('vneid.nang-cap-muc-2')).toBe(false);
    expect(kb.byId.get('vneid.quen-mat-khau')?.followups).toEqual(['vneid.doi-so-dien-thoai']);
  });

  test('hands out NFC strings even when the file was written in decomposed Unicode', () => {
    if (!result.ok) throw new Error('expected a valid folder');
    const title = result.knowledge.byId.get('vneid.quen-mat-khau')?.title;
    expect(title).toBe('Quên mật khẩu VNeID'.normalize('NFC'));
    expect(title).not.toBe('Quên mật khẩu VNeID'.normalize('NFD'));
  });

  test('reads the reserved files with their own schemas and defaults', () => {
    if (!result.ok) throw new Error('expected a valid folder');
    const kb = result.knowledge;
    expect(kb.settings.matching.max_clarify).toBe(3);
    expect(kb.synonyms.abbreviations.cccd).toBe('căn cước công dân');
    expect(kb.communes.communes.map((c) => c.id)).toEqual(['phuong-hac-thanh', 'xa-dinh-hoa']);
    expect(kb.communes.communes[1]?.former_districts).toEqual([]);
  });
});

describe('loading a broken knowledge folder reports every problem at once', () => {
  let result: LoadResult;
  beforeAll(async () => {
    result = await loadKnowledge(INVALID_FIXTURE);
  });

  // [where, field path, severity, what the explanation must say]
  const expected: Array<[string, string, 'error' | 'warning', string]> = [
    ['communes.yaml:3:25', 'former_districts["Thành phố Thanh Hóa"][0]', 'error', 'có phải ý bạn là "phuong-hac-thanh"'],
    ['cu-tru/tam-tru.yaml:1:1', '', 'warning', '# yaml-language-server: $schema=../schema/entries.schema.json'],
    ['cu-tru/tam-tru.yaml:3:9', 'entries[0].id', 'error', 'bị trùng với mục ở entries[0] (vneid.quen-mat-khau) ở vneid/tai-khoan.yaml:3'],
    ['cu-tru/tam-tru.yaml:17:16', 'entries[1].questions', 'error', 'phải là một danh sách'],
    ['cu-tru/tam-tru.yaml:18:12', 'entries[1].answer', 'error', 'để trống'],
    ['cu-tru/tam-tru.yaml:21:15', 'entries[1].reviewed', 'error', 'YYYY-MM-DD'],
    ['vneid/hong-cu-phap.yaml:6:12', '', 'error', 'đặt cả giá trị trong dấu ngoặc kép'],
    ['vneid/hong-cu-phap.yaml:7:15', '', 'error', 'thụt lề'],
    ['vneid/hong-cu-phap.yaml:8:1', '', 'error', 'Tab'],
    ['vneid/tai-khoan.yaml:3:5', 'entries[0].source', 'error', 'thiếu trường bắt buộc'],
    ['vneid/tai-khoan.yaml:3:9', 'entries[0].id', 'error', 'bị trùng với mục ở entries[0] (vneid.quen-mat-khau) ở cu-tru/tam-tru.yaml:3'],
    ['vneid/tai-khoan.yaml:7:9', 'entries[0].questions[0]', 'error', 'trùng với entries[1].questions[0] (vneid.dang-nhap) ở vneid/tai-khoan.yaml:19'],
    ['vneid/tai-khoan.yaml:10:13', 'entries[0].answer', 'error', 'không được để trống'],
    ['vneid/tai-khoan.yaml:11:34', 'entries[0].followups[1]', 'error', 'không có mục nào có id "vneid.quen-mat-khao"; có phải ý bạn là "vneid.quen-mat-khau"?'],
    ['vneid/tai-khoan.yaml:12:5', 'entries[0].sources', 'error', 'trường "sources" không có trong mẫu; có phải ý bạn là "source"?'],
    ['vneid/tai-khoan.yaml:16:12', 'entries[1].group', 'error', 'phải trùng với phần đầu của id "vneid.dang-nhap", tức là "vneid"'],
    ['vneid/tai-khoan.yaml:18:5', 'entries[1].questions', 'warning', 'mới có 2 câu hỏi mẫu'],
    ['vneid/tai-khoan.yaml:19:9', 'entries[1].questions[0]', 'error', 'trùng với entries[0].questions[0] (vneid.quen-mat-khau) ở vneid/tai-khoan.yaml:7'],
    ['vneid/tai-khoan.yaml:22:17', 'entries[1].followups[0]', 'error', 'không thể gợi ý chính nó'],
  ];

  test('refuses the folder', () => {
    expect(result.ok).toBe(false);
  });

  test('lists exactly the expected problems, each at its file:line:column', () => {
    const got = result.problems.map((p) => `${where(p)} ${p.path} ${p.severity}`).sort();
    expect(got).toEqual(expected.map(([w, path, severity]) => `${w} ${path} ${severity}`).sort());
  });

  test.each(expected)('%s %s (%s) explains: %s', (w, path, severity, fragment) => {
    const problem = result.problems.find((p) => where(p) === w && p.path === path && p.severity === severity);
    expect(problem?.message).toContain(fragment);
  });

  test('a follow-up to an entry in a file with syntax errors is not reported as dangling', () => {
    expect(result.problems.find((p) => p.message.includes('vneid.kich-hoat'))).toBeUndefined();
  });
});

describe('single problems, one temporary folder each', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(removeDir));
  });
  const load = async (files: Record<string, string | null>) => {
    const dir = await makeKnowledgeDir(files);
    dirs.push(dir);
    return loadKnowledge(dir);
  };
  const Q3 = ['câu hỏi một', 'câu hỏi hai', 'câu hỏi ba'];

  test.each<{ name: string; files: Record<string, string | null>; ok: boolean; at: string; fragment: string }>([
    {
      name: 'a missing settings file is an error',
      files: { 'settings.yaml': null },
      ok: false,
      at: 'settings.yaml',
      fragment: 'thiếu tệp settings.yaml',
    },
    {
      name: 'an unclosed quote is shown where it was opened, not where the file ends',
      files: { 'vneid/moi.yaml': entryFile('entries:', '  - id: vneid.moi', '    title: "Chưa đóng ngoặc', '    group: vneid', '    answer: x') },
      ok: false,
      at: 'vneid/moi.yaml:4:12',
      fragment: 'chưa được đóng',
    },
    {
      name: 'a field written twice',
      files: { 'vneid/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', Q3, ['answer: Lần hai.'])) },
      ok: false,
      at: 'vneid/moi.yaml:14:5',
      fragment: 'viết hai lần',
    },
    {
      name: 'a number where text is expected gets a hint to quote it',
      files: {
        'settings.yaml':
          '# yaml-language-server: $schema=./schema/settings.schema.json\nprovince: { name: Thanh Hóa, code: TH }\nbot: { name: Đồng hành }\nhotlines:\n  - name: Khẩn cấp\n    number: 113\nmatching: { answer_threshold: 0.4, answer_margin: 0.1, clarify_threshold: 0.2 }\n',
      },
      ok: false,
      at: 'settings.yaml:6:13',
      fragment: 'hãy đặt giá trị trong dấu ngoặc kép',
    },
    {
      name: 'an unknown field with no close match lists the known fields',
      files: { 'vneid/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', Q3, ['zzz: 1'])) },
      ok: false,
      at: 'vneid/moi.yaml:14:5',
      fragment: 'các trường được dùng: id, group, title, questions',
    },
    {
      name: 'questions differing only in tone placement, case and punctuation are duplicates',
      files: {
        'vneid/moi.yaml': entryFile(
          'entries:',
          ...entryLines('vneid.mot', ['Hoà mạng VNeID?', 'câu một b', 'câu một c']),
          ...entryLines('vneid.hai', ['hòa mạng vneid', 'câu hai b', 'câu hai c']),
        ),
      },
      ok: false,
      at: 'vneid/moi.yaml:18:9',
      fragment: 'trùng với entries[0].questions[0] (vneid.mot) ở vneid/moi.yaml:7',
    },
    {
      name: 'questions differing only in Unicode form (NFD vs NFC) are duplicates',
      files: {
        'vneid/moi.yaml': entryFile(
          'entries:',
          ...entryLines('vneid.mot', ['quên mật khẩu'.normalize('NFD'), 'câu một b', 'câu một c']),
          ...entryLines('vneid.hai', ['quên mật khẩu'.normalize('NFC'), 'câu hai b', 'câu hai c']),
        ),
      },
      ok: false,
      at: 'vneid/moi.yaml:7:9',
      fragment: 'trùng với entries[1].questions[0] (vneid.hai) ở vneid/moi.yaml:18',
    },
    {
      name: 'a live entry may not point at a draft',
      files: { 'vneid/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', Q3, ['followups: [vneid.nang-cap-muc-2]'])) },
      ok: false,
      at: 'vneid/moi.yaml:14:17',
      fragment: 'đang là bản nháp',
    },
    {
      name: 'settings whose clarify threshold is above the answer threshold',
      files: {
        'settings.yaml':
          '# yaml-language-server: $schema=./schema/settings.schema.json\nprovince: { name: Thanh Hóa, code: TH }\nbot: { name: Đồng hành }\nmatching:\n  answer_threshold: 0.3\n  answer_margin: 0.1\n  clarify_threshold: 0.5\n',
      },
      ok: false,
      at: 'settings.yaml:7:22',
      fragment: 'phải nhỏ hơn hoặc bằng answer_threshold',
    },
    {
      name: 'a draft repeating a live question is only a warning',
      files: { 'drafts/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', ['quên mk vneid', 'câu b', 'câu c'])) },
      ok: true,
      at: 'drafts/moi.yaml:7:9',
      fragment: 'cần sửa trước khi duyệt bản nháp',
    },
    {
      name: 'fewer than three example questions is a warning',
      files: { 'vneid/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', ['chỉ một câu'])) },
      ok: true,
      at: 'vneid/moi.yaml:6:5',
      fragment: 'mới có 1 câu hỏi mẫu',
    },
    {
      name: 'a schema line pointing at the wrong schema is a warning',
      files: { 'vneid/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', Q3)).replace('../schema/entries', './schema/entries') },
      ok: true,
      at: 'vneid/moi.yaml:1:1',
      fragment: 'nên là "$schema=../schema/entries.schema.json"',
    },
    {
      name: 'a .yml file would be ignored silently, so it is a warning',
      files: { 'vneid/moi.yml': entryFile('entries:', ...entryLines('vneid.moi', Q3)) },
      ok: true,
      at: 'vneid/moi.yml',
      fragment: 'đổi tên thành .yaml',
    },
    {
      name: 'a file with only comments is a warning, not an error',
      files: { 'vneid/moi.yaml': '# yaml-language-server: $schema=../schema/entries.schema.json\n# sẽ viết sau\n' },
      ok: true,
      at: 'vneid/moi.yaml',
      fragment: 'tệp trống',
    },
    {
      name: 'missing synonyms is a warning (the bot runs, but understands fewer abbreviations)',
      files: { 'synonyms.yaml': null },
      ok: true,
      at: 'synonyms.yaml',
      fragment: '"cccd"',
    },
  ])('$name', async ({ files, ok, at, fragment }) => {
    const result = await load(files);
    const found = result.problems.find((p) => where(p) === at);
    expect(found?.message).toContain(fragment);
    expect(found?.severity).toBe(ok ? 'warning' : 'error');
    expect(result.ok).toBe(ok);
  });

  test('scam/ is left to the scam module, whatever it holds', async () => {
    const result = await load({ 'scam/quy-tac.yaml': 'signals:\n  - code: otp\n    phrases: [mã otp]\n' });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('every YAML syntax error of a file is reported, not just the first', async () => {
    const result = await load({
      'vneid/moi.yaml': entryFile('entries:', '  - id: vneid.moi', '    title: a: b', '    group: vneid', '\t  answer: x', '    note: c: d'),
    });
    expect(errorsOf(result).map(where)).toEqual(['vneid/moi.yaml:4:12', 'vneid/moi.yaml:6:1', 'vneid/moi.yaml:7:11']);
  });

  test('warnings alone do not stop the knowledge from loading', async () => {
    const result = await load({ 'vneid/moi.yaml': entryFile('entries:', ...entryLines('vneid.moi', ['một câu'])) });
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result).length).toBeGreaterThan(0);
    expect(result.ok && result.knowledge.byId.has('vneid.moi')).toBe(true);
  });

  test('a folder that does not exist is reported, not thrown', async () => {
    const result = await loadKnowledge('/nonexistent/knowledge');
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toContain('không tìm thấy thư mục kiến thức');
  });
});
