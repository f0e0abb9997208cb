/**
 * One turn at a time per conversation across every instance. Each instance already serialises a conversation's turns
 * in process (Direct Line's per-conversation queue, Zalo's per-citizen queue); without sticky sessions a second
 * message can still reach another instance while the first is being answered, and botbuilder's state is
 * last-writer-wins, so one of the two dialog steps would be lost. This wrapper takes a database lease on the
 * conversation for the length of the turn; a turn that cannot get it within `waitMs` runs anyway (a slow answer is
 * better than none) and says so in the log.
 */
import { randomBytes } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { ConversationLeases } from '../storage/conversationLeases';

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface CrossInstanceTurnOptions {
  logger: Logger;
  /** Longest wait for the conversation to be free. */
  waitMs?: number;
}

export function serializeTurnsAcrossInstances(bot: TurnRunner, leases: ConversationLeases, options: CrossInstanceTurnOptions): TurnRunner {
  const waitMs = options.waitMs ?? 15_000;
  return {
    async run(context: TurnContext): Promise<void> {
      const conversationId = context.activity?.conversation?.id;
      // Typing changes no state; an activity without a conversation cannot be keyed.
      if (!conversationId || context.activity.type === 'typing') return bot.run(context);
      const key = `${context.activity.channelId}:${conversationId}`;
      const owner = randomBytes(8).toString('hex');
      const held = await acquire(leases, key, owner, waitMs).catch((err: unknown) => {
        options.logger.warn({ err, conversationId }, 'conversation lease unavailable; turn runs without it');
        return false;
      });
      if (!held) options.logger.warn({ conversationId, waitMs }, 'conversation still busy on another instance; turn runs anyway');
      try {
        await bot.run(context);
      } finally {
        if (held) await leases.release(key, owner).catch((err: unknown) => options.logger.warn({ err, conversationId }, 'conversation lease not released'));
      }
    },
  };
}

async function acquire(leases: ConversationLeases, key: string, owner: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    if (await leases.tryAcquire(key, owner)) return true;
    if (Date.now() + pause > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(50, pause * 2);
  }
}
