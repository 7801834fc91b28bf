// The store contract against a throwaway PostgreSQL server started from the machine's binaries
// (test/support/postgresServer.ts); skipped, saying why, only when no binaries are installed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findPostgresBinDir,
  startPostgresServer,
  type PostgresServer,
} from "../../test/support/postgresServer.ts";
import { describeStoreContract } from "./contract/storeContract.ts";
import { migrate } from "./migrate.ts";
import { openStore } from "./openStore.ts";
import { MAX_NAMED_STATEMENTS, openPostgresStore } from "./postgresStore.ts";

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

  describe("PostgreSQL store: named prepared statements", () => {
    /** The statements this connection has prepared, as the server sees them. */
    const preparedOn = (tx: { query: (sql: string) => Promise<Record<string, unknown>[]> }) =>
      tx
        .query("SELECT statement FROM pg_prepared_statements ORDER BY statement")
        .then((rows) => rows.map((r) => String(r.statement)));

    it("prepares a statement with parameters once per connection and reuses it; scripts stay unnamed", async () => {
      const store = await openPostgresStore({ databaseUrl: sharedUrl, maxConnections: 1 });
      try {
        const sql = "SELECT $1::int + 1 AS n";
        expect(await store.query(sql, [1])).toEqual([{ n: 2 }]);
        expect(await store.query(sql, [41])).toEqual([{ n: 42 }]);
        await store.query("SELECT 1 AS plain");
        expect(store.namedStatementCount()).toBe(1);
        // One connection: the transaction sees what the queries before it prepared.
        const prepared = await store.transaction(async (tx) => {
          expect(await tx.query(sql, [2])).toEqual([{ n: 3 }]);
          return preparedOn(tx);
        });
        expect(prepared).toEqual([sql]);
      } finally {
        await store.close();
      }
    });

    it("names at most MAX_NAMED_STATEMENTS texts; later ones still run, unnamed", async () => {
      const store = await openPostgresStore({ databaseUrl: sharedUrl, maxConnections: 1 });
      try {
        for (let i = 0; i <= MAX_NAMED_STATEMENTS; i++) {
          expect(await store.query(`SELECT $1::int + ${i} AS n`, [1])).toEqual([{ n: 1 + i }]);
        }
        expect(store.namedStatementCount()).toBe(MAX_NAMED_STATEMENTS);
      } finally {
        await store.close();
      }
    });

    it("prepares nothing when turned off (a pooler in transaction mode)", async () => {
      const store = await openPostgresStore({
        databaseUrl: sharedUrl,
        maxConnections: 1,
        preparedStatements: false,
      });
      try {
        expect(await store.query("SELECT $1::int + 1 AS n", [1])).toEqual([{ n: 2 }]);
        expect(store.namedStatementCount()).toBe(0);
        expect(await store.transaction((tx) => preparedOn(tx))).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
