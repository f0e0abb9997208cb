/**
 * The `# yaml-language-server: $schema=…` line that makes a trainer's editor (VS Code + YAML extension) complete
 * field names and underline mistakes as they type. `kb check` warns when a file lacks it or points elsewhere.
 */
import path from 'node:path';
import type { KnowledgeProblem } from './knowledgeBase';
import { msg } from './messages';

export const SCHEMA_DIR = 'schema';

/** The JSON Schema file names `kb schema` writes, by kind of knowledge file. */
export const SCHEMA_FILE_NAMES = {
  entries: 'entries.schema.json',
  settings: 'settings.schema.json',
  synonyms: 'synonyms.schema.json',
  communes: 'communes.schema.json',
  scamRules: 'scam-rules.schema.json',
} as const;

export type SchemaKind = keyof typeof SCHEMA_FILE_NAMES;

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m;

/** The relative path a file at `file` (relative to the knowledge folder) should name: `../schema/entries.schema.json`. */
export function expectedSchemaRef(file: string, kind: SchemaKind): string {
  const fromDir = path.posix.dirname(file);
  const rel = path.posix.relative(fromDir, `${SCHEMA_DIR}/${SCHEMA_FILE_NAMES[kind]}`);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The modeline must sit in the leading comment block (editors read it there; it documents the file too). */
export function checkSchemaComment(file: string, source: string, kind: SchemaKind): KnowledgeProblem[] {
  const expected = expectedSchemaRef(file, kind);
  const lines = source.split(/\r?\n/);
  const leading: string[] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) leading.push(line.trim());
    else break;
  }
  const found = MODELINE.exec(leading.join('\n'));
  const warn = (message: string, line: number): KnowledgeProblem => ({ file, line, column: 1, path: '', message, severity: 'warning' });
  if (!found) return [warn(msg.missingSchemaComment(expected), 1)];
  const ref = found[1]!;
  const resolvedFound = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref));
  const resolvedExpected = path.posix.normalize(path.posix.join(path.posix.dirname(file), expected));
  if (resolvedFound !== resolvedExpected) {
    const lineNo = leading.findIndex((l) => MODELINE.test(l)) + 1;
    return [warn(msg.wrongSchemaComment(ref, expected), lineNo)];
  }
  return [];
}
