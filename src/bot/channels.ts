/**
 * Which channels draw Adaptive Cards. Everything else (Zalo, SMS-like channels, unknown ones) gets the plain-text
 * rendering, which carries the same facts.
 */
const CARD_CHANNELS = new Set(['directline', 'webchat', 'emulator', 'msteams', 'test']);

export function supportsCards(channelId: string | undefined): boolean {
  return CARD_CHANNELS.has((channelId ?? '').toLowerCase());
}
