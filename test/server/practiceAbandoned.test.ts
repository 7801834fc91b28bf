/**
 * A drill left open does not stay "in progress" forever: after a day without a turn it is over,
 * abandoned, with no score, and takes no more turns; a lead may still comment on it. Over in-process
 * HTTP against a real (PGlite) store, on the demo's scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoScenario } from "../../src/server/practice/demoScenario.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
let scenarioId: string;

type Session = {
  id: string;
  status: string;
  canReply: boolean;
  canEnd: boolean;
  turn: string | null;
  score: unknown;
  endedAt: string | null;
};

beforeAll(async () => {
  world = await createWorld();
  await seedDemoScenario(world.store, world.orgId, world.teams.a);
  const r = await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "peerA" });
  scenarioId = String((r.json().scenarios as { id: string }[])[0]?.id);
});
afterAll(async () => {
  await world?.close();
});

async function startWithOneReply(): Promise<Session> {
  const started = await world.inject({
    method: "POST",
    url: "/api/v1/practice/sessions",
    as: "peerA",
    payload: { scenarioId },
  });
  expect(started.statusCode, started.body).toBe(201);
  const id = String(started.json().session.id);
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/practice/sessions/${id}/replies`,
    as: "peerA",
    payload: { text: "Let me look into that for you." },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().session as Session;
}

/** The drill's last turn was `hours` ago. */
const idleFor = (id: string, hours: number) =>
  world.store.query(
    `UPDATE practice_sessions SET updated_at = now() - $2::int * interval '1 hour',
            created_at = now() - ($2::int + 1) * interval '1 hour' WHERE id = $1`,
    [id, hours],
  );

const read = async (id: string, as: "peerA" | "leadA" = "peerA"): Promise<Session> => {
  const r = await world.inject({ method: "GET", url: `/api/v1/practice/sessions/${id}`, as });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().session as Session;
};

describe("a drill nobody writes in", () => {
  it("is still running after some hours, and abandoned after a day: over, unscored, no more turns", async () => {
    const drill = await startWithOneReply();
    expect(drill.status).toBe("active");

    await idleFor(drill.id, 5);
    expect(await read(drill.id)).toMatchObject({ status: "active", canReply: true, endedAt: null });

    await idleFor(drill.id, 25);
    const left = await read(drill.id);
    expect(left).toMatchObject({
      status: "abandoned",
      canReply: false,
      canEnd: false,
      turn: null,
      score: null,
    });
    // It ended when the day without a turn was up.
    expect(Date.now() - Date.parse(left.endedAt ?? "")).toBeGreaterThan(3_600_000 - 60_000);
    expect(Date.now() - Date.parse(left.endedAt ?? "")).toBeLessThan(3_600_000 + 60_000);

    // Listed as abandoned, for the trainee and the lead alike.
    for (const as of ["peerA", "leadA"] as const) {
      const list = await world.inject({ method: "GET", url: "/api/v1/practice/sessions", as });
      const listed = (list.json().sessions as Session[]).find((s) => s.id === drill.id);
      expect(listed?.status, as).toBe("abandoned");
    }

    // No turn follows, nor an end that would score it as a finished drill; nothing changes.
    for (const [url, payload] of [
      [`/api/v1/practice/sessions/${drill.id}/replies`, { text: "Are you still there?" }],
      [`/api/v1/practice/sessions/${drill.id}/end`, {}],
    ] as const) {
      const r = await world.inject({ method: "POST", url, as: "peerA", payload });
      expect(r.statusCode, url).toBe(409);
      expect(r.json().error.message).toContain("abandoned");
    }
    expect(await read(drill.id)).toEqual(left);

    // It is over, so a lead may comment on it.
    const comment = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${drill.id}/review`,
      as: "leadA",
      payload: { comment: "Pick this one up again when you have ten minutes." },
    });
    expect(comment.statusCode, comment.body).toBe(200);
    expect(comment.json().session.status).toBe("abandoned");
  });
});
