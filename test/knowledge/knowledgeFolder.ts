/** Temporary knowledge folders for tests: a small valid base to start from, plus the files a case adds or breaks. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'knowledge');
export const VALID_FIXTURE = path.join(FIXTURES, 'valid');
export const INVALID_FIXTURE = path.join(FIXTURES, 'invalid');

const ENTRIES_SCHEMA_LINE = '# yaml-language-server: $schema=../schema/entries.schema.json';

/** A YAML entry file with its schema line, from the lines after it (two-space indentation, as trainers write). */
export function entryFile(...lines: string[]): string {
  return [ENTRIES_SCHEMA_LINE, ...lines, ''].join('\n');
}

/** A valid entry as YAML lines, indented as an item of `entries:`; `extra` lines are appended to it. */
export function entryLines(id: string, questions: string[], extra: string[] = []): string[] {
  return [
    `  - id: ${id}`,
    `    group: ${id.split('.')[0]}`,
    `    title: Tiêu đề của ${id}`,
    '    questions:',
    ...questions.map((q) => `      - ${q}`),
    `    answer: Câu trả lời của ${id}.`,
    '    source:',
    '      title: Nguồn thử nghiệm',
    '    reviewed: 2025-07-01',
    ...extra.map((l) => `    ${l}`),
  ];
}

/** Copies `base` (default: the valid fixture) into a fresh temp folder and writes or deletes (null) the given files. */
export async function makeKnowledgeDir(files: Record<string, string | null> = {}, base = VALID_FIXTURE): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'donghanh-kb-'));
  await fs.cp(base, dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const target = path.join(dir, rel);
    if (content === null) await fs.rm(target, { force: true });
    else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content, 'utf8');
    }
  }
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}
