/**
 * Loads `<knowledge>/scam/*.yaml` into one `ScamRules`, or reports every problem at once with file:line:column,
 * in the same format as `donghanh kb check`, so trainers fix scam rules the way they fix entries.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KnowledgeProblem } from '../knowledge/knowledgeBase';
import { SCAM_DIR } from '../knowledge/schema';
import { checkAgainstSchema } from '../knowledge/schemaProblems';
import { checkSchemaComment } from '../knowledge/schemaComment';
import { closest } from '../knowledge/suggest';
import { formatPath, parseYamlFile, type FieldPath, type ParsedYamlFile } from '../knowledge/yamlFile';
import { ALL_COMPUTED_CODES } from './findingCodes';
import { rulesMsg } from './rulesMessages';
import { ScamRulesFileSchema, type ScamRules, type ScamRulesFile } from './schema';

export type ScamRulesLoadResult =
  | { ok: true; rules: ScamRules; problems: KnowledgeProblem[] /* warnings only */ }
  | { ok: false; problems: KnowledgeProblem[] };

/** A value together with where a trainer wrote it. */
interface Located<T> {
  value: T;
  parsed: ParsedYamlFile;
  path: FieldPath;
}

type Section = keyof ScamRulesFile;
const LIST_SECTIONS = ['official_domains', 'shorteners', 'suspicious_tlds', 'negators', 'signals', 'combos', 'topics'] as const;
const SINGLE_SECTIONS = ['link_signals', 'verdict'] as const;
const REQUIRED_SECTIONS: readonly Section[] = ['official_domains', 'signals', 'topics', 'negators', 'link_signals', 'verdict'];

const fileProblem = (file: string, message: string, severity: KnowledgeProblem['severity'] = 'error'): KnowledgeProblem => ({
  file,
  line: 0,
  column: 0,
  path: '',
  message,
  severity,
});

/** `target: 'key'` points at a field's name ("verdict:") rather than at its first value line. */
function problemAt(at: Located<unknown>, message: string, extraPath: FieldPath = [], target: 'value' | 'key' = 'value'): KnowledgeProblem {
  const p = [...at.path, ...extraPath];
  return { file: at.parsed.file, ...at.parsed.locate(p, target), path: formatPath(p), message, severity: 'error' };
}

function placeOf(at: Located<unknown>): string {
  return rulesMsg.place(at.parsed.file, at.parsed.locate(at.path, 'key').line);
}

async function listYamlFiles(root: string, rel: string): Promise<string[]> {
  const items = await fs.readdir(path.join(root, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const item of items) {
    if (item.name.startsWith('.')) continue;
    const relPath = `${rel}/${item.name}`;
    if (item.isDirectory()) out.push(...(await listYamlFiles(root, relPath)));
    else if (item.isFile() && /\.ya?ml$/i.test(item.name)) out.push(relPath);
  }
  return out.sort();
}

/** Reads, parses and schema-checks each file; returns the valid ones. */
async function readFiles(root: string, files: string[], problems: KnowledgeProblem[]): Promise<Array<{ parsed: ParsedYamlFile; data: ScamRulesFile }>> {
  const valid: Array<{ parsed: ParsedYamlFile; data: ScamRulesFile }> = [];
  for (const file of files) {
    if (/\.yml$/i.test(file)) {
      problems.push(fileProblem(file, rulesMsg.ymlIgnored, 'warning'));
      continue;
    }
    let source: string;
    try {
      source = await fs.readFile(path.join(root, file), 'utf8');
    } catch (err) {
      problems.push(fileProblem(file, rulesMsg.unreadable((err as Error).message)));
      continue;
    }
    const parsed = parseYamlFile(file, source);
    problems.push(...parsed.problems, ...checkSchemaComment(file, source, 'scamRules'));
    if (parsed.hasSyntaxErrors) continue;
    if (parsed.data === null || parsed.data === undefined) {
      problems.push(fileProblem(file, rulesMsg.emptyFile, 'warning'));
      continue;
    }
    const checked = checkAgainstSchema(parsed, ScamRulesFileSchema, parsed.data);
    problems.push(...checked.problems);
    if (checked.data) valid.push({ parsed, data: checked.data });
  }
  return valid;
}

interface Merged {
  lists: { [K in (typeof LIST_SECTIONS)[number]]: Array<Located<NonNullable<ScamRulesFile[K]>[number]>> };
  singles: { [K in (typeof SINGLE_SECTIONS)[number]]?: Located<NonNullable<ScamRulesFile[K]>> };
  reportedDomains: NonNullable<ScamRulesFile['reported']>['domains'];
  reportedPhones: NonNullable<ScamRulesFile['reported']>['phones'];
  seen: Set<Section>;
}

function merge(files: Array<{ parsed: ParsedYamlFile; data: ScamRulesFile }>, problems: KnowledgeProblem[]): Merged {
  const merged: Merged = {
    lists: { official_domains: [], shorteners: [], suspicious_tlds: [], negators: [], signals: [], combos: [], topics: [] },
    singles: {},
    reportedDomains: [],
    reportedPhones: [],
    seen: new Set(),
  };
  for (const { parsed, data } of files) {
    for (const section of LIST_SECTIONS) {
      const items = data[section];
      if (!items) continue;
      merged.seen.add(section);
      const target = merged.lists[section] as Array<Located<unknown>>;
      items.forEach((value, i) => target.push({ value, parsed, path: [section, i] }));
    }
    for (const section of SINGLE_SECTIONS) {
      const value = data[section];
      if (!value) continue;
      merged.seen.add(section);
      const at = { value, parsed, path: [section] };
      const earlier = merged.singles[section];
      if (earlier) problems.push(problemAt(at, rulesMsg.sectionTwice(section, placeOf(earlier)), [], 'key'));
      else (merged.singles as Record<string, Located<unknown>>)[section] = at;
    }
    if (data.reported) {
      merged.seen.add('reported');
      merged.reportedDomains.push(...data.reported.domains);
      merged.reportedPhones.push(...data.reported.phones);
    }
  }
  return merged;
}

/** Codes unique across signals and combos; every code named in a combo or a topic rule must exist. */
function checkReferences(merged: Merged, problems: KnowledgeProblem[]): void {
  const defined = new Map<string, Located<unknown>>();
  for (const at of [...merged.lists.signals, ...merged.lists.combos]) {
    const code = at.value.code;
    if (ALL_COMPUTED_CODES.has(code)) problems.push(problemAt(at, rulesMsg.reservedCode(code), ['code']));
    const earlier = defined.get(code);
    if (earlier) problems.push(problemAt(at, rulesMsg.duplicateCode(code, placeOf(earlier)), ['code']));
    else defined.set(code, at);
  }
  const known = [...defined.keys(), ...ALL_COMPUTED_CODES];
  const knownSet = new Set(known);
  const checkList = (at: Located<unknown>, field: string, codes: readonly string[]): void => {
    codes.forEach((code, i) => {
      if (!knownSet.has(code)) problems.push(problemAt(at, rulesMsg.unknownCode(code, closest(code, known)), [field, i]));
    });
  };
  for (const at of merged.lists.combos) checkList(at, 'all_of', at.value.all_of);
  for (const at of merged.lists.topics) {
    checkList(at, 'any_of', at.value.any_of ?? []);
    checkList(at, 'all_of', at.value.all_of ?? []);
  }

  const domains = new Map<string, Located<unknown>>();
  for (const at of merged.lists.official_domains) {
    const earlier = domains.get(at.value.domain);
    if (earlier) problems.push(problemAt(at, rulesMsg.duplicateDomain(at.value.domain, placeOf(earlier)), ['domain']));
    else domains.set(at.value.domain, at);
  }
}

export async function loadScamRules(knowledgeDir: string): Promise<ScamRulesLoadResult> {
  const root = path.resolve(knowledgeDir);
  const problems: KnowledgeProblem[] = [];
  let files: string[];
  try {
    files = await listYamlFiles(root, SCAM_DIR);
  } catch {
    return { ok: false, problems: [fileProblem(SCAM_DIR, rulesMsg.noFolder(path.join(root, SCAM_DIR)))] };
  }
  if (files.length === 0) return { ok: false, problems: [fileProblem(SCAM_DIR, rulesMsg.noFiles)] };

  const valid = await readFiles(root, files, problems);
  const merged = merge(valid, problems);
  // A code or section missing only because its file failed validation is already reported there.
  const allFilesValid = valid.length === files.filter((f) => !/\.yml$/i.test(f)).length;
  if (allFilesValid) {
    checkReferences(merged, problems);
    for (const section of REQUIRED_SECTIONS) {
      if (!merged.seen.has(section)) problems.push(fileProblem(SCAM_DIR, rulesMsg.missingSection(section)));
    }
  }

  const { link_signals: linkSignals, verdict } = merged.singles;
  if (problems.some((p) => p.severity === 'error') || !linkSignals || !verdict) return { ok: false, problems };
  const values = <T>(list: Array<Located<T>>): T[] => list.map((at) => at.value);
  return {
    ok: true,
    problems,
    rules: {
      officialDomains: values(merged.lists.official_domains),
      shorteners: values(merged.lists.shorteners),
      suspiciousTlds: values(merged.lists.suspicious_tlds),
      reported: { domains: merged.reportedDomains, phones: merged.reportedPhones },
      linkSignals: linkSignals.value,
      negators: values(merged.lists.negators),
      signals: values(merged.lists.signals),
      combos: values(merged.lists.combos),
      topics: values(merged.lists.topics),
      verdict: verdict.value,
    },
  };
}
