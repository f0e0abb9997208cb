export { AppMetrics, channelLabel, type TurnOutcome } from './appMetrics';
export { registerDatabaseGauges } from './databaseGauges';
export { instrumentedZaloFetch, instrumentMatcher, instrumentTickets, instrumentTurns, zaloErrorCode } from './instrument';
