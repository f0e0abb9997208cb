/**
 * The official botframework-directlinejs client, running in Node the way Web Chat runs it in a browser:
 * XMLHttpRequest from xhr2 and WebSocket from ws, installed as globals before the client is created.
 */
import WebSocket from 'ws';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const XHR2 = require('xhr2') as typeof XMLHttpRequest;
(globalThis as Record<string, unknown>).XMLHttpRequest = XHR2;
(globalThis as Record<string, unknown>).WebSocket = WebSocket;

import { ConnectionStatus, DirectLine, type Activity, type DirectLineOptions } from 'botframework-directlinejs';

export { ConnectionStatus };

export interface Client {
  directLine: DirectLine;
  received: Activity[];
  /** Resolves with the first received activity (past or future) matching `predicate`. */
  waitFor(predicate: (a: Activity) => boolean, what?: string): Promise<Activity>;
  waitForStatus(status: ConnectionStatus): Promise<void>;
  post(activity: Partial<Activity>): Promise<string>;
  end(): void;
}

export function connect(options: DirectLineOptions): Client {
  const directLine = new DirectLine(options);
  const received: Activity[] = [];
  const waiters: Array<{ predicate: (a: Activity) => boolean; resolve: (a: Activity) => void }> = [];
  const subscription = directLine.activity$.subscribe({
    next: (activity) => {
      received.push(activity);
      for (const w of [...waiters]) {
        if (w.predicate(activity)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(activity);
        }
      }
    },
    error: () => undefined,
  });
  return {
    directLine,
    received,
    waitFor(predicate, what = 'activity') {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(received.map(summary))}`)), 15_000);
        waiters.push({ predicate, resolve: (a) => (clearTimeout(timer), resolve(a)) });
      });
    },
    waitForStatus(status) {
      return new Promise((resolve) => {
        const sub = directLine.connectionStatus$.subscribe((s) => {
          if (s === status) {
            setImmediate(() => sub.unsubscribe());
            resolve();
          }
        });
      });
    },
    post(activity) {
      return new Promise((resolve, reject) => {
        directLine.postActivity(activity as Activity).subscribe({ next: resolve, error: reject });
      });
    },
    end() {
      subscription.unsubscribe();
      directLine.end();
    },
  };
}

function summary(a: Activity): string {
  const text = 'text' in a ? (a.text ?? '') : '';
  return `${a.type}:${a.from?.role ?? a.from?.id}:${String(text).slice(0, 40)}`;
}

/** The watermark the client would reconnect from (directlinejs keeps it private). */
export const watermarkOf = (c: Client): string => (c.directLine as unknown as { watermark: string }).watermark;

export const fromBot = (a: Activity) => a.type === 'message' && a.from?.role === 'bot';
export const hasCard = (a: Activity) => fromBot(a) && 'attachments' in a && (a.attachments?.length ?? 0) > 0;
export const textOf = (a: Activity | undefined) => (a && 'text' in a ? (a.text ?? '') : '');
