/** A real pino logger whose lines are kept in memory, so tests can check what would be logged (and what not). */
import { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../../src/logging';

export interface CapturedLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  /** Everything logged, as one string, for "this text never appears" checks. */
  text(): string;
}

export function captureLogger(level: LogLevel = 'info'): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}
