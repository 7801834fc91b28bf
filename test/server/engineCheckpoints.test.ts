import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { checkpointDue } from "../../src/server/ingest/pipeline.ts";
import { loadEngineCheckpoints } from "../../src/store/index.ts";
import { createWorld, message, TROUBLED_LINES, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_ENGINE_CHECKPOINT_EVERY_MESSAGES: "3" } });
});
afterAll(async () => {
  await world?.close();
});

const LINES = TROUBLED_LINES;

describe("engine checkpoints", () => {
  it("restores, by replaying the messages after the checkpoint, the state computed straight through", async () => {
    const token = await world.token("agentA", ["ingest"]);
    let conversationId = "";
    for (const line of LINES) {
      const response = await world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: world.teams.a,
          conversationId: "checkpoint-conv",
          role: line.role,
          text: line.text,
          ...(line.role === "agent" ? { author: "agentA@example.com" } : {}),
        }),
      });
      expect(response.statusCode).toBe(200);
      conversationId = response.json().results[0].conversationId;
    }
    const { engine } = world.app.ctx;
    const straight = engine.cachedState(conversationId);
    expect(straight?.position).toBe(6);

    // The stored checkpoint lags behind the live state (written every 3 messages), so a restart
    // must replay the messages after it.
    const stored = (await loadEngineCheckpoints(world.store, world.orgId, [conversationId])).get(
      conversationId,
    );
    expect(stored?.position).toBeGreaterThanOrEqual(0);
    expect(stored?.position).toBeLessThan(6);

    engine.forgetStates();
    const next = message({
      teamId: world.teams.a,
      conversationId: "checkpoint-conv",
      role: "customer",
      text: "Are you still there?",
    });
    // Restore (checkpoint + replay) happens on the next message; compute the expected state from
    // the straight-through state and the same message.
    const context = await engine.contextFor(world.store, world.orgId, world.teams.a);
    const expected = engine.observe(
      straight!.state,
      { role: "customer", text: "Are you still there?", at: Date.parse(String(next.at)) },
      context,
    ).state;
    const response = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: next,
    });
    expect(response.statusCode).toBe(200);
    const restored = engine.cachedState(conversationId);
    expect(restored?.position).toBe(7);
    expect(restored?.state).toEqual(expected);
  });

  it("keeps the state in memory across a whisper stored by the same instance", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const post = (text: string) =>
      world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({ teamId: world.teams.a, conversationId: "whisper-conv", role: "customer", text }),
      });
    const first = await post("My parcel is late again.");
    expect(first.statusCode).toBe(200);
    const conversationId = first.json().results[0].conversationId as string;
    const { engine, metrics } = world.app.ctx;
    const stale = async () => (await metrics.ingestStaleStates.get()).values.reduce((n, v) => n + v.value, 0);
    const staleBefore = await stale();
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text: "Give the tracking number and a delivery date." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    // The whisper took position 1; the state read everything before it, so it is still current.
    expect(engine.cachedState(conversationId)?.lines).toBe(2);
    expect((await post("Hello? Anyone there?")).statusCode).toBe(200);
    expect(engine.cachedState(conversationId)?.position).toBe(2);
    expect(await stale()).toBe(staleBefore);
  });
});

describe("when a state is checkpointed", () => {
  const limits = { everyMessages: 50, intervalMs: 60_000 };
  /** The position at which a conversation moving one message a second first comes due. */
  const firstDue = (id: string): number => {
    for (let position = 0; position <= 100; position++) {
      if (
        checkpointDue(id, { position, checkpointPosition: -1, checkpointAtMs: 0 }, position * 1_000, limits)
      )
        return position;
    }
    return Number.POSITIVE_INFINITY;
  };

  it("spreads conversations that move in step over many groups instead of one", () => {
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    const positions = ids.map(firstDue);
    // Within the configured limit, never before half of it.
    expect(Math.max(...positions)).toBeLessThanOrEqual(49);
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(24);
    // No single position takes more than a few percent of the floor.
    const counts = new Map<number, number>();
    for (const p of positions) counts.set(p, (counts.get(p) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(20);
    expect(Math.max(...counts.values())).toBeLessThan(ids.length / 10);
  });

  it("is fixed per conversation and honours the interval as well as the message count", () => {
    const id = randomUUID();
    expect(firstDue(id)).toBe(firstDue(id));
    const quiet = { position: 1, checkpointPosition: 0, checkpointAtMs: 0 };
    expect(checkpointDue(id, quiet, 29_000, limits)).toBe(false);
    expect(checkpointDue(id, quiet, 60_000, limits)).toBe(true);
    // A limit of one message checkpoints every message.
    expect(checkpointDue(id, quiet, 0, { everyMessages: 1, intervalMs: 60_000 })).toBe(true);
  });
});
