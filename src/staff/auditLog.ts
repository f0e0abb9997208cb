/**
 * The audit log: every staff action (console and `donghanh staff`), who, what, when, from where. Supervisors and
 * admins read it in the console. Entries carry ids, statuses and lengths, never what a citizen wrote.
 */
import type { Database } from '../storage/database';

export const AUDIT_ACTIONS = {
  'login': 'Đăng nhập',
  'login.failed': 'Đăng nhập thất bại',
  'logout': 'Đăng xuất',
  'password.change': 'Đổi mật khẩu của mình',
  'ticket.view': 'Xem phiếu',
  'ticket.claim': 'Nhận xử lý phiếu',
  'ticket.reply': 'Trả lời người dân',
  'ticket.note': 'Ghi chú nội bộ',
  'ticket.status': 'Đổi trạng thái phiếu',
  'ticket.export': 'Xuất CSV danh sách phiếu',
  'scam.confirm': 'Xác nhận số điện thoại, tên miền lừa đảo',
  'scam.unconfirm': 'Bỏ xác nhận số điện thoại, tên miền lừa đảo',
  'draft.create': 'Tạo bản nháp kiến thức',
  'draft.save': 'Lưu bản nháp vào knowledge/drafts',
  'draft.download': 'Tải bản nháp kiến thức',
  'account.create': 'Tạo tài khoản',
  'account.disable': 'Khóa tài khoản',
  'account.enable': 'Mở lại tài khoản',
  'account.reset_password': 'Đặt lại mật khẩu',
  'audit.view': 'Xem nhật ký thao tác',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditActor {
  /** Null for the command line and for failed logins of unknown usernames. */
  staffId: number | null;
  /** Username, or `cli:<system user>` for the command line. */
  name: string;
  address?: string | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  staffId: number | null;
  actor: string;
  action: AuditAction;
  ticketId: number | null;
  target: string | null;
  detail: Record<string, unknown> | null;
  address: string | null;
}

export interface NewAuditEntry {
  action: AuditAction;
  ticketId?: number | null;
  /** What the action was on, readable: a ticket code, a username. */
  target?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  staffId?: number;
  ticketId?: number;
  action?: AuditAction;
  limit: number;
  offset?: number;
}

interface AuditRow {
  id: number;
  at: number;
  staff_id: number | null;
  actor: string;
  action: string;
  ticket_id: number | null;
  target: string | null;
  detail: string | null;
  address: string | null;
}

export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async record(actor: AuditActor, entry: NewAuditEntry): Promise<void> {
    await this.db.execute(
      `INSERT INTO staff_audit_log (at, staff_id, actor, action, ticket_id, target, detail, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        this.now(),
        actor.staffId,
        actor.name.slice(0, 100),
        entry.action,
        entry.ticketId ?? null,
        entry.target?.slice(0, 200) ?? null,
        entry.detail ? JSON.stringify(entry.detail) : null,
        actor.address?.slice(0, 100) ?? null,
      ],
    );
  }

  /** Newest first. */
  async list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.from !== undefined) where.push(`at >= ${param(filter.from)}`);
    if (filter.to !== undefined) where.push(`at < ${param(filter.to)}`);
    if (filter.staffId !== undefined) where.push(`staff_id = ${param(filter.staffId)}`);
    if (filter.ticketId !== undefined) where.push(`ticket_id = ${param(filter.ticketId)}`);
    if (filter.action !== undefined) where.push(`action = ${param(filter.action)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const count = await this.db.queryOne<{ n: number }>(`SELECT COUNT(*) AS n FROM staff_audit_log ${clause}`, params);
    const limit = Math.max(0, Math.min(500, Math.floor(filter.limit)));
    const offset = Math.max(0, Math.floor(filter.offset ?? 0));
    const rows = await this.db.query<AuditRow>(
      `SELECT id, at, staff_id, actor, action, ticket_id, target, detail, address FROM staff_audit_log ${clause}
       ORDER BY at DESC, id DESC LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    return { entries: rows.map(toEntry), total: Number(count?.n ?? 0) };
  }
}

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(AUDIT_ACTIONS, value);
}

function toEntry(row: AuditRow): AuditEntry {
  let detail: Record<string, unknown> | null = null;
  if (row.detail) {
    try {
      detail = JSON.parse(row.detail) as Record<string, unknown>;
    } catch {
      detail = null;
    }
  }
  return {
    id: Number(row.id),
    at: Number(row.at),
    staffId: row.staff_id === null ? null : Number(row.staff_id),
    actor: row.actor,
    action: row.action as AuditAction,
    ticketId: row.ticket_id === null ? null : Number(row.ticket_id),
    target: row.target,
    detail,
    address: row.address,
  };
}
