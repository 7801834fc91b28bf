import { afterAll, beforeAll, type TestContext } from "vitest";
import { buildApp, type App } from "../../src/server/app.ts";
import { migrate, openStore, type Store } from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { createWorld, testConfig, type World } from "./factories.ts";

export interface TwoInstances {
  /** Instance A, with the usual people seeded (its `app` and `store`). */
  world: World;
  /** Instance B: another server on the same database. */
  appB: App;
}

/**
 * Two server instances sharing one throwaway PostgreSQL database, started before the file's tests
 * and stopped after them. Each test calls the returned function with its context: it gets both
 * instances, or is skipped (null) where the machine has no PostgreSQL binaries.
 */
export function twoInstancesOnPostgres(database: string): (context: TestContext) => TwoInstances | null {
  let pg: PostgresServer | null = null;
  let world: World | null = null;
  let storeB: Store | null = null;
  let appB: App | null = null;
  beforeAll(async () => {
    pg = await startPostgresServer();
    if (pg === null) return;
    const url = await pg.createDatabase(database);
    const storeA = await openStore({ databaseUrl: url });
    await migrate(storeA);
    world = await createWorld({ store: storeA, env: { TAGTEAM_INSTANCE_ID: "a" } });
    await world.app.start();
    storeB = await openStore({ databaseUrl: url });
    appB = await buildApp({ config: testConfig({ TAGTEAM_INSTANCE_ID: "b" }), store: storeB });
    await appB.start();
  });
  afterAll(async () => {
    await appB?.close();
    await storeB?.close();
    await world?.close();
    await pg?.stop();
  });
  return (context) => {
    if (world === null || appB === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return null;
    }
    return { world, appB };
  };
}
