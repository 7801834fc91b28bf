// The store's public surface (docs: /work/team/STORE_API.md, docs/ARCHITECTURE.md "Store").
export type { JsonValue, ListenOptions, Queryable, Store, StoreKind, Transaction } from "./types.ts";
export { StoreError, isStoreUnreachable, isUniqueViolation, type StoreErrorCode } from "./errors.ts";
export { openStore, DEFAULT_DATA_DIR, type OpenStoreOptions } from "./openStore.ts";
export {
  createPGliteStore,
  openPGliteStore,
  restorePGliteDataDir,
  type PGliteStoreOptions,
} from "./pgliteStore.ts";
export { openPGliteWorkerStore } from "./pgliteWorkerStore.ts";
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from "./postgresStore.ts";
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration } from "./migrate.ts";
export { generateToken, hashToken } from "./credentials.ts";
export * from "./organisations.ts";
export * from "./teams.ts";
export * from "./people.ts";
export {
  createSession,
  findLiveSessionByTokenHash,
  touchSession,
  revokeSession,
  revokeSessionsForPerson,
  listLiveSessionsForPerson,
  revokeLiveSessionOfPerson,
  pruneEndedSessions,
  SESSION_USER_AGENT_MAX,
  createApiToken,
  findLiveApiTokenByHash,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
  type SessionRecord,
  type ApiTokenRecord,
  type ApiTokenScope,
} from "./credentials.ts";
export * from "./signInLinks.ts";
export * from "./customers.ts";
export * from "./conversations.ts";
export { findConversationAgent } from "./conversationAgent.ts";
export * from "./messages.ts";
export * from "./analyses.ts";
export * from "./alerts.ts";
export * from "./interventions.ts";
export * from "./commitments.ts";
export * from "./knowledge.ts";
export * from "./escalationProtocols.ts";
export * from "./setupProgress.ts";
export * from "./audit.ts";
export * from "./events.ts";
export * from "./debriefs.ts";
export * from "./feedback.ts";
export * from "./journal.ts";
export * from "./erasureWriting.ts";
export * from "./insights.ts";
export * from "./scorecards.ts";
export * from "./scorecardDisputes.ts";
export * from "./knowledgeGaps.ts";
export * from "./commitmentReminders.ts";
export * from "./exports.ts";
export { measureRawInsertRate, type RawInsertMethod, type RawInsertRate } from "./rawInsertRate.ts";
export { measureMessageWriteRate, type MessageWriteRate } from "./messageWriteRate.ts";
export * from "./engineCheckpoints.ts";
export * from "./incidents.ts";
export * from "./deliveries.ts";
export * from "./huddles.ts";
export * from "./skills.ts";
export * from "./skillsPairings.ts";
export * from "./teamNumbers.ts";
export * from "./agentNumbers.ts";
export * from "./pulses.ts";
export * from "./replyDeliveries.ts";
export * from "./organisationIntegrations.ts";
export * from "./secretBox.ts";
