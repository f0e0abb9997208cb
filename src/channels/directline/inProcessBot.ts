/**
 * Delivers Direct Line activities to a bot running in this process, through the CloudAdapter like any channel
 * would, so the bot sees what it would see from Azure: the adapter builds the TurnContext and runs its middleware.
 * An {@link InProcessCloudAdapter} skips what only matters across a network (authenticating the request, building
 * connector clients) and hands the replies straight back to the Direct Line; a plain CloudAdapter authenticates
 * (anonymously when no MicrosoftAppId is set) and sends replies to `activity.serviceUrl` over HTTP.
 */
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { BotConnector } from './directLineService';
import { InProcessCloudAdapter } from './inProcessAdapter';

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export function inProcessBot(adapter: CloudAdapter, bot: TurnRunner): BotConnector {
  if (!adapter) throw new Error('[inProcessBot]: Missing parameter "adapter"');
  if (!bot) throw new Error('[inProcessBot]: Missing parameter "bot"');
  // One turn at a time per conversation: botbuilder state is read at the start of a turn and written at the end
  // (last writer wins), so two quick messages processed together would lose one turn's dialog state, and their
  // replies could interleave.
  const queues = new Map<string, Promise<void>>();
  const runTurn =
    adapter instanceof InProcessCloudAdapter
      ? (activity: Activity) => adapter.processLocalActivity(activity, (context) => bot.run(context))
      : (activity: Activity) => adapter.processActivityDirect('', activity, (context) => bot.run(context));
  return {
    deliver(activity: Partial<Activity>): Promise<void> {
      // The HTTP path turns ISO timestamps into Dates (validateAndFixActivity); do the same for the direct path.
      const fixed = { ...activity } as Activity;
      if (typeof activity.timestamp === 'string') fixed.timestamp = new Date(activity.timestamp);
      if (typeof activity.localTimestamp === 'string') fixed.localTimestamp = new Date(activity.localTimestamp);
      const key = fixed.conversation?.id ?? '';
      const previous = queues.get(key) ?? Promise.resolve();
      const turn = previous.catch(() => undefined).then(() => runTurn(fixed));
      const settled = turn.catch(() => undefined);
      queues.set(key, settled);
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return turn;
    },
  };
}
