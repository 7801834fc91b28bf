/*
 * The PostgreSQL server going away under a running tagteam (a restart, a failover, the network):
 * requests answered 500 "Something went wrong on our side" with a stack logged as an unhandled
 * error, so a helpdesk posting messages, or a script, could not tell a passing outage it should
 * retry from a bug. They now answer 503 UNAVAILABLE saying the database cannot be reached (with
 * Retry-After). On a throwaway PostgreSQL (initdb/pg_ctl).
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { isStoreUnreachable, migrate, openStore } from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { createWorld, PASSWORD, type World } from "./factories.ts";

describe("the database out of reach on PostgreSQL", () => {
  let pg: PostgresServer | null = null;
  let world: World | null = null;
  beforeAll(async () => {
    pg = await startPostgresServer();
    if (pg === null) return;
    const store = await openStore({ databaseUrl: await pg.createDatabase("unreachable") });
    await migrate(store);
    world = await createWorld({ store });
  });
  afterAll(async () => {
    await world?.close();
    await pg?.stop();
  });
  const ready = (context: TestContext): { pg: PostgresServer; world: World } => {
    if (pg === null || world === null)
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
    return { pg: pg as PostgresServer, world: world as World };
  };

  it("answers 503 UNAVAILABLE naming the database, not 500, while PostgreSQL is down", async (context) => {
    const { pg, world } = ready(context);
    const cookie = await world.cookie("leadA");
    const before = await world.inject({ method: "GET", url: "/api/v1/conversations", headers: { cookie } });
    expect(before.statusCode).toBe(200);
    const token = await world.token("leadA", ["ingest"]);
    const line = (n: number) => ({
      senderMessageId: `down-${n}`,
      conversationId: "down",
      teamId: world.teams.a,
      role: "customer",
      text: `Line ${n}: where is my parcel?`,
    });
    const posted = (n: number) =>
      world.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: line(n),
      });
    expect((await posted(1)).statusCode).toBe(200);

    await pg.stop();
    const signIn = await world.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: world.people.agentA.email, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(503);
    expect(signIn.json()).toMatchObject({
      error: { code: "UNAVAILABLE", message: expect.stringContaining("database cannot be reached") },
    });
    const list = await world.inject({ method: "GET", url: "/api/v1/conversations", headers: { cookie } });
    expect(list.statusCode).toBe(503);
    expect(list.json()).toMatchObject({ error: { code: "UNAVAILABLE" } });
    expect(list.headers["retry-after"]).toBe("5");
    // A helpdesk's message: told to send it again, which it may, as resending changes nothing.
    const ingest = await posted(2);
    expect(ingest.statusCode).toBe(503);
    expect(ingest.json()).toMatchObject({ error: { code: "UNAVAILABLE" } });
  });

  it("tells a lost connection from other failures", () => {
    expect(
      isStoreUnreachable(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      ),
    ).toBe(true);
    expect(
      isStoreUnreachable(Object.assign(new Error("the database system is starting up"), { code: "57P03" })),
    ).toBe(true);
    expect(isStoreUnreachable(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(
      true,
    );
    expect(isStoreUnreachable(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
    expect(isStoreUnreachable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isStoreUnreachable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isStoreUnreachable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isStoreUnreachable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isStoreUnreachable(new TypeError("x is undefined"))).toBe(false);
    expect(isStoreUnreachable("ECONNREFUSED")).toBe(false);
  });
});
