/**
 * Checks that span entries and files, which no per-file schema can see: duplicate ids, groups that disagree with
 * their id, follow-ups that point nowhere, and example questions claimed by two entries (the matcher could never
 * tell them apart). They run on every entry that has the relevant fields, even when another field of the entry is
 * invalid, so that a trainer sees every problem in one run.
 */
import { normalize } from '../text/normalize';
import type { KnowledgeProblem } from './knowledgeBase';
import { msg } from './messages';
import { closest } from './suggest';
import { formatPath, type FieldPath, type ParsedYamlFile } from './yamlFile';

/** What the cross-entry checks need from one entry, gathered leniently from its raw data. */
export interface EntryRecord {
  readonly parsed: ParsedYamlFile;
  /** Position in the file's `entries` list. */
  readonly index: number;
  /** Under `drafts/` or marked `draft: true`: validated, never answered from. */
  readonly draft: boolean;
  readonly id: string | undefined;
  readonly group: string | undefined;
  readonly questions: ReadonlyArray<{ readonly text: string; readonly index: number }>;
  readonly followups: ReadonlyArray<{ readonly id: string; readonly index: number }>;
}

const MIN_QUESTIONS = 3;

function strings(value: unknown): Array<{ text: string; index: number }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, index) => (typeof v === 'string' ? [{ text: v, index }] : []));
}

/** Reads the raw `entries` list of a file; anything not of the expected shape is simply skipped (the schema reports it). */
export function entryRecords(parsed: ParsedYamlFile, data: unknown, inDraftsFolder: boolean): EntryRecord[] {
  const entries = (data as { entries?: unknown } | null | undefined)?.entries;
  if (!Array.isArray(entries)) return [];
  return entries.map((raw, index) => {
    const e = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return {
      parsed,
      index,
      draft: inDraftsFolder || e.draft === true,
      id: typeof e.id === 'string' ? e.id : undefined,
      group: typeof e.group === 'string' ? e.group : undefined,
      questions: strings(e.questions),
      followups: strings(e.followups).map(({ text, index: i }) => ({ id: text, index: i })),
    };
  });
}

/**
 * @param unverifiedIds ids read from files that have syntax errors: follow-ups to them are not reported as dangling,
 *   because the real cause (the syntax error) is already reported and the id may well exist.
 */
export function checkEntries(records: readonly EntryRecord[], unverifiedIds: ReadonlySet<string>): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const at = (r: EntryRecord, path: FieldPath, message: string, severity: KnowledgeProblem['severity'] = 'error', target: 'value' | 'key' = 'value') => {
    const full = ['entries', r.index, ...path];
    problems.push({ file: r.parsed.file, ...r.parsed.locate(full, target), path: formatPath(full), message, severity });
  };
  const describe = (r: EntryRecord, path: FieldPath = []) => {
    const full = ['entries', r.index, ...path];
    return msg.place(formatPath(full), r.parsed.file, r.parsed.locate(full).line, r.id);
  };

  const byId = new Map<string, EntryRecord[]>();
  for (const r of records) {
    if (r.id === undefined) continue;
    byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  }

  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    // Reported at every place, each naming the others, so whichever file the trainer opens shows the conflict.
    for (const r of same) {
      const others = same.filter((o) => o !== r).map((o) => describe(o));
      at(r, ['id'], msg.duplicateId(id, others.join('; ')));
    }
  }

  const allIds = [...byId.keys()];
  for (const r of records) {
    if (r.id !== undefined && r.group !== undefined) {
      const expected = r.id.split('.')[0]!;
      if (r.group !== expected) at(r, ['group'], msg.groupMismatch(r.group, r.id, expected));
    }
    for (const f of r.followups) {
      const path = ['followups', f.index];
      if (f.id === r.id) {
        at(r, path, msg.followsItself(f.id));
        continue;
      }
      const targets = byId.get(f.id);
      if (!targets) {
        if (!unverifiedIds.has(f.id)) at(r, path, msg.followupMissing(f.id, closest(f.id, allIds)));
      } else if (!r.draft && targets.every((t) => t.draft)) {
        at(r, path, msg.followupDraft(f.id));
      }
    }
    if (r.questions.length > 0 && r.questions.length < MIN_QUESTIONS) {
      at(r, ['questions'], msg.fewQuestions(r.questions.length), 'warning', 'key');
    }
  }

  checkQuestions(records, at, describe);
  return problems;
}

type Report = (r: EntryRecord, path: FieldPath, message: string, severity?: KnowledgeProblem['severity']) => void;
type Describe = (r: EntryRecord, path?: FieldPath) => string;

/** The same example question in two entries makes the matcher's choice between them arbitrary. */
function checkQuestions(records: readonly EntryRecord[], at: Report, describe: Describe): void {
  const byKey = new Map<string, Array<{ r: EntryRecord; index: number }>>();
  for (const r of records) {
    const seenInEntry = new Set<string>();
    for (const q of r.questions) {
      const key = normalize(q.text);
      if (key === '') continue;
      if (seenInEntry.has(key)) {
        at(r, ['questions', q.index], msg.repeatedQuestion, 'warning');
        continue;
      }
      seenInEntry.add(key);
      byKey.set(key, [...(byKey.get(key) ?? []), { r, index: q.index }]);
    }
  }
  for (const occurrences of byKey.values()) {
    if (occurrences.length < 2) continue;
    const liveCount = occurrences.filter((o) => !o.r.draft).length;
    for (const o of occurrences) {
      const others = occurrences.filter((x) => x !== o).map((x) => describe(x.r, ['questions', x.index]));
      if (!o.r.draft && liveCount >= 2) at(o.r, ['questions', o.index], msg.duplicateQuestion(others));
      // A draft repeating a live question does no harm yet, but will the day it is approved.
      else if (o.r.draft) at(o.r, ['questions', o.index], msg.duplicateQuestionWithDraft(others), 'warning');
    }
  }
}
