/**
 * The staff repositories and account rules over one database, built the same way for the server and the CLI.
 */
import type { Database } from '../storage/database';
import { AccountService } from './accountService';
import { AuditLog } from './auditLog';
import { DEFAULT_THROTTLE_POLICY, LoginThrottle, type ThrottlePolicy } from './loginThrottle';
import type { ScryptParams } from './passwords';
import { DEFAULT_SESSION_POLICY, SessionRepository, type SessionPolicy } from './sessionRepository';
import { StaffRepository } from './staffRepository';

export interface StaffServicesOptions {
  communeExists: (communeId: string) => boolean;
  sessionPolicy?: SessionPolicy;
  throttlePolicy?: ThrottlePolicy;
  hashParams?: ScryptParams;
  now?: () => number;
}

export interface StaffServices {
  accounts: StaffRepository;
  sessions: SessionRepository;
  throttle: LoginThrottle;
  audit: AuditLog;
  service: AccountService;
}

export function createStaffServices(db: Database, options: StaffServicesOptions): StaffServices {
  const now = options.now ?? Date.now;
  const accounts = new StaffRepository(db, now);
  const sessions = new SessionRepository(db, options.sessionPolicy ?? DEFAULT_SESSION_POLICY, now);
  const throttle = new LoginThrottle(db, options.throttlePolicy ?? DEFAULT_THROTTLE_POLICY, now);
  const audit = new AuditLog(db, now);
  const service = new AccountService({
    accounts,
    sessions,
    throttle,
    audit,
    communeExists: options.communeExists,
    ...(options.hashParams ? { hashParams: options.hashParams } : {}),
  });
  return { accounts, sessions, throttle, audit, service };
}
