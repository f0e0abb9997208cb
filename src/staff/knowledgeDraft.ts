/**
 * "Tạo bản nháp kiến thức": a question a citizen asked and the answer an officer gave become a knowledge entry draft
 * for trainers to review. The draft is checked against `EntrySchema` (the trainers' own format), marked `draft: true`,
 * and either downloaded or saved under `knowledge/drafts/` — where the loader validates it but never answers from it.
 *
 * Saving must never break the running bot: the id is made unique against every entry and draft the folder holds,
 * the file is written under a hidden name and linked into place (so the watcher never reads half a file, and two
 * officers saving at once never overwrite each other).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Ticket } from '../escalation/types';
import { loadKnowledge } from '../knowledge/loader';
import { DRAFTS_DIR, type Entry, EntrySchema } from '../knowledge/schema';
import { expectedSchemaRef } from '../knowledge/schemaComment';
import { fold, normalize } from '../text/normalize';
import { localDay } from './localDates';

export interface DraftRequest {
  ticket: Ticket;
  communeName: string;
  /** The staff reply the answer is taken from (the latest one, unless the officer wrote another). */
  answer: string;
  /** Edits from the console form; each replaces the value taken from the ticket. */
  title?: string;
  questions?: string[];
  group?: string;
  now: number;
}

export type DraftResult = { ok: true; entry: Entry } | { ok: false; problems: string[] };

const GROUP = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG = 48;
const MAX_TITLE = 90;

/** `Làm lại căn cước bị mất ở đâu?` → `lam-lai-can-cuoc-bi-mat-o-dau` */
export function slugify(text: string): string {
  const words = fold(normalize(text))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  return slug;
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0]!.trim();
  const sentence = /^(.+?[?.!])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > MAX_TITLE ? `${sentence.slice(0, MAX_TITLE - 1).trimEnd()}…` : sentence;
}

/** Builds the entry and checks it with the trainers' schema; problems are in Vietnamese, one per field. */
export function buildDraft(request: DraftRequest): DraftResult {
  const { ticket } = request;
  const group = (request.group ?? (ticket.kind === 'scam_report' ? 'lua-dao' : 'chung')).trim();
  const title = (request.title ?? firstSentence(ticket.subject)).normalize('NFC').trim();
  const questions = (request.questions ?? [ticket.subject])
    .map((q) => q.normalize('NFC').trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  const slug = slugify(title) || `tu-phieu-${ticket.code.toLowerCase()}`;
  const candidate = {
    id: `${group}.${slug}`,
    group,
    title,
    questions,
    answer: request.answer.normalize('NFC').trim(),
    source: { title: `Trả lời của Công an ${request.communeName} (phiếu ${ticket.code})` },
    reviewed: localDay(request.now),
    note: 'Bản nháp tạo từ câu trả lời của cán bộ cho một người dân: cần kiểm tra nội dung, bỏ chi tiết riêng của người hỏi, bổ sung câu hỏi mẫu, nguồn chính thức và căn cứ pháp lý trước khi duyệt.',
    draft: true,
  };
  const problems: string[] = [];
  if (!GROUP.test(group)) problems.push('group: nhóm chủ đề gồm chữ thường không dấu và gạch ngang, ví dụ cu-tru, vneid, lua-dao');
  const parsed = EntrySchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || '(mục)'}: ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: [...new Set(problems)] };
  return { ok: true, entry: parsed.data };
}

export interface DraftFileInfo {
  ticketCode: string;
  author: string;
  now: number;
}

/** The YAML file a trainer opens: the schema line for their editor, where it came from, then the entry. */
export function draftYaml(entry: Entry, relPath: string, info: DraftFileInfo): string {
  const header = [
    `# yaml-language-server: $schema=${expectedSchemaRef(relPath, 'entries')}`,
    `# Bản nháp từ phiếu ${info.ticketCode}, do ${info.author} tạo ngày ${localDay(info.now)}.`,
    '# Cán bộ biên soạn: kiểm tra, sửa, rồi chuyển mục này sang tệp của nhóm chủ đề và bỏ dòng "draft: true".',
  ];
  const body = YAML.stringify({ entries: [entry] }, { lineWidth: 0 });
  return `${header.join('\n')}\n${body}`;
}

export class KnowledgeFolderBrokenError extends Error {
  constructor() {
    super('knowledge folder does not load');
    this.name = 'KnowledgeFolderBrokenError';
  }
}

/**
 * Saves the draft as `drafts/<id>.yaml` with an id no entry or draft in the folder has (suffix `-2`, `-3`… when
 * taken). Returns the path relative to the knowledge folder and the entry as saved.
 */
export async function saveDraft(knowledgeDir: string, entry: Entry, info: DraftFileInfo): Promise<{ file: string; entry: Entry }> {
  const loaded = await loadKnowledge(knowledgeDir);
  if (!loaded.ok) throw new KnowledgeFolderBrokenError();
  const taken = new Set([...loaded.knowledge.entries, ...loaded.knowledge.drafts].map((e) => e.id));
  const dir = path.join(knowledgeDir, DRAFTS_DIR);
  await fs.mkdir(dir, { recursive: true });
  for (let n = 1; n < 100; n++) {
    const id = n === 1 ? entry.id : `${entry.id}-${n}`;
    if (taken.has(id)) continue;
    const relPath = `${DRAFTS_DIR}/${id}.yaml`;
    const final = path.join(knowledgeDir, relPath);
    const saved: Entry = { ...entry, id };
    const temp = path.join(dir, `.${id}.${process.pid}.${Date.now()}.tmp`);
    await fs.writeFile(temp, draftYaml(saved, relPath, info), { flag: 'wx' });
    try {
      // link() fails when the name exists: a draft saved by someone else a moment ago is never overwritten.
      await fs.link(temp, final);
      return { file: relPath, entry: saved };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
  throw new Error('Không tìm được tên tệp trống cho bản nháp');
}

export interface DraftListing {
  file: string;
  id: string;
  title: string;
  group: string;
  questions: number;
  reviewed: string;
  modifiedAt: number;
}

/** Every entry in `knowledge/drafts/` (any depth), newest file first. Files that do not parse are skipped. */
export async function listDrafts(knowledgeDir: string): Promise<DraftListing[]> {
  const root = path.join(knowledgeDir, DRAFTS_DIR);
  const files = await yamlFiles(root);
  const out: DraftListing[] = [];
  for (const file of files) {
    const full = path.join(root, file);
    try {
      const [text, stat] = await Promise.all([fs.readFile(full, 'utf8'), fs.stat(full)]);
      const data = YAML.parse(text) as { entries?: Array<Partial<Entry>> } | null;
      for (const e of data?.entries ?? []) {
        out.push({
          file: `${DRAFTS_DIR}/${file}`,
          id: String(e.id ?? ''),
          title: String(e.title ?? ''),
          group: String(e.group ?? ''),
          questions: Array.isArray(e.questions) ? e.questions.length : 0,
          reviewed: String(e.reviewed ?? ''),
          modifiedAt: stat.mtimeMs,
        });
      }
    } catch {
      // A trainer's half-edited file: `donghanh kb check` reports it; the listing just leaves it out.
    }
  }
  return out.sort((a, b) => b.modifiedAt - a.modifiedAt || a.file.localeCompare(b.file));
}

/** Reads a draft file by its listed path; undefined for anything outside `drafts/` or not a `.yaml` file. */
export async function readDraftFile(knowledgeDir: string, relPath: string): Promise<string | undefined> {
  const root = path.resolve(knowledgeDir, DRAFTS_DIR);
  const full = path.resolve(knowledgeDir, relPath);
  if (!full.startsWith(`${root}${path.sep}`) || !full.endsWith('.yaml')) return undefined;
  if (path.basename(full).startsWith('.')) return undefined;
  try {
    return await fs.readFile(full, 'utf8');
  } catch {
    return undefined;
  }
}

async function yamlFiles(root: string, rel = ''): Promise<string[]> {
  let items;
  try {
    items = await fs.readdir(path.join(root, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const item of items) {
    if (item.name.startsWith('.')) continue;
    const relPath = rel ? `${rel}/${item.name}` : item.name;
    if (item.isDirectory()) out.push(...(await yamlFiles(root, relPath)));
    else if (item.isFile() && item.name.endsWith('.yaml')) out.push(relPath);
  }
  return out;
}
