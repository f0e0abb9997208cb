/**
 * A fixed-window counter per key (a client address): enough to stop one address from minting thousands of anonymous
 * tokens or flooding a conversation, without any shared infrastructure. Memory is bounded by pruning old windows.
 */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Upper bound on tracked keys; the oldest windows are dropped first. */
  maxKeys?: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The first request refused in this window. */
  firstRefusal: boolean;
  /** Until the window (and the refusal) ends. */
  retryAfterMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Counts one request for `key`; false when the key is over its limit for the current window. */
  take(key: string): boolean {
    return this.check(key).allowed;
  }

  /**
   * Counts one request for `key` and says more than `take`: whether this is the first refusal of the window (so a
   * polite explanation is sent once, not once per flooded request) and how long until the window ends.
   */
  check(key: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.options.windowMs) {
      this.windows.delete(key);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      this.prune(now);
    }
    window.count += 1;
    return {
      allowed: window.count <= this.options.limit,
      firstRefusal: window.count === this.options.limit + 1,
      retryAfterMs: Math.max(0, window.start + this.options.windowMs - now),
    };
  }

  private prune(now: number): void {
    if (this.windows.size <= this.maxKeys) return;
    // Map iteration is insertion order, and a key is re-inserted when its window restarts: oldest first.
    for (const [key, window] of this.windows) {
      if (this.windows.size <= this.maxKeys && now - window.start < this.options.windowMs) break;
      this.windows.delete(key);
    }
  }
}
