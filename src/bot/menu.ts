/**
 * The menus: the four choices of the welcome, and under them the topics of the knowledge base. Sub-menus are built
 * from the entries themselves, so a topic trainers add appears in the menu without touching code.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Entry } from '../knowledge/schema';
import type { MenuId, OfferedButton } from './actions';
import { botText as T } from './messages';

export interface MenuReply {
  text: string;
  buttons: OfferedButton[];
}

const GROUP_OF_MENU: Partial<Record<MenuId, string>> = { vneid: 'vneid', scams: 'lua-dao' };

export const mainMenuButtons: readonly OfferedButton[] = [
  { title: T.menu.procedures, action: { kind: 'menu', menu: 'procedures' } },
  { title: T.menu.vneid, action: { kind: 'menu', menu: 'vneid' } },
  { title: T.menu.scams, action: { kind: 'menu', menu: 'scams' } },
  { title: T.menu.report, action: { kind: 'menu', menu: 'report' } },
];

export const backToMenu: OfferedButton = { title: T.menu.mainMenu, action: { kind: 'menu', menu: 'main' } };

/** Topic-level entries of a group (`vneid.quen-mat-khau`, not its sub-entries), in the trainers' file order. */
export function topicsOf(kb: KnowledgeBase, group: string): Entry[] {
  return kb.entries.filter((e) => e.group === group && e.id.split('.').length === 2);
}

/** `report` is not a list: the caller turns it into the forwarding offer. */
export function menuReply(menu: Exclude<MenuId, 'report'>, kb: KnowledgeBase): MenuReply {
  if (menu === 'main') return { text: T.mainMenuPrompt, buttons: [...mainMenuButtons] };
  if (menu === 'procedures') {
    const groups = T.procedureGroups.filter((g) => topicsOf(kb, g).length > 0);
    return {
      text: T.proceduresPrompt,
      buttons: [...groups.map((g) => ({ title: T.groups[g] ?? g, action: { kind: 'group', group: g } }) as OfferedButton), backToMenu],
    };
  }
  const group = GROUP_OF_MENU[menu]!;
  const reply = groupReply(kb, group);
  if (menu !== 'scams') return reply;
  // The entry whose action is `scam-check` opens the checker; offered first, next to the fraud topics.
  const check = kb.entries.find((e) => e.group === group && e.action === 'scam-check');
  const buttons = check ? [{ title: T.menu.scamCheck, action: { kind: 'entry', entryId: check.id } } as OfferedButton, ...reply.buttons] : reply.buttons;
  return { text: topicsOf(kb, group).length ? T.scamsPrompt : reply.text, buttons };
}

export function groupReply(kb: KnowledgeBase, group: string): MenuReply {
  const topics = topicsOf(kb, group);
  if (topics.length === 0) return { text: T.emptyGroup, buttons: [backToMenu] };
  const label = T.groups[group] ?? (group === 'vneid' ? T.menu.vneid : group);
  return {
    text: T.groupPrompt(label),
    buttons: [...topics.map((e) => ({ title: e.title, action: { kind: 'entry', entryId: e.id } }) as OfferedButton), backToMenu],
  };
}
