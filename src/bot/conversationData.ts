/** What the bot remembers about one conversation and one user, kept through botbuilder state in the database. */
import type { OfferedButton } from './actions';

export interface ConversationData {
  /** Buttons of the bot's last message, so their titles typed or sent back as text still work. */
  offered?: OfferedButton[];
  /** The entry last answered, for 👍/👎 sent as plain text. */
  lastEntryId?: string;
}

export interface UserProfile {
  /** When the user first talked to the bot (ms); a returning user is greeted differently. */
  firstSeenAt?: number;
  lastSeenAt?: number;
}
