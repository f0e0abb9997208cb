/**
 * Gathers the calls made during one turn of the event loop and runs them as one batch. A bot turn reads its
 * conversation state and its user state together and writes them together; under load, many turns resume in the
 * same turn of the loop (each on its own database answer or request) and do the same. Each database round trip
 * costs far more than the rows it carries (a socket write and a wake-up on both sides), so one statement for all of
 * them is what makes the difference. The batch runs in the loop's check phase (`setImmediate`): after every I/O
 * callback of this turn has had its chance to add to it, before the next wait for I/O. A quiet server therefore
 * batches little and waits for nothing; a busy one batches more.
 *
 * Every caller still gets its own answer: the batch function returns one outcome per item, in order, and a failure
 * of the whole batch (the database is down) is every caller's failure.
 */

export type Outcome<R> = { value: R } | { error: unknown };

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

export class TickBatch<T, R> {
  private waiting: Waiting<T, R>[] = [];

  constructor(private readonly run: (items: T[]) => Promise<Outcome<R>[]>) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => void this.flush());
      this.waiting.push({ item, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.run(batch.map((w) => w.item));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (!outcome) w.reject(new Error('TickBatch: thiếu kết quả cho một yêu cầu trong lô'));
      else if ('error' in outcome) w.reject(outcome.error);
      else w.resolve(outcome.value);
    });
  }
}
