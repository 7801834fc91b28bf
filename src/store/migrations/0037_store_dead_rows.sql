-- PGlite only (src/server/sweeper/maintenance.ts): rows the sweeper's deletions left dead in a large
-- table (messages, events, customers, …) and no VACUUM has cleared yet, per table. PGlite runs no
-- autovacuum and starts its statistics (pg_stat_user_tables.n_dead_tup) from zero at every start,
-- so the count is kept here, and a table is vacuumed once its dead rows pass PostgreSQL's own
-- threshold even when the server restarts more often than that takes. Unused on PostgreSQL.
CREATE TABLE store_dead_rows (
  table_name text PRIMARY KEY,
  dead_rows bigint NOT NULL CHECK (dead_rows >= 0),
  counted_at timestamptz NOT NULL DEFAULT now()
);
