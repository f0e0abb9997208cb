/**
 * The rules around staff accounts, shared by the console API and `donghanh staff`: who may exist (roles, communes,
 * password strength), signing in (throttle, lock-out, timing that does not reveal usernames), signing out, and
 * password changes. Every outcome is written to the audit log.
 */
import type { AuditActor, AuditLog } from './auditLog';
import type { LoginThrottle } from './loginThrottle';
import { staffMsg } from './messages';
import {
  burnPasswordCheck,
  DEFAULT_PARAMS,
  hashPassword,
  needsRehash,
  passwordProblem,
  type ScryptParams,
  verifyPassword,
} from './passwords';
import type { ActiveSession, SessionRepository, StaffSession } from './sessionRepository';
import { canonicalUsername, type StaffRepository, UsernameTakenError } from './staffRepository';
import { isStaffRole, type StaffAccount, type StaffRole } from './types';

/** A rule an input broke, with the sentence to show; the API answers 400/404/409 with it, the CLI prints it. */
export class AccountRuleError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not_found' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'AccountRuleError';
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;

export interface NewAccountInput {
  username: string;
  displayName?: string;
  role: string;
  /** A commune id (resolve names with `lookupCommune` first). */
  communeId?: string | null;
  password: string;
}

export type LoginOutcome =
  | { ok: true; account: StaffAccount; token: string; session: StaffSession }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'account_locked' | 'address_limited'; retryAfterMs: number };

export interface AccountServiceDeps {
  accounts: StaffRepository;
  sessions: SessionRepository;
  throttle: LoginThrottle;
  audit: AuditLog;
  /** True when the commune id is in `knowledge/communes.yaml`. */
  communeExists: (communeId: string) => boolean;
  /** scrypt cost for new hashes; defaults to `DEFAULT_PARAMS`. */
  hashParams?: ScryptParams;
}

export class AccountService {
  private readonly params: ScryptParams;

  constructor(private readonly deps: AccountServiceDeps) {
    this.params = deps.hashParams ?? DEFAULT_PARAMS;
  }

  async create(actor: AuditActor, input: NewAccountInput): Promise<StaffAccount> {
    const username = canonicalUsername(input.username);
    if (!USERNAME.test(username)) throw new AccountRuleError(staffMsg.badUsername);
    if (!isStaffRole(input.role)) throw new AccountRuleError(staffMsg.badRole);
    const role: StaffRole = input.role;
    const communeId = input.communeId?.trim() || null;
    if (role === 'officer' && !communeId) throw new AccountRuleError(staffMsg.officerNeedsCommune);
    if (role !== 'officer' && communeId) throw new AccountRuleError(staffMsg.communeOnlyForOfficer);
    if (communeId && !this.deps.communeExists(communeId)) throw new AccountRuleError(staffMsg.unknownCommune(communeId, []));
    const displayName = (input.displayName ?? username).normalize('NFC').trim();
    if (!displayName || displayName.length > 100) throw new AccountRuleError(staffMsg.badDisplayName);
    const weak = passwordProblem(input.password, username);
    if (weak) throw new AccountRuleError(weak);

    let account: StaffAccount;
    try {
      account = await this.deps.accounts.create({
        username,
        displayName,
        role,
        communeId,
        passwordHash: await hashPassword(input.password, this.params),
      });
    } catch (err) {
      if (err instanceof UsernameTakenError) throw new AccountRuleError(staffMsg.usernameTaken(username), 'conflict');
      throw err;
    }
    await this.deps.audit.record(actor, {
      action: 'account.create',
      target: username,
      detail: { accountId: account.id, role, communeId },
    });
    return account;
  }

  async disable(actor: AuditActor, username: string): Promise<StaffAccount> {
    const account = await this.existing(username);
    if (actor.staffId === account.id) throw new AccountRuleError(staffMsg.cannotDisableSelf);
    const disabled = (await this.deps.accounts.disable(account.id))!;
    await this.deps.audit.record(actor, { action: 'account.disable', target: account.username, detail: { accountId: account.id } });
    return disabled;
  }

  async enable(actor: AuditActor, username: string): Promise<StaffAccount> {
    const account = await this.existing(username);
    const enabled = (await this.deps.accounts.enable(account.id))!;
    await this.deps.audit.record(actor, { action: 'account.enable', target: account.username, detail: { accountId: account.id } });
    return enabled;
  }

  /** An administrator sets a new password; every session of that account ends. */
  async resetPassword(actor: AuditActor, username: string, password: string): Promise<StaffAccount> {
    const account = await this.existing(username);
    const weak = passwordProblem(password, account.username);
    if (weak) throw new AccountRuleError(weak);
    const updated = (await this.deps.accounts.setPasswordHash(account.id, await hashPassword(password, this.params)))!;
    await this.deps.audit.record(actor, { action: 'account.reset_password', target: account.username, detail: { accountId: account.id } });
    return updated;
  }

  /** A signed-in person changes their own password; their other sessions end, this one continues. */
  async changeOwnPassword(active: ActiveSession, current: string, next: string, address: string): Promise<void> {
    const credentials = await this.deps.accounts.credentials(active.account.username);
    if (!credentials || !(await verifyPassword(current, credentials.passwordHash))) {
      throw new AccountRuleError(staffMsg.wrongCurrentPassword);
    }
    const weak = passwordProblem(next, active.account.username);
    if (weak) throw new AccountRuleError(weak);
    await this.deps.accounts.setPasswordHash(active.account.id, await hashPassword(next, this.params), active.session.tokenHash);
    await this.deps.audit.record(actorOf(active.account, address), { action: 'password.change', target: active.account.username });
  }

  async login(usernameInput: string, password: string, address: string): Promise<LoginOutcome> {
    const username = canonicalUsername(usernameInput).slice(0, 100);
    const decision = await this.deps.throttle.check(username, address);
    // Refusals are not audited one by one: a guessing script would flood the log; the failures that caused the
    // lock are in it already.
    if (!decision.allowed) return { ok: false, reason: decision.reason, retryAfterMs: decision.retryAfterMs };
    const credentials = username ? await this.deps.accounts.credentials(username) : undefined;
    let valid = false;
    if (credentials) valid = await verifyPassword(password, credentials.passwordHash);
    else await burnPasswordCheck(password, this.params);
    // A disabled account answers exactly like a wrong password: nothing tells a guesser the password was right.
    if (!credentials || !valid || credentials.account.disabledAt !== null) {
      await this.deps.throttle.recordFailure(username, address);
      await this.deps.audit.record(
        { staffId: credentials?.account.id ?? null, name: username || '(trống)', address },
        { action: 'login.failed', target: username, detail: { disabled: credentials?.account.disabledAt != null } },
      );
      return { ok: false, reason: 'invalid' };
    }
    const { account, passwordHash } = credentials;
    await this.deps.throttle.recordSuccess(username);
    if (needsRehash(passwordHash)) {
      await this.deps.accounts.upgradePasswordHash(account.id, passwordHash, await hashPassword(password, this.params));
    }
    const { token, session } = await this.deps.sessions.create(account.id, address);
    await this.deps.audit.record(actorOf(account, address), { action: 'login', target: account.username });
    return { ok: true, account, token, session };
  }

  async logout(active: ActiveSession, address: string): Promise<void> {
    await this.deps.sessions.delete(active.session.tokenHash);
    await this.deps.audit.record(actorOf(active.account, address), { action: 'logout', target: active.account.username });
  }

  private async existing(username: string): Promise<StaffAccount> {
    const account = await this.deps.accounts.findByUsername(username);
    if (!account) throw new AccountRuleError(staffMsg.accountNotFound(canonicalUsername(username)), 'not_found');
    return account;
  }
}

export function actorOf(account: Pick<StaffAccount, 'id' | 'username'>, address?: string): AuditActor {
  return { staffId: account.id, name: account.username, address: address ?? null };
}
