/**
 * Staff accounts and what each role may do. The console hides what a role cannot use, but the server decides: every
 * route asks `can(account, permission)` and, for a ticket, `canSeeTicket`.
 */
import type { CommuneScope } from '../escalation/types';

export const STAFF_ROLES = ['officer', 'supervisor', 'trainer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  officer: 'Cán bộ Công an xã/phường',
  supervisor: 'Cán bộ giám sát cấp tỉnh',
  trainer: 'Cán bộ biên soạn kiến thức',
  admin: 'Quản trị tài khoản',
};

export interface StaffAccount {
  id: number;
  /** Lower-case, `[a-z0-9._-]`, 3–40 characters. */
  username: string;
  displayName: string;
  role: StaffRole;
  /** The commune an officer serves; null for the other roles. */
  communeId: string | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
  passwordChangedAt: number;
}

export type Permission =
  /** See tickets in scope, read transcripts. */
  | 'tickets.read'
  /** Claim, reply, add notes, change status. */
  | 'tickets.act'
  /** CSV export of the tickets in scope. */
  | 'tickets.export'
  /** Turn a ticket's question and answer into a knowledge draft. */
  | 'drafts.create'
  /** List and download the drafts in `knowledge/drafts/`. */
  | 'drafts.read'
  | 'audit.read'
  | 'accounts.manage';

const PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  officer: ['tickets.read', 'tickets.act', 'tickets.export', 'drafts.create'],
  supervisor: ['tickets.read', 'tickets.act', 'tickets.export', 'drafts.create', 'drafts.read', 'audit.read'],
  trainer: ['drafts.read'],
  admin: ['accounts.manage', 'audit.read'],
};

export function permissionsOf(role: StaffRole): readonly Permission[] {
  return PERMISSIONS[role];
}

export function can(account: Pick<StaffAccount, 'role'>, permission: Permission): boolean {
  return PERMISSIONS[account.role].includes(permission);
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** The communes whose tickets an account may see: an officer's own, or all of them (supervisors). */
export type TicketScope = CommuneScope;

export function ticketScope(account: Pick<StaffAccount, 'role' | 'communeId'>): TicketScope {
  if (!can(account, 'tickets.read')) return { communeIds: [] };
  if (account.role === 'officer') return { communeIds: account.communeId ? [account.communeId] : [] };
  return { all: true };
}

export function inScope(scope: TicketScope, communeId: string): boolean {
  return 'all' in scope || scope.communeIds.includes(communeId);
}
