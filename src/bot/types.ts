/**
 * What the bot needs from the rest of the system, as interfaces: the composition root supplies the real pieces,
 * tests supply small fakes. The bot never depends on how matching is done or where feedback is stored.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Matcher } from '../matching/types';

/** One consistent view: the knowledge and the matcher built from exactly that knowledge. */
export interface BotKnowledge {
  readonly knowledge: KnowledgeBase;
  readonly matcher: Matcher;
}

/** Called once per turn, so a knowledge reload takes effect on the next message without restarting anything. */
export type KnowledgeProvider = () => BotKnowledge;

export interface FeedbackRecord {
  entryId: string;
  helpful: boolean;
  channelId: string;
  conversationId: string;
}

export interface FeedbackRecorder {
  record(feedback: FeedbackRecord): Promise<void>;
}
