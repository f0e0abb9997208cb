/**
 * Runs a few turns through a throw-away copy of the bot (memory storage, test adapter) before the server listens.
 * The first turn of a Node process pays for compiling and lazily loading botbuilder's dialog machinery, the matcher
 * and the card renderer — several hundred milliseconds a citizen would otherwise wait on the first question.
 * Nothing is stored and nothing is sent anywhere.
 */
import { ConversationState, MemoryStorage, TestAdapter, UserState, type TurnContext } from 'botbuilder';
import { silentLogger } from '../logging';
import { DongHanhBot } from './dongHanhBot';
import type { KnowledgeProvider } from './types';

export async function warmUp(knowledge: KnowledgeProvider): Promise<void> {
  const storage = new MemoryStorage();
  const bot = new DongHanhBot({
    knowledge,
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    feedback: { record: async () => undefined },
    logger: silentLogger(),
  });
  const adapter = new TestAdapter(async (context: TurnContext) => bot.run(context));
  const { entries } = knowledge().knowledge;
  // A real question (answered as a card) and a choice among several, as the first citizen is likely to send.
  const samples = [entries.find((e) => e.steps?.length)?.questions[0], 'thủ tục', 'menu'].filter((q): q is string => Boolean(q));
  for (const text of samples) await adapter.receiveActivity(text);
}
