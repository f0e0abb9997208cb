/**
 * The OA's access token, kept fresh. Zalo's access token lasts 25 hours and its refresh token can be used exactly
 * once: a second refresh with the same token fails, and a pair lost after a successful refresh cannot be recovered.
 * Hence:
 * - one refresh at a time: in this process (a shared promise) and across instances (a lease on the `zalo_tokens`
 *   row, taken with a conditional UPDATE; a lease whose holder died expires);
 * - before refreshing, re-read the row: another instance may already have replaced the token we found rejected;
 * - the new pair is written in one statement before anyone uses it;
 * - refresh ahead of expiry (`refreshAheadMs`), and on demand when Zalo rejects the token (-216, -220, HTTP 401).
 * The first pair comes from the configuration; later pairs live only in the database. A different configured pair
 * (an operator issued new tokens) replaces the stored chain.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../storage/database';
import type { Logger } from '../../logging';
import { type TokenPair, ZaloRefreshError } from './oaApi';

export interface TokenRefresher {
  refresh(refreshToken: string): Promise<TokenPair>;
}

export interface TokenManagerOptions {
  db: Database;
  api: TokenRefresher;
  logger: Logger;
  /** Row key: one OA per app id. */
  account: string;
  /** The configured first pair; optional once the database holds a pair. */
  seed?: { accessToken: string; refreshToken: string };
  now?: () => number;
  /** Refresh when less than this remains (default 5 h: a 25 h token is renewed after about 20 h). */
  refreshAheadMs?: number;
  /** How long a refresh lease lasts; longer than the OAuth call's timeout. */
  leaseMs?: number;
  /** How long to wait for another instance's refresh before giving up. */
  waitMs?: number;
  pollMs?: number;
}

interface TokenRow {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  seed_fingerprint: string;
  generation: number;
  lock_owner: string | null;
  lock_until: number | null;
}

export interface CurrentToken {
  accessToken: string;
  expiresAt: number;
  generation: number;
}

export class NoZaloTokenError extends Error {
  constructor() {
    super('Chưa có token Zalo OA: hãy đặt ZALO_ACCESS_TOKEN và ZALO_REFRESH_TOKEN (xem docs/zalo.md).');
    this.name = 'NoZaloTokenError';
  }
}

/** The configured access token's real expiry is unknown; assume it was just issued (a rejection corrects this). */
const ACCESS_TOKEN_LIFETIME_MS = 25 * 60 * 60_000;

export class TokenManager {
  private readonly now: () => number;
  private readonly refreshAheadMs: number;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly owner = randomUUID();
  private seeded: Promise<void> | undefined;
  private inflight: Promise<CurrentToken> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: TokenManagerOptions) {
    this.now = o.now ?? Date.now;
    this.refreshAheadMs = o.refreshAheadMs ?? 5 * 60 * 60_000;
    this.leaseMs = o.leaseMs ?? 60_000;
    this.waitMs = o.waitMs ?? 90_000;
    this.pollMs = o.pollMs ?? 200;
  }

  /** A token to send with, refreshed first when it is close to expiry. */
  async current(): Promise<CurrentToken> {
    await this.ensureSeeded();
    const row = await this.read();
    if (!row) throw new NoZaloTokenError();
    if (row.expires_at - this.now() > this.refreshAheadMs) return toCurrent(row);
    try {
      return await this.refresh({ reason: 'ahead' });
    } catch (err) {
      // The old token still works until it expires: keep sending with it, and say why the refresh failed.
      if (row.expires_at > this.now()) {
        this.o.logger.warn({ err }, 'zalo token refresh ahead of expiry failed; using the current token');
        return toCurrent(row);
      }
      throw err;
    }
  }

  /** Zalo rejected `rejectedToken`: returns a newer token (refreshing unless someone already did). */
  async replaceRejected(rejectedToken: string): Promise<CurrentToken> {
    await this.ensureSeeded();
    return this.refresh({ reason: 'rejected', rejectedToken });
  }

  /** Refreshes ahead of expiry every `intervalMs`, so the chain stays alive even when nobody writes for days. */
  startKeepAlive(intervalMs = 10 * 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.current().catch((err: unknown) => this.o.logger.error({ err }, 'zalo token keep-alive failed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Writes the configured pair unless the database already holds the chain that started from it. */
  ensureSeeded(): Promise<void> {
    this.seeded ??= this.seed().catch((err: unknown) => {
      this.seeded = undefined;
      throw err;
    });
    return this.seeded;
  }

  private async seed(): Promise<void> {
    const seed = this.o.seed;
    if (!seed) return;
    const fingerprint = createHash('sha256').update(`${seed.accessToken}\n${seed.refreshToken}`).digest('hex');
    const at = this.now();
    const { rowCount } = await this.o.db.execute(
      `INSERT INTO zalo_tokens (account, access_token, refresh_token, expires_at, seed_fingerprint, generation, updated_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6)
       ON CONFLICT (account) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
         expires_at = excluded.expires_at, seed_fingerprint = excluded.seed_fingerprint,
         generation = zalo_tokens.generation + 1, updated_at = excluded.updated_at, lock_owner = NULL, lock_until = NULL
       WHERE zalo_tokens.seed_fingerprint <> excluded.seed_fingerprint`,
      [this.o.account, seed.accessToken, seed.refreshToken, at + ACCESS_TOKEN_LIFETIME_MS, fingerprint, at],
    );
    if (rowCount > 0) this.o.logger.info({ account: this.o.account }, 'zalo token pair taken from the configuration');
  }

  private refresh(request: { reason: 'ahead' } | { reason: 'rejected'; rejectedToken: string }): Promise<CurrentToken> {
    this.inflight ??= this.refreshOnce(request).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshOnce(request: { reason: 'ahead' } | { reason: 'rejected'; rejectedToken: string }): Promise<CurrentToken> {
    const deadline = this.now() + this.waitMs;
    for (;;) {
      const row = await this.read();
      if (!row) throw new NoZaloTokenError();
      if (alreadyReplaced(row, request, this.now(), this.refreshAheadMs)) return toCurrent(row);
      const leased = await this.takeLease();
      if (leased) {
        // Re-checked under the lease: another instance may have finished between our read and our lease.
        if (alreadyReplaced(leased, request, this.now(), this.refreshAheadMs)) {
          await this.releaseLease();
          return toCurrent(leased);
        }
        return this.refreshUnderLease(leased);
      }
      if (this.now() > deadline) throw new ZaloRefreshError('một phiên bản khác đang làm mới token Zalo quá lâu', null, false);
      await sleep(this.pollMs);
    }
  }

  private async refreshUnderLease(row: TokenRow): Promise<CurrentToken> {
    let pair: TokenPair;
    try {
      pair = await this.o.api.refresh(row.refresh_token);
    } catch (err) {
      await this.releaseLease().catch(() => undefined);
      if (err instanceof ZaloRefreshError && err.rejected) {
        this.o.logger.error(
          { code: err.code, account: this.o.account },
          'zalo refused the refresh token: issue a new token pair for the OA and set ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN',
        );
      }
      throw err;
    }
    const at = this.now();
    const expiresAt = at + pair.expiresInSeconds * 1000;
    // Written whoever holds the lease now: only the caller Zalo answered has a valid pair, and the old refresh
    // token is spent either way.
    const saved = await this.o.db.queryOne<TokenRow>(
      `UPDATE zalo_tokens SET access_token = $2, refresh_token = $3, expires_at = $4, generation = generation + 1,
         updated_at = $5, lock_owner = NULL, lock_until = NULL
       WHERE account = $1
       RETURNING access_token, refresh_token, expires_at, seed_fingerprint, generation, lock_owner, lock_until`,
      [this.o.account, pair.accessToken, pair.refreshToken, expiresAt, at],
    );
    if (!saved) throw new NoZaloTokenError();
    this.o.logger.info({ account: this.o.account, generation: Number(saved.generation), expiresAt }, 'zalo access token refreshed');
    return toCurrent(saved);
  }

  private async takeLease(): Promise<TokenRow | undefined> {
    const at = this.now();
    return this.o.db.queryOne<TokenRow>(
      `UPDATE zalo_tokens SET lock_owner = $2, lock_until = $3
       WHERE account = $1 AND (lock_owner IS NULL OR lock_until < $4)
       RETURNING access_token, refresh_token, expires_at, seed_fingerprint, generation, lock_owner, lock_until`,
      [this.o.account, this.owner, at + this.leaseMs, at],
    );
  }

  private async releaseLease(): Promise<void> {
    await this.o.db.execute('UPDATE zalo_tokens SET lock_owner = NULL, lock_until = NULL WHERE account = $1 AND lock_owner = $2', [
      this.o.account,
      this.owner,
    ]);
  }

  private read(): Promise<TokenRow | undefined> {
    return this.o.db.queryOne<TokenRow>(
      'SELECT access_token, refresh_token, expires_at, seed_fingerprint, generation, lock_owner, lock_until FROM zalo_tokens WHERE account = $1',
      [this.o.account],
    );
  }
}

function alreadyReplaced(
  row: TokenRow,
  request: { reason: 'ahead' } | { reason: 'rejected'; rejectedToken: string },
  now: number,
  refreshAheadMs: number,
): boolean {
  if (request.reason === 'rejected') return row.access_token !== request.rejectedToken;
  return Number(row.expires_at) - now > refreshAheadMs;
}

function toCurrent(row: TokenRow): CurrentToken {
  return { accessToken: row.access_token, expiresAt: Number(row.expires_at), generation: Number(row.generation) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
