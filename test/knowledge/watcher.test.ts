import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { KnowledgeLoadError, KnowledgeStore, type KnowledgeLogger, type ReloadOutcome } from '../../src/knowledge/watcher';
import { INVALID_FIXTURE, makeKnowledgeDir, removeDir } from './knowledgeFolder';

const FILE = 'cu-tru/tam-tru.yaml';
const ID = 'cu-tru.dang-ky-tam-tru';

function recordingLogger(): KnowledgeLogger & { lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    info: (m) => lines.push(['info', m]),
    warn: (m) => lines.push(['warn', m]),
    error: (m) => lines.push(['error', m]),
  };
}

/** Resolves with the first reload outcome that satisfies `accept` (editors may trigger more than one reload). */
function reloadWhere(store: KnowledgeStore, accept: (o: ReloadOutcome) => boolean): Promise<ReloadOutcome> {
  return new Promise((resolve) => {
    const stop = store.onReload((o) => {
      if (accept(o)) {
        stop();
        resolve(o);
      }
    });
  });
}

/** A stand-in for the matcher: what the bot would answer for an entry id, built from one snapshot. */
const buildAnswerer = (kb: KnowledgeBase) => (id: string) => kb.byId.get(id)?.answer;

async function editAnswer(dir: string, answer: string): Promise<void> {
  const file = path.join(dir, FILE);
  const text = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, text.replace(/^ {4}answer: .*$/m, `    answer: ${answer}`), 'utf8');
}

describe('KnowledgeStore', () => {
  let dir: string;
  let store: KnowledgeStore | undefined;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    dir = await makeKnowledgeDir();
    logger = recordingLogger();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await removeDir(dir);
  });

  test('a valid edit on disk is picked up: new knowledge and a rebuilt derived value, swapped together', async () => {
    store = await KnowledgeStore.open(dir, { logger, debounceMs: 50 });
    const answerer = store.derive(buildAnswerer);
    const before = store.snapshot();
    const originalAnswer = before.get(answerer)(ID);

    const reloaded = reloadWhere(store, (o) => o.ok && o.knowledge.byId.get(ID)?.answer === 'Câu trả lời mới.');
    await editAnswer(dir, 'Câu trả lời mới.');
    await reloaded;

    expect(answerer.current(ID)).toBe('Câu trả lời mới.');
    expect(store.knowledge.byId.get(ID)?.answer).toBe('Câu trả lời mới.');
    // A request that captured the old snapshot keeps a consistent view until it finishes.
    expect(before.get(answerer)(ID)).toBe(originalAnswer);
    expect(before.knowledge.byId.get(ID)?.answer).toBe(originalAnswer);
    expect(logger.lines).toContainEqual(['info', expect.stringContaining('Đã tải lại kho kiến thức')]);
  });

  test('a broken edit keeps the previous knowledge and logs every problem with file:line', async () => {
    store = await KnowledgeStore.open(dir, { logger, debounceMs: 50 });
    const answerer = store.derive(buildAnswerer);
    const served = store.knowledge;

    // Both files are broken by then; an earlier reload may have seen only the first one.
    const failed = reloadWhere(store, (o) => !o.ok && o.problems.some((p) => p.file === FILE));
    await fs.writeFile(path.join(dir, 'vneid/hong.yaml'), 'entries:\n  - id: vneid.hong\n    title: "chưa đóng\n', 'utf8');
    await editAnswer(dir, '""');
    const outcome = await failed;

    expect(outcome.ok).toBe(false);
    expect(store.knowledge).toBe(served);
    expect(answerer.current(ID)).toBe(served.byId.get(ID)?.answer);
    const errors = logger.lines.filter(([level]) => level === 'error').map(([, m]) => m);
    expect(errors[0]).toContain('bot vẫn dùng nội dung đã tải trước đó');
    expect(errors).toContainEqual(expect.stringMatching(/^cu-tru\/tam-tru\.yaml:\d+:\d+: entries\[0\]\.answer: không được để trống$/));
    expect(errors).toContainEqual(expect.stringMatching(/^vneid\/hong\.yaml:3:12: lỗi cú pháp YAML/));

    // Fixing the files brings the store back to life.
    const recovered = reloadWhere(store, (o) => o.ok);
    await fs.rm(path.join(dir, 'vneid/hong.yaml'));
    await editAnswer(dir, 'Đã sửa.');
    await recovered;
    expect(answerer.current(ID)).toBe('Đã sửa.');
  });

  test('when a derived value cannot be built from the new knowledge, the old snapshot stays', async () => {
    store = await KnowledgeStore.open(dir, { logger, watch: false });
    const titles = store.derive((kb) => {
      if (kb.byId.get(ID)?.answer === 'Gây lỗi.') throw new Error('index build failed');
      return kb.entries.length;
    });
    await editAnswer(dir, 'Gây lỗi.');
    const outcome = await store.reload();
    expect(outcome).toMatchObject({ ok: false, reason: 'derive-failed' });
    expect(store.knowledge.byId.get(ID)?.answer).not.toBe('Gây lỗi.');
    expect(titles.current).toBe(3);
    expect(logger.lines).toContainEqual(['error', expect.stringContaining('index build failed')]);
  });

  test('an explicit reload without watching applies a valid change', async () => {
    store = await KnowledgeStore.open(dir, { logger, watch: false });
    await editAnswer(dir, 'Trả lời qua reload.');
    const outcome = await store.reload();
    expect(outcome.ok).toBe(true);
    expect(store.knowledge.byId.get(ID)?.answer).toBe('Trả lời qua reload.');
  });

  test('opening an invalid folder fails with every error listed (there is nothing older to serve)', async () => {
    const opening = KnowledgeStore.open(INVALID_FIXTURE, { logger, watch: false });
    await expect(opening).rejects.toBeInstanceOf(KnowledgeLoadError);
    const err = (await opening.catch((e: unknown) => e)) as KnowledgeLoadError;
    expect(err.problems.filter((p) => p.severity === 'error')).toHaveLength(17);
    expect(err.message).toContain('vneid/tai-khoan.yaml:12:5: entries[0].sources:');
  });
});
