import type { Migration } from '../database';

/**
 * Who did what, when, in the staff console and with `donghanh staff`: visible to supervisors. Rows are never
 * updated or deleted by the application. `actor` keeps the username as it was, so the log still reads right after
 * an account is disabled; `detail` is JSON with ids, statuses and lengths, never a citizen's text.
 */
const script = (idColumn: string): string => `
CREATE TABLE staff_audit_log (
  ${idColumn},
  at BIGINT NOT NULL,
  staff_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  ticket_id BIGINT,
  target TEXT,
  detail TEXT,
  address TEXT
);
CREATE INDEX staff_audit_at ON staff_audit_log (at);
CREATE INDEX staff_audit_staff ON staff_audit_log (staff_id, at);
CREATE INDEX staff_audit_ticket ON staff_audit_log (ticket_id, at);
`;

const staffAudit: Migration = {
  id: '031-staff-audit',
  sqlite: script('id INTEGER PRIMARY KEY AUTOINCREMENT'),
  postgres: script('id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'),
};

export default staffAudit;
