/**
 * Errors an operator reads when the bot cannot start: a Vietnamese sentence saying what failed and what to check,
 * followed by the technical cause so the fix can be found.
 */

export class DatabaseUnavailableError extends Error {
  constructor(
    /** Where we tried to connect, without any password: `PostgreSQL postgres@127.0.0.1:5432/test`. */
    readonly target: string,
    readonly cause: unknown,
    /** What to check, for the person starting the bot. */
    hint = 'Hãy kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu đã chạy chưa.',
  ) {
    const verb = target.startsWith('SQLite') ? 'mở' : 'kết nối';
    super(`Không ${verb} được cơ sở dữ liệu ${target}. ${hint} Nguyên nhân: ${describeCause(cause)}`);
    this.name = 'DatabaseUnavailableError';
  }
}

export class MigrationError extends Error {
  constructor(
    readonly migrationId: string,
    readonly cause: unknown,
  ) {
    super(`Không cập nhật được cấu trúc cơ sở dữ liệu ở bước "${migrationId}". Nguyên nhân: ${describeCause(cause)}`);
    this.name = 'MigrationError';
  }
}

/** The message plus any driver code (`ECONNREFUSED`, `28P01`, `SQLITE_CANTOPEN`), which is what people search for. */
export function describeCause(cause: unknown): string {
  // Duck-typed rather than `instanceof Error`: errors from Node's core and from another realm (jest's sandbox) fail it.
  if (typeof cause !== 'object' || cause === null) return String(cause);
  const { message, code, errors, name } = cause as {
    message?: unknown;
    code?: unknown;
    errors?: unknown;
    name?: unknown;
  };
  if (Array.isArray(errors) && errors.length > 0) {
    // Node tries every address of `localhost` and reports an AggregateError whose own message is empty.
    return errors.map(describeCause).join('; ');
  }
  const text = typeof message === 'string' && message ? message : typeof name === 'string' ? name : String(cause);
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

/** True for a duplicate primary/unique key on either backend, so repositories can turn it into a domain answer. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when a row names a parent row that does not exist (or no longer does), on either backend. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
