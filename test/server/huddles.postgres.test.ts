/*
 * The same huddle tests on PostgreSQL (a throwaway server from the machine's initdb/pg_ctl): the
 * agendas are mostly SQL over JSON, which both stores must answer alike.
 */
import { startPostgresServer } from "../support/postgresServer.ts";

const probe = await startPostgresServer();
if (probe !== null) {
  await probe.stop();
  process.env.HUDDLES_STORE = "postgres";
  await import("./huddles.test.ts");
} else {
  const { it } = await import("vitest");
  it.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine", () => undefined);
}
