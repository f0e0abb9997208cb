/**
 * The validated, in-memory knowledge a running bot answers from.
 * Built by the loader (`loadKnowledge`) only when every file validates.
 */
import type { Communes, Entry, Settings, Synonyms } from './schema';

export interface KnowledgeBase {
  /** The folder it was loaded from. */
  readonly dir: string;
  /** Live entries (drafts excluded), in file order. */
  readonly entries: readonly Entry[];
  readonly byId: ReadonlyMap<string, Entry>;
  readonly synonyms: Synonyms;
  readonly settings: Settings;
  readonly communes: Communes;
  /** Draft entries under `drafts/`: validated, never answered from. */
  readonly drafts: readonly Entry[];
  /** When this snapshot was loaded (ms since epoch). */
  readonly loadedAt: number;
}

/** One problem in one trainer file, located precisely enough to jump to it in an editor. */
export interface KnowledgeProblem {
  /** Path relative to the knowledge folder, with forward slashes. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  column: number;
  /** Field path inside the file, e.g. `entries[3].questions[0]`; empty for syntax errors. */
  path: string;
  /** A plain explanation a trainer can act on (Vietnamese). */
  message: string;
  severity: 'error' | 'warning';
}

export type LoadResult =
  | { ok: true; knowledge: KnowledgeBase; problems: KnowledgeProblem[] /* warnings only */ }
  | { ok: false; problems: KnowledgeProblem[] };

/** `file:line:column: path: message`, the format editors and CI annotate from. */
export function formatProblem(p: KnowledgeProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const path = p.path ? ` ${p.path}:` : '';
  const tag = p.severity === 'warning' ? ' (cảnh báo)' : '';
  return `${where}:${path} ${p.message}${tag}`;
}
