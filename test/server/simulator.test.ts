import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";
import { listConversations } from "../../src/store/index.ts";
import { startSimulation } from "../../src/cli/simulator.ts";

describe("startSimulation", () => {
  let world: World;
  let url: string;
  let token: string;
  beforeAll(async () => {
    world = await createWorld();
    url = await world.app.app.listen({ host: "127.0.0.1", port: 0 });
    token = await world.token("leadA", ["ingest"]);
  });
  afterAll(async () => {
    await world?.close();
  });

  const conversationsOf = async () =>
    (
      await listConversations(world.store, { orgId: world.orgId, teamIds: [world.teams.a], limit: 100 })
    ).filter((c) => c.externalId?.startsWith("sim-") === true);

  it("replays conversations through the public API and, with closeAfterMs, closes each after its last line", async () => {
    const errors: unknown[] = [];
    const sim = startSimulation({
      url,
      token,
      teamId: world.teams.a,
      agents: [world.people.agentA.email],
      concurrency: 2,
      lineDelayMs: 1,
      total: 2,
      closeAfterMs: 1,
      onError: (error) => errors.push(error),
    });
    const counts = await sim.done;
    expect(errors).toEqual([]);
    expect(counts.conversations).toBe(2);
    expect(counts.closed).toBe(2);
    expect(counts.messages).toBeGreaterThan(4);
    const replayed = await conversationsOf();
    expect(replayed).toHaveLength(2);
    expect(replayed.map((c) => c.status)).toEqual(["closed", "closed"]);
  });

  it("leaves them open without closeAfterMs", async () => {
    const before = new Set((await conversationsOf()).map((c) => c.id));
    const counts = await startSimulation({
      url,
      token,
      teamId: world.teams.a,
      agents: [],
      concurrency: 1,
      lineDelayMs: 1,
      total: 1,
    }).done;
    expect(counts).toMatchObject({ conversations: 1, closed: 0 });
    const added = (await conversationsOf()).filter((c) => !before.has(c.id));
    expect(added.map((c) => c.status)).toEqual(["open"]);
  });
});
