/**
 * One trainer YAML file, parsed with positions kept, so every later check can point at the exact line and column
 * of the value it complains about (`locate(['entries', 3, 'questions', 0])`).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import type { KnowledgeProblem } from './knowledgeBase';
import { msg } from './messages';

export type FieldPath = readonly PropertyKey[];

export interface Position {
  line: number;
  column: number;
}

export interface ParsedYamlFile {
  /** Relative to the knowledge folder, forward slashes. */
  readonly file: string;
  readonly source: string;
  /** The plain data (strings NFC-normalised); undefined when the file has syntax errors or is empty. */
  readonly data: unknown;
  /** Best-effort data even when there are syntax errors: used only to avoid false alarms in cross-file checks. */
  readonly partialData: unknown;
  readonly hasSyntaxErrors: boolean;
  /** YAML syntax errors (every one the parser found) and YAML warnings. */
  readonly problems: KnowledgeProblem[];
  /** Where the value at `path` is; `key` points at the field name instead of its value. Falls back to the nearest parent. */
  locate(path: FieldPath, target?: 'value' | 'key'): Position;
}

/** `entries[3].questions[0]`, `former_districts["TP Thanh Hóa"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (/^[\p{L}_][\p{L}\p{N}_-]*$/u.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Trainers type on many keyboards and editors; compare and store one Unicode form of every string and key. */
export function deepNfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(deepNfc);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), deepNfc(v)]));
  }
  return value;
}

const QUOTE_ERROR = /quote/i;

export function parseYamlFile(file: string, source: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  };

  const problems: KnowledgeProblem[] = [];
  // One mistake often trips several parser errors on the same line; the first one there is the one to fix.
  const errorLines = new Set<number>();
  for (const err of [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])) {
    let at = toPosition(err.pos[0]);
    if (errorLines.has(at.line)) continue;
    errorLines.add(at.line);
    let message = msg.yamlSyntax(err.code, err.message);
    // The parser reports an unclosed quote where the file ends; the trainer needs the line where it was opened.
    if (err.code === 'MISSING_CHAR' && QUOTE_ERROR.test(err.message)) {
      const opened = findUnclosedQuote(doc, err.pos[0]);
      if (opened !== undefined) {
        message = msg.unclosedQuote(at.line);
        at = toPosition(opened);
      }
    }
    problems.push({ file, ...at, path: '', message, severity: 'error' });
  }
  for (const warning of doc.warnings) {
    problems.push({ file, ...toPosition(warning.pos[0]), path: '', message: msg.yamlWarning(warning.message), severity: 'warning' });
  }

  const hasSyntaxErrors = doc.errors.length > 0;
  let partialData: unknown;
  try {
    partialData = deepNfc(doc.toJS());
  } catch {
    partialData = undefined;
  }

  return {
    file,
    source,
    data: hasSyntaxErrors ? undefined : partialData,
    partialData,
    hasSyntaxErrors,
    problems,
    locate(path, target = 'value') {
      const offset = locateOffset(doc, path, target);
      return toPosition(offset);
    },
  };
}

/** The start of the quoted scalar that runs into `errorOffset` (the end of the file), if any. */
function findUnclosedQuote(doc: Document.Parsed, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range && node.range[0] < errorOffset && node.range[1] >= errorOffset) start = node.range[0];
    },
  });
  return start;
}

function keyMatches(key: unknown, seg: PropertyKey): boolean {
  const value = isScalar(key) ? key.value : key;
  return String(value).normalize('NFC') === String(seg);
}

/**
 * Walks the YAML node tree along `path`. A missing step stops the walk: the problem is then shown at the nearest
 * existing parent (for "missing field", the start of the entry that lacks it, which is where the trainer must add it).
 */
function locateOffset(doc: Document.Parsed, path: FieldPath, target: 'value' | 'key'): number {
  let node: Node | null | undefined = doc.contents;
  let best = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, seg));
      if (!pair) return best;
      const keyNode = pair.key as Node | null;
      const keyStart = keyNode?.range?.[0];
      if (isLast && target === 'key' && keyStart !== undefined) return keyStart;
      node = pair.value as Node | null;
      // `answer:` with nothing after it has no value node: point at the field name.
      best = node?.range?.[0] ?? keyStart ?? best;
      if (!node || !node.range) return keyStart ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | null | undefined;
      if (!item || !item.range) return best;
      node = item;
      best = item.range[0];
    } else {
      return best;
    }
  }
  return best;
}
