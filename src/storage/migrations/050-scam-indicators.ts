import type { Migration } from '../database';

/**
 * Phone numbers and domains staff confirmed as used by scammers when closing a citizen's scam report; the scam
 * checker flags them in every later message. One row per indicator (`kind` is `phone` or `domain`, `value` the
 * normalised form: `0948683917`, `vn-cbs.xyz`), with the ticket it was confirmed from and by whom, for the audit
 * trail and for undoing a mistaken confirmation from the same ticket.
 */
const scamIndicators: Migration = {
  id: '050-scam-indicators',
  sql: `
    CREATE TABLE scam_indicators (
      kind TEXT NOT NULL,
      value TEXT NOT NULL,
      ticket_id BIGINT,
      confirmed_by BIGINT,
      confirmed_at BIGINT NOT NULL,
      PRIMARY KEY (kind, value)
    );
    CREATE INDEX scam_indicators_ticket ON scam_indicators (ticket_id);
  `,
};

export default scamIndicators;
