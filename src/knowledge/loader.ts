/**
 * Loads the trainers' knowledge folder into one validated `KnowledgeBase`, or reports every problem at once.
 *
 * Folder layout (relative to the knowledge folder):
 * - `settings.yaml` (required), `synonyms.yaml`, `communes.yaml`: reserved root files with their own schemas;
 * - `drafts/**.yaml`: entry files validated like any other but never answered from;
 * - `scam/**`: scam-checker rules, loaded and checked by the scam module, skipped here;
 * - `schema/`: generated JSON Schemas, no YAML;
 * - every other `**.yaml`: entry files (`EntryFileSchema`).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkCommunes } from './communeChecks';
import { checkEntries, entryRecords, type EntryRecord } from './entryChecks';
import type { KnowledgeBase, KnowledgeProblem, LoadResult } from './knowledgeBase';
import { msg } from './messages';
import { checkAgainstSchema } from './schemaProblems';
import { checkSchemaComment, SCHEMA_DIR, type SchemaKind } from './schemaComment';
import {
  CommunesFileSchema,
  DRAFTS_DIR,
  EntryFileSchema,
  RESERVED_FILES,
  SCAM_DIR,
  SettingsFileSchema,
  SynonymsFileSchema,
  type Communes,
  type Entry,
  type Settings,
  type Synonyms,
} from './schema';
import { formatPath, parseYamlFile, type ParsedYamlFile } from './yamlFile';

/** Every `.yaml`/`.yml` file under `dir`, relative with forward slashes, in a stable order. Hidden folders are skipped. */
async function listYamlFiles(dir: string, rel = ''): Promise<string[]> {
  const items = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const item of items) {
    if (item.name.startsWith('.') || item.name === 'node_modules') continue;
    const relPath = rel ? `${rel}/${item.name}` : item.name;
    if (item.isDirectory()) out.push(...(await listYamlFiles(dir, relPath)));
    else if (item.isFile() && /\.ya?ml$/i.test(item.name)) out.push(relPath);
  }
  return out.sort();
}

type FileRole = 'settings' | 'synonyms' | 'communes' | 'entries' | 'drafts' | 'scam' | 'ignored-yml' | 'ignored-schema';

function roleOf(file: string): FileRole {
  const first = file.split('/')[0];
  if (file === RESERVED_FILES.settings) return 'settings';
  if (file === RESERVED_FILES.synonyms) return 'synonyms';
  if (file === RESERVED_FILES.communes) return 'communes';
  if (first === SCAM_DIR && file.includes('/')) return 'scam';
  if (first === SCHEMA_DIR && file.includes('/')) return 'ignored-schema';
  if (/\.yml$/i.test(file)) return 'ignored-yml';
  if (first === DRAFTS_DIR && file.includes('/')) return 'drafts';
  return 'entries';
}

const fileProblem = (file: string, message: string, severity: KnowledgeProblem['severity']): KnowledgeProblem => ({
  file,
  line: 0,
  column: 0,
  path: '',
  message,
  severity,
});

function byPosition(a: KnowledgeProblem, b: KnowledgeProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** A file with nothing but comments: a trainer's new, unfinished file rather than a broken one. */
function isBlank(parsed: ParsedYamlFile): boolean {
  return !parsed.hasSyntaxErrors && (parsed.data === null || parsed.data === undefined);
}

interface ReservedValues {
  settings?: Settings;
  synonyms?: Synonyms;
  communes?: Communes;
}

/** Validates one of the reserved root files against its own schema, plus the checks that span its fields. */
function checkReservedFile(
  parsed: ParsedYamlFile,
  role: 'settings' | 'synonyms' | 'communes',
): { values: ReservedValues; problems: KnowledgeProblem[] } {
  if (role === 'synonyms') {
    // An empty synonyms file is fine: no abbreviations yet.
    const checked = checkAgainstSchema(parsed, SynonymsFileSchema, parsed.data ?? {});
    return { values: { synonyms: checked.data }, problems: checked.problems };
  }
  if (role === 'communes') {
    const checked = checkAgainstSchema(parsed, CommunesFileSchema, parsed.data);
    return { values: { communes: checked.data }, problems: [...checked.problems, ...checkCommunes(parsed, parsed.data)] };
  }
  const checked = checkAgainstSchema(parsed, SettingsFileSchema, parsed.data);
  const problems = [...checked.problems];
  const matching = checked.data?.matching;
  // Otherwise a question could be confident enough to answer yet not plausible enough to offer as a choice.
  if (matching && matching.clarify_threshold > matching.answer_threshold) {
    const path = ['matching', 'clarify_threshold'];
    problems.push({
      file: parsed.file,
      ...parsed.locate(path),
      path: formatPath(path),
      message: msg.clarifyAboveAnswer(matching.clarify_threshold, matching.answer_threshold),
      severity: 'error',
    });
  }
  return { values: { settings: checked.data }, problems };
}

export async function loadKnowledge(dir: string): Promise<LoadResult> {
  const root = path.resolve(dir);
  const problems: KnowledgeProblem[] = [];
  let files: string[];
  try {
    files = await listYamlFiles(root);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, problems: [fileProblem('.', missing ? msg.folderMissing : msg.unreadable((err as Error).message), 'error')] };
  }

  const reserved: ReservedValues = {};
  const records: EntryRecord[] = [];
  const validatedEntries: Array<{ entry: Entry; draft: boolean }> = [];
  const unverifiedIds = new Set<string>();

  const parse = async (file: string, kind: SchemaKind): Promise<ParsedYamlFile | undefined> => {
    let source: string;
    try {
      source = await fs.readFile(path.join(root, file), 'utf8');
    } catch (err) {
      problems.push(fileProblem(file, msg.unreadable((err as Error).message), 'error'));
      return undefined;
    }
    const parsed = parseYamlFile(file, source);
    problems.push(...parsed.problems, ...checkSchemaComment(file, source, kind));
    return parsed;
  };

  for (const file of files) {
    const role = roleOf(file);
    if (role === 'scam') continue;
    if (role === 'ignored-schema') {
      problems.push(fileProblem(file, msg.yamlInSchemaDir, 'warning'));
      continue;
    }
    if (role === 'ignored-yml') {
      problems.push(fileProblem(file, msg.ymlExtension, 'warning'));
      continue;
    }

    if (role === 'settings' || role === 'synonyms' || role === 'communes') {
      const parsed = await parse(file, role);
      if (!parsed || parsed.hasSyntaxErrors) continue;
      const checked = checkReservedFile(parsed, role);
      problems.push(...checked.problems);
      Object.assign(reserved, checked.values);
      continue;
    }

    // Entry files, live or draft.
    const parsed = await parse(file, 'entries');
    if (!parsed) continue;
    const inDrafts = role === 'drafts';
    if (parsed.hasSyntaxErrors) {
      // Ids that survived the broken syntax keep follow-ups to them from being reported as dangling.
      for (const r of entryRecords(parsed, parsed.partialData, inDrafts)) if (r.id) unverifiedIds.add(r.id);
      continue;
    }
    if (isBlank(parsed)) {
      problems.push(fileProblem(file, msg.emptyFile, 'warning'));
      continue;
    }
    const checked = checkAgainstSchema(parsed, EntryFileSchema, parsed.data);
    problems.push(...checked.problems);
    const fileRecords = entryRecords(parsed, parsed.data, inDrafts);
    records.push(...fileRecords);
    if (checked.data) {
      if (checked.data.entries.length === 0) {
        problems.push({ file, ...parsed.locate(['entries'], 'key'), path: 'entries', message: msg.noEntries, severity: 'warning' });
      }
      checked.data.entries.forEach((entry, i) => validatedEntries.push({ entry, draft: fileRecords[i]?.draft ?? inDrafts }));
    }
  }

  if (!files.includes(RESERVED_FILES.settings)) problems.push(fileProblem(RESERVED_FILES.settings, msg.missingSettings, 'error'));
  if (!files.includes(RESERVED_FILES.synonyms)) problems.push(fileProblem(RESERVED_FILES.synonyms, msg.missingSynonyms, 'warning'));
  if (!files.includes(RESERVED_FILES.communes)) problems.push(fileProblem(RESERVED_FILES.communes, msg.missingCommunes, 'warning'));

  problems.push(...checkEntries(records, unverifiedIds));
  problems.sort(byPosition);

  const { settings, synonyms, communes } = reserved;
  const hasErrors = problems.some((p) => p.severity === 'error');
  if (hasErrors || !settings) return { ok: false, problems };

  const entries = validatedEntries.filter((e) => !e.draft).map((e) => e.entry);
  const knowledge: KnowledgeBase = {
    dir: root,
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    synonyms: synonyms ?? SynonymsFileSchema.parse({}),
    settings,
    communes: communes ?? { former_districts: {}, communes: [] },
    drafts: validatedEntries.filter((e) => e.draft).map((e) => e.entry),
    loadedAt: Date.now(),
  };
  return { ok: true, knowledge, problems };
}
