/**
 * Every schema change, in the order they run. Append new ones at the end (one file each, numbered ids); never
 * reorder, rename or edit one that has shipped: databases remember ids, not contents.
 */
import type { Migration } from '../database';
import botState from './001-bot-state';
import directline from './010-directline';
import botFeedback from './015-bot-feedback';
import tickets from './020-tickets';
import staffAccounts from './030-staff-accounts';
import staffAudit from './031-staff-audit';
import zalo from './040-zalo';
import scamIndicators from './050-scam-indicators';
import conversationLeases from './060-conversation-leases';
import directlineAnnounce from './070-directline-announce';
import turnLeasesWithState from './080-turn-leases-with-state';

export const MIGRATIONS: readonly Migration[] = [
  botState,
  directline,
  botFeedback,
  tickets,
  staffAccounts,
  staffAudit,
  zalo,
  scamIndicators,
  conversationLeases,
  directlineAnnounce,
  turnLeasesWithState,
];
