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
  /**
   * Days a closed ticket keeps its transcript (messages, question, phone) before `donghanh data purge` removes it;
   * the anonymous statistics (commune, kind, channel, status, times) stay.
   */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /**
   * Zalo Official Account (Open API v3), see docs/zalo.md. The channel is on when the app id, app secret and OA
   * secret key are set; the first token pair seeds the database, later pairs live only there.
   */
  ZALO_APP_ID: z.string().trim().regex(/^\d+$/, 'phải là mã ứng dụng Zalo (chỉ gồm chữ số)').optional(),
  ZALO_APP_SECRET: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_ACCESS_TOKEN: optionalText,
  ZALO_REFRESH_TOKEN: optionalText,
  ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
  /** Zalo Bot Platform (for a commune without a verified OA): on when the token and the webhook secret are set. */
  ZALO_BOT_TOKEN: z.string().trim().regex(/^\d+:\S+$/, 'phải có dạng <mã bot>:<khóa>, như Zalo Bot Creator cấp').optional(),
  ZALO_BOT_SECRET: z.string().trim().min(8, 'phải dài từ 8 đến 256 ký tự').max(256, 'phải dài từ 8 đến 256 ký tự').optional(),
  ZALO_BOT_API_BASE: z.url().default('https://bot-api.zaloplatforms.com'),
  /**
   * Load balancers / reverse proxies in front of this server. With N > 0 the client address (for per-address limits
   * and the audit log) is taken from X-Forwarded-For, N entries from the right; 0 trusts no header (direct exposure).
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** Anonymous Direct Line tokens per client address per 10 minutes. */
  RATE_LIMIT_TOKENS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Messages per conversation per minute (a person types far slower). */
  RATE_LIMIT_MESSAGES_PER_CONVERSATION: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Messages per client address per minute: generous, since many phones share one carrier address (CGNAT). */
  RATE_LIMIT_MESSAGES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** PostgreSQL connections per instance (instances × pool size must stay under the server's max_connections). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** `GET /metrics` (Prometheus). On by default; keep it off the public internet at the proxy. */
  METRICS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Test builds only: `GET /debug/memory` reports this process's memory (after a GC when node runs with --expose-gc). */
  DONGHANH_DEBUG_ENDPOINTS: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
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
