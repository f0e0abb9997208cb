/**
 * Which commune an administrator means when creating an officer ("Xã Định Hòa", "dinh hoa", "xa-dinh-hoa").
 * Unlike the citizen dialog, no guessing: a typo must not give an officer another commune's tickets. Only an exact
 * id, or a name/alias that is the same once case, diacritics and the "xã/phường" prefix are set aside, is accepted;
 * anything else is refused with suggestions.
 */
import { CommuneMatcher, communeKey } from '../escalation/communeMatcher';
import type { Commune, Communes } from '../knowledge/schema';
import { staffMsg } from './messages';

export type CommuneLookup = { ok: true; commune: Commune } | { ok: false; message: string };

export function lookupCommune(communes: Communes, input: string): CommuneLookup {
  const text = input.trim();
  const byId = communes.communes.find((c) => c.id === text);
  if (byId) return { ok: true, commune: byId };
  const key = communeKey(text);
  const exact = communes.communes.filter((c) => [c.name, ...c.aliases].some((n) => communeKey(n) === key));
  if (exact.length === 1) return { ok: true, commune: exact[0]! };
  if (exact.length > 1) return { ok: false, message: staffMsg.ambiguousCommune(text, exact.map((c) => c.name)) };
  const guess = new CommuneMatcher(communes).match(text);
  const suggestions =
    guess.kind === 'match' ? [guess.commune] : guess.kind === 'none' ? guess.suggestions : guess.communes;
  return { ok: false, message: staffMsg.unknownCommune(text, suggestions.slice(0, 4).map((c) => c.name)) };
}
