/**
 * One turn at a time per conversation across every instance. Each instance already serialises a conversation's turns
 * in process (Direct Line's per-conversation queue, Zalo's per-citizen queue); without sticky sessions a second
 * message can still reach another instance while the first is being answered, and botbuilder's state is
 * last-writer-wins, so one of the two dialog steps would be lost. This wrapper takes a database lease on the
 * conversation for the length of the turn; a turn that cannot get it within `waitMs` runs anyway (a slow answer is
 * better than none) and says so in the log.
 *
 * The lease and the turn's state travel together (BotStateStorage.runTurn): the state the turn loads is read in the
 * round trip that takes the lease, and what it saves is stored in the statement that gives the lease back. Two round
 * trips fewer per turn, and whoever takes the lease next finds that state already stored.
 */
import { randomBytes } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { BotStateStorage } from '../storage/botStateStorage';
import type { ConversationLeases, TurnClaim } from '../storage/conversationLeases';

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface CrossInstanceTurnOptions {
  logger: Logger;
  /** Longest wait for the conversation to be free. */
  waitMs?: number;
  /** The bot state keys a turn will load (conversation and user state), read with the lease. */
  stateKeys?: (context: TurnContext) => string[];
}

export function serializeTurnsAcrossInstances(
  bot: TurnRunner,
  leases: ConversationLeases,
  state: BotStateStorage,
  options: CrossInstanceTurnOptions,
): TurnRunner {
  const waitMs = options.waitMs ?? 15_000;
  return {
    async run(context: TurnContext): Promise<void> {
      const conversationId = context.activity?.conversation?.id;
      // Typing changes no state; an activity without a conversation cannot be keyed.
      if (!conversationId || context.activity.type === 'typing') return bot.run(context);
      const key = `${context.activity.channelId}:${conversationId}`;
      const owner = randomBytes(8).toString('hex');
      const claim = await acquire(leases, key, owner, options.stateKeys?.(context) ?? [], waitMs).catch((err: unknown) => {
        options.logger.warn({ err, conversationId }, 'conversation lease unavailable; turn runs without it');
        return undefined;
      });
      const held = claim !== undefined;
      if (!held) options.logger.warn({ conversationId, waitMs }, 'conversation still busy on another instance; turn runs anyway');
      try {
        await state.runTurn(() => bot.run(context), held ? { key, owner } : undefined, claim?.state);
      } catch (err) {
        // The statement that stores the state and gives the lease back may be what failed: give it back on its own.
        if (held) await leases.release(key, owner).catch((e: unknown) => options.logger.warn({ err: e, conversationId }, 'conversation lease not released'));
        throw err;
      }
    },
  };
}

/** The storage keys these states (botbuilder's ConversationState, UserState) will load for a turn. */
export function storageKeysOf(states: ReadonlyArray<{ getStorageKey(context: TurnContext): string | undefined }>): (context: TurnContext) => string[] {
  return (context) =>
    states.flatMap((state) => {
      try {
        return state.getStorageKey(context) ?? [];
      } catch {
        // An activity without what the key needs (no sender, say): that state is read the ordinary way, if at all.
        return [];
      }
    });
}

/** The claim once the lease is held; undefined when the conversation stayed busy for `waitMs`. */
async function acquire(leases: ConversationLeases, key: string, owner: string, stateKeys: string[], waitMs: number): Promise<TurnClaim | undefined> {
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    const claim = await leases.tryAcquireWithState(key, owner, stateKeys);
    if (claim.held) return claim;
    if (Date.now() + pause > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(50, pause * 2);
  }
}
