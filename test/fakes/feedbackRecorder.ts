import type { FeedbackRecord, FeedbackRecorder } from '../../src/bot/types';

/** Keeps votes in memory; `fail` makes the next record throw, to exercise the error path. */
export class MemoryFeedback implements FeedbackRecorder {
  readonly records: FeedbackRecord[] = [];
  fail = false;

  async record(feedback: FeedbackRecord): Promise<void> {
    if (this.fail) throw new Error('feedback store is down');
    this.records.push(feedback);
  }
}
