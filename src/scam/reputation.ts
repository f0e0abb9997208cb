/**
 * Optional hook for an outside reputation service (off by default). The checker never sends the citizen's message:
 * only the host names and phone numbers it extracted, and only when a deployment configures a service.
 */

export interface ReputationQuery {
  domains: string[];
  phones: string[];
}

export interface ReputationFinding {
  kind: 'domain' | 'phone';
  /** The host name or national-form phone number the finding is about. */
  value: string;
  rating: 'malicious' | 'suspicious';
  /** Who says so, named in the reason ("chongluadao.vn"). */
  source: string;
}

export interface ReputationService {
  /** Must honour `signal`: the checker aborts a lookup that takes too long and answers without it. */
  lookup(query: ReputationQuery, signal: AbortSignal): Promise<ReputationFinding[]>;
}
