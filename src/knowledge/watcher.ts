/**
 * `KnowledgeStore`: the knowledge the server answers from, kept current while trainers edit the folder.
 *
 * A reload builds a complete new snapshot (the knowledge plus everything derived from it, e.g. the matcher's index)
 * aside, and swaps it in with a single assignment only when every file validates and every derivation succeeds.
 * Readers therefore always see one consistent snapshot; a broken edit never takes the bot down: it keeps
 * answering from the previous knowledge and the problems are logged, each with file:line:column.
 */
import { watch, promises as fs, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { formatProblem, type KnowledgeBase, type KnowledgeProblem, type LoadResult } from './knowledgeBase';
import { loadKnowledge } from './loader';
import { msg } from './messages';

/** What the store needs from a logger; pino's loggers fit, and so does `console`-like code in tests. */
export interface KnowledgeLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const stderrLogger: KnowledgeLogger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`${m}\n`),
  error: (m) => process.stderr.write(`${m}\n`),
};

export interface KnowledgeStoreOptions {
  logger?: KnowledgeLogger;
  /** Editors save in bursts (temp file, rename, chmod): wait this long after the last change before reloading. */
  debounceMs?: number;
  /** Watch the folder for changes (default true); false for one-shot uses such as the CLI. */
  watch?: boolean;
}

/** The outcome of one reload, for listeners (tests, metrics). */
export type ReloadOutcome =
  | { ok: true; knowledge: KnowledgeBase; problems: KnowledgeProblem[] }
  | { ok: false; problems: KnowledgeProblem[]; reason: 'invalid' | 'derive-failed' };

/** A value built from the knowledge (e.g. a matcher); always the one built from the snapshot currently served. */
export interface Derived<T> {
  readonly current: T;
}

/** One consistent view: the knowledge and every derived value built from exactly that knowledge. */
export interface KnowledgeSnapshot {
  readonly knowledge: KnowledgeBase;
  get<T>(derived: Derived<T>): T;
}

/** Thrown by `KnowledgeStore.open` when the folder does not validate at start-up (there is no previous knowledge to keep). */
export class KnowledgeLoadError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`Kho kiến thức có ${errors.length} lỗi:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'KnowledgeLoadError';
  }
}

type Builder = (kb: KnowledgeBase) => unknown;

interface State {
  readonly knowledge: KnowledgeBase;
  readonly values: ReadonlyMap<Builder, unknown>;
}

const RELEVANT_FILE = /\.ya?ml$/i;

export class KnowledgeStore {
  private state: State;
  private readonly builders: Builder[] = [];
  private readonly listeners = new Set<(outcome: ReloadOutcome) => void>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<ReloadOutcome> | undefined;
  private reloadAgain = false;
  private closed = false;
  private readonly logger: KnowledgeLogger;
  private readonly debounceMs: number;

  private constructor(
    readonly dir: string,
    knowledge: KnowledgeBase,
    options: KnowledgeStoreOptions,
  ) {
    this.state = { knowledge, values: new Map() };
    this.logger = options.logger ?? stderrLogger;
    this.debounceMs = options.debounceMs ?? 300;
  }

  /** Loads the folder (rejects with `KnowledgeLoadError` listing every problem if it does not validate) and starts watching. */
  static async open(dir: string, options: KnowledgeStoreOptions = {}): Promise<KnowledgeStore> {
    const root = path.resolve(dir);
    const result = await loadKnowledge(root);
    if (!result.ok) throw new KnowledgeLoadError(result.problems);
    const store = new KnowledgeStore(root, result.knowledge, options);
    store.logWarnings(result.problems);
    if (options.watch ?? true) await store.startWatching();
    return store;
  }

  get knowledge(): KnowledgeBase {
    return this.state.knowledge;
  }

  /** The current knowledge and derived values, captured together: use it when a request needs more than one of them. */
  snapshot(): KnowledgeSnapshot {
    const state = this.state;
    return {
      knowledge: state.knowledge,
      get: <T>(derived: Derived<T>) => (derived as DerivedHandle<T>).from(state),
    };
  }

  /**
   * Registers something to rebuild on every successful reload (`store.derive(kb => createMatcher(kb))`). It is built
   * now from the current knowledge; if a later rebuild throws, the reload is refused and the previous snapshot stays.
   */
  derive<T>(build: (kb: KnowledgeBase) => T): Derived<T> {
    const values = new Map(this.state.values);
    values.set(build, build(this.state.knowledge));
    this.state = { knowledge: this.state.knowledge, values };
    this.builders.push(build);
    return new DerivedHandle<T>(build, () => this.state);
  }

  /** Called after every reload attempt, successful or not. Returns a function that unsubscribes. */
  onReload(listener: (outcome: ReloadOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reloads now. Concurrent calls share one reload; a change arriving during a reload triggers one more. */
  reload(): Promise<ReloadOutcome> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.reloadOnce().finally(() => {
      this.reloading = undefined;
      if (this.reloadAgain && !this.closed) {
        this.reloadAgain = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.splice(0)) w.close();
    await this.reloading?.catch(() => undefined);
  }

  private async reloadOnce(): Promise<ReloadOutcome> {
    const result: LoadResult = await loadKnowledge(this.dir);
    let outcome: ReloadOutcome;
    if (!result.ok) {
      outcome = { ok: false, problems: result.problems, reason: 'invalid' };
      this.logFailure(result.problems);
    } else {
      try {
        const values = new Map<Builder, unknown>();
        for (const build of this.builders) values.set(build, build(result.knowledge));
        if (this.closed) return { ok: false, problems: [], reason: 'invalid' };
        // The swap: one assignment, so no reader ever sees new knowledge with an old index or the reverse.
        this.state = { knowledge: result.knowledge, values };
        outcome = { ok: true, knowledge: result.knowledge, problems: result.problems };
        this.logger.info(msg.reloaded(result.knowledge.entries.length, result.problems.length));
        this.logWarnings(result.problems);
      } catch (err) {
        outcome = { ok: false, problems: [], reason: 'derive-failed' };
        this.logger.error(msg.deriveFailed(err instanceof Error ? err.message : String(err)));
      }
    }
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }

  private logFailure(problems: KnowledgeProblem[]): void {
    const errors = problems.filter((p) => p.severity === 'error');
    this.logger.error(msg.reloadFailed(errors.length));
    for (const p of errors) this.logger.error(formatProblem(p));
    this.logWarnings(problems);
  }

  private logWarnings(problems: KnowledgeProblem[]): void {
    for (const p of problems) if (p.severity === 'warning') this.logger.warn(formatProblem(p));
  }

  private onFsEvent(fileName: string | Buffer | null): void {
    if (this.closed) return;
    const name = fileName === null ? '' : String(fileName);
    // Directory renames have no extension and may hide YAML files moved with them; JSON, swap files etc. do not matter.
    if (name && path.extname(name) !== '' && !RELEVANT_FILE.test(name)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, this.debounceMs);
  }

  private async startWatching(): Promise<void> {
    const listener = (_event: string, fileName: string | Buffer | null) => this.onFsEvent(fileName);
    // A watched folder that disappears must not crash the server: keep serving and say so.
    const keep = (w: FSWatcher) => {
      w.on('error', (err) => this.logger.warn(msg.watchFailed(err.message)));
      this.watchers.push(w);
    };
    try {
      keep(watch(this.dir, { recursive: true }, listener));
      return;
    } catch {
      // Platforms without recursive watching: one watcher per folder (folders created later are picked up on reload).
    }
    for (const dir of await listDirs(this.dir)) keep(watch(dir, listener));
  }
}

class DerivedHandle<T> implements Derived<T> {
  constructor(
    private readonly build: Builder,
    private readonly state: () => State,
  ) {}

  get current(): T {
    return this.from(this.state());
  }

  from(state: State): T {
    return state.values.get(this.build) as T;
  }
}

async function listDirs(dir: string): Promise<string[]> {
  const out = [dir];
  for (const item of await fs.readdir(dir, { withFileTypes: true })) {
    if (item.isDirectory() && !item.name.startsWith('.')) out.push(...(await listDirs(path.join(dir, item.name))));
  }
  return out;
}
