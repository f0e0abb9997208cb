/**
 * Remembers, per async call chain, which database transaction is open. Calling `db.query` or `db.transaction` from
 * inside `db.transaction(fn)` (instead of using `tx`) is a bug on both backends: on SQLite it would wait forever for
 * the lock its own transaction holds, on PostgreSQL it would run outside the transaction and may wait on its row
 * locks. We turn both into an immediate, explicit error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface OpenTransaction {
  owner: object;
  open: boolean;
}

const context = new AsyncLocalStorage<OpenTransaction[]>();

export class NestedTransactionError extends Error {
  constructor() {
    super(
      'Đang ở trong db.transaction(fn): hãy dùng đối tượng tx được truyền vào fn thay cho db ' +
        '(gọi db ở đây sẽ chạy ngoài giao dịch hoặc chờ mãi).',
    );
    this.name = 'NestedTransactionError';
  }
}

/** Throws when the caller is inside an open transaction of `owner`. */
export function assertOutsideTransaction(owner: object): void {
  const open = context.getStore();
  if (open?.some((t) => t.owner === owner && t.open)) throw new NestedTransactionError();
}

/** Runs `fn` marked as inside a transaction of `owner`; the mark is cleared when `fn` settles (timers it left keep running unmarked). */
export async function runInTransaction<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const entry: OpenTransaction = { owner, open: true };
  const outer = context.getStore() ?? [];
  try {
    return await context.run([...outer, entry], fn);
  } finally {
    entry.open = false;
  }
}

/** Runs `fn` with no transaction marks, e.g. event handlers scheduled from inside a transaction. */
export function outsideAnyTransaction<T>(fn: () => T): T {
  return context.exit(fn);
}
