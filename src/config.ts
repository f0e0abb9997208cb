/**
 * The one configuration module: environment variables (and an optional `.env`, loaded by the CLI entry point)
 * validated with zod once, at start-up. A bad value stops the process with a message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
    message: 'phải có dạng sqlite:<đường dẫn tệp> hoặc postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu',
  });

const optionalText = z.string().trim().min(1).optional();

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATABASE_URL: databaseUrl.default('sqlite:./data/donghanh.db'),
  KNOWLEDGE_DIR: z.string().trim().min(1).default('./knowledge'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Public origin (https://bot.example.gov.vn) used to build Direct Line stream URLs behind a proxy. */
  PUBLIC_URL: z.url().optional(),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalText,
  /** When set, generating a Direct Line token requires it; when absent the widget gets anonymous, rate-limited tokens. */
  DIRECTLINE_SECRET: optionalText,
  /** Key for signing Direct Line tokens; generated per database when absent. */
  DIRECTLINE_TOKEN_KEY: optionalText,
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Cấu hình không hợp lệ:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment; empty strings count as unset so `PORT=` in a `.env` falls back to the default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`));
  }
  return parsed.data;
}

/** `sqlite:./data/x.db` → absolute file path (relative to `cwd`); `sqlite::memory:` stays as is. */
export function sqlitePath(databaseUrlValue: string, cwd = process.cwd()): string {
  const p = databaseUrlValue.slice('sqlite:'.length);
  if (p === ':memory:') return p;
  return path.resolve(cwd, p);
}
