/**
 * A first-come, first-served async lock. better-sqlite3 runs each statement synchronously, but our transactions await
 * between statements; without this lock another caller's statement would run inside someone else's open transaction.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` once every earlier holder has finished, whether they succeeded or failed. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(() => fn());
    // The next holder waits for this one to settle, but does not inherit its failure.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
