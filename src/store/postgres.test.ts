// The store contract against a throwaway PostgreSQL server started from the machine's binaries
// (test/support/postgresServer.ts); skipped, saying why, only when no binaries are installed.
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  findPostgresBinDir,
  startPostgresServer,
  type PostgresServer,
} from "../../test/support/postgresServer.ts";
import { describeStoreContract } from "./contract/storeContract.ts";
import { migrate } from "./migrate.ts";
import { openStore } from "./openStore.ts";

const binDir = findPostgresBinDir();

if (!binDir) {
  describe("store contract: PostgreSQL", () => {
    it.skip("skipped: no initdb/pg_ctl in PATH or /usr/lib/postgresql/*/bin (apt-get install postgresql)", () => {});
  });
} else {
  let server: PostgresServer | null = null;
  let sharedUrl = "";
  let fresh = 0;

  beforeAll(async () => {
    server = await startPostgresServer();
    if (!server) throw new Error("PostgreSQL binaries disappeared");
    sharedUrl = await server.createDatabase("contract");
    const store = await openStore({ databaseUrl: sharedUrl });
    await migrate(store);
    await store.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeStoreContract("PostgreSQL", {
    open: () => openStore({ databaseUrl: sharedUrl }),
    openFresh: async () => {
      if (!server) throw new Error("server not started");
      fresh += 1;
      const url = await server.createDatabase(`fresh_${fresh}`);
      return {
        store: await openStore({ databaseUrl: url }),
        openPeer: () => openStore({ databaseUrl: url }),
      };
    },
    openPeer: () => openStore({ databaseUrl: sharedUrl }),
  });
}
