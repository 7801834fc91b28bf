/**
 * "Swap roles and play again", pressed by both players of a finished pair drill at the same moment:
 * two concurrent requests through the API make one drill (the store's unique swap_of), both players
 * get it, and each hears of it once. On PGlite and on PostgreSQL, where the two requests' transactions
 * really run side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoScenario } from "../../src/server/practice/demoScenario.ts";
import { migrate, openStore, type Store } from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { createWorld, type World } from "./factories.ts";

type Backend = { name: string; open: () => Promise<{ world: World; stop: () => Promise<void> } | null> };

let pg: PostgresServer | null = null;
afterAll(async () => {
  await pg?.stop();
});

const backends: Backend[] = [
  {
    name: "PGlite",
    open: async () => {
      const world = await createWorld();
      return { world, stop: () => world.close() };
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      pg = await startPostgresServer();
      if (pg === null) return null;
      const store: Store = await openStore({ databaseUrl: await pg.createDatabase("practice_swap") });
      await migrate(store);
      const world = await createWorld({ store });
      return { world, stop: () => world.close() };
    },
  },
];

describe.each(backends)("two swaps at once ($name)", (backend) => {
  let world: World | null = null;
  let stop: () => Promise<void> = async () => undefined;
  let scenarioId = "";
  beforeAll(async () => {
    const opened = await backend.open();
    if (opened === null) return;
    world = opened.world;
    stop = opened.stop;
    await seedDemoScenario(world.store, world.orgId, world.teams.a);
    const r = await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "peerA" });
    scenarioId = r.json().scenarios[0].id;
  });
  afterAll(async () => {
    await stop();
  });

  it("make one drill: both players get it, and each hears of it once", async (context) => {
    if (world === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return;
    }
    const w = world;
    const started = await w.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: w.people.peer2A.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const first: string = started.json().session.id;
    const ended = await w.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${first}/end`,
      as: "peer2A",
    });
    expect(ended.statusCode, ended.body).toBe(200);

    // peerA played the agent and now plays the customer; peer2A the other way round.
    const swapAs = (as: "peerA" | "peer2A") =>
      w.inject({
        method: "POST",
        url: "/api/v1/practice/sessions",
        as,
        payload:
          as === "peerA"
            ? { scenarioId, partnerId: w.people.peer2A.id, play: "customer", swapOf: first }
            : { scenarioId, partnerId: w.people.peerA.id, play: "agent", swapOf: first },
      });
    const [byA, byB] = await Promise.all([swapAs("peerA"), swapAs("peer2A")]);
    expect(byA.statusCode, byA.body).toBe(201);
    expect(byB.statusCode, byB.body).toBe(201);
    const swapped = byA.json().session;
    expect(byB.json().session.id).toBe(swapped.id);
    expect(swapped).toMatchObject({
      traineeId: w.people.peer2A.id,
      customerPlayerId: w.people.peerA.id,
      status: "active",
    });
    // Each player's own view of it: the part they now play.
    expect(byA.json().session.myRole).toBe("customer");
    expect(byB.json().session.myRole).toBe("agent");

    const sessions = await w.store.query(
      "SELECT id FROM practice_sessions WHERE org_id = $1 AND scenario_id = $2 ORDER BY created_at",
      [w.orgId, scenarioId],
    );
    expect(sessions.map((r) => r.id)).toEqual([first, swapped.id]);
    const events = await w.store.query(
      `SELECT person_id FROM events WHERE type = 'drill.roles_swapped' AND payload->>'sessionId' = $1 ORDER BY person_id`,
      [swapped.id],
    );
    expect(events.map((e) => e.person_id)).toEqual([w.people.peerA.id, w.people.peer2A.id].sort());

    // A later press on the finished drill leads to the same drill, and says nothing new.
    const later = await swapAs("peer2A");
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().session.id).toBe(swapped.id);
    const after = await w.store.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'drill.roles_swapped' AND payload->>'sessionId' = $1`,
      [swapped.id],
    );
    expect(after[0]?.n).toBe(2);
    // A swap the checks refuse still names what is wrong, and makes nothing.
    const wrong = await w.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: w.people.peer2A.id, swapOf: first },
    });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json().error)).toMatch(/must be the part you did not play/);
    const count = await w.store.query(
      "SELECT count(*)::int AS n FROM practice_sessions WHERE org_id = $1 AND scenario_id = $2",
      [w.orgId, scenarioId],
    );
    expect(count[0]?.n).toBe(2);
  });
});
