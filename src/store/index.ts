// The store's public surface (docs: /work/team/STORE_API.md, docs/ARCHITECTURE.md "Store").
export type { JsonValue, ListenOptions, Queryable, Store, StoreKind, Transaction } from "./types.ts";
export { StoreError, isUniqueViolation, type StoreErrorCode } from "./errors.ts";
export { openStore, DEFAULT_DATA_DIR, type OpenStoreOptions } from "./openStore.ts";
export { createPGliteStore, openPGliteStore, type PGliteStoreOptions } from "./pgliteStore.ts";
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from "./postgresStore.ts";
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration } from "./migrate.ts";
