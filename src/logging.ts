/**
 * Structured logs with pino, written to standard error so standard output stays free for what CLI commands promise.
 * Privacy rule: nothing a citizen typed is logged at `info` or above — log ids, outcomes, lengths and scores instead.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Config } from './config';

export type Logger = pino.Logger;
export type LogLevel = Config['LOG_LEVEL'];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to standard error. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: false });
  return pino(
    {
      name: 'donghanh',
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Tokens and secrets travel in these headers; a request logged by accident must not leak them.
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'token', 'secret'], censor: '[ẩn]' },
    },
    destination,
  );
}

/** A logger that discards everything: the default for collaborators constructed without one (mostly tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Short random id that ties together every log line of one turn or one request, and that support staff can quote. */
export function newCorrelationId(): string {
  return randomBytes(6).toString('hex');
}
