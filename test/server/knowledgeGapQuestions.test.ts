/**
 * The Knowledge page's open gaps, one row per question, counted by the server: a busy team's
 * question asked 2,211 times came as the newest 1,000 gaps (391 KB) and read "asked 1000 times".
 * GET /knowledge/gap-questions sends each question once with every asking counted; resolving it
 * resolves every asking in one request. Over in-process HTTP against a real (PGlite) store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedUnansweredQuestion, createWorld, type World } from "./factories.ts";

let world: World;

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

type Row = { id: string; teamId: string; title: string; asked: number; conversationId: string };
const questions = async (as: "leadA" | "leadB" | "admin", query = "") => {
  const r = await world.inject({ method: "GET", url: `/api/v1/knowledge/gap-questions${query}`, as });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { questions: Row[]; total: number };
};

describe("GET /knowledge/gap-questions", () => {
  it("gives a question asked in three conversations once, asked 3 times, and resolves all three at once", async () => {
    const ids = [
      await closedUnansweredQuestion(world, "water-1", "2026-03-02T10:00:00.000Z"),
      await closedUnansweredQuestion(world, "water-2", "2026-03-03T10:00:00.000Z"),
      await closedUnansweredQuestion(world, "water-3", "2026-03-04T10:00:00.000Z"),
    ];
    const mine = await questions("leadA");
    expect(mine.total).toBe(1);
    expect(mine.questions).toHaveLength(1);
    expect(mine.questions[0]).toMatchObject({
      teamId: world.teams.a,
      title: "Does the warranty cover water damage on the blender?",
      asked: 3,
      conversationId: ids[2],
      reason: expect.any(String),
    });
    // The gaps themselves are still listed one by one where a caller wants them.
    const gaps = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" })).json()
      .gaps;
    expect(gaps).toHaveLength(3);

    // As /knowledge/gaps: the team's leads and admins; an agent 403; another team's lead sees none.
    expect((await questions("admin")).questions.map((q) => q.asked)).toEqual([3]);
    expect((await questions("leadB")).questions).toEqual([]);
    const agent = await world.inject({ method: "GET", url: "/api/v1/knowledge/gap-questions", as: "agentA" });
    expect(agent.statusCode).toBe(403);
    const bad = await world.inject({
      method: "GET",
      url: "/api/v1/knowledge/gap-questions?limit=0",
      as: "leadA",
    });
    expect(bad.statusCode).toBe(400);

    const id = mine.questions[0]?.id ?? "";
    const resolve = (as: "agentA" | "leadB" | "leadA") =>
      world.inject({ method: "POST", url: `/api/v1/knowledge/gap-questions/${id}/resolve`, as });
    expect((await resolve("agentA")).statusCode).toBe(403);
    expect((await resolve("leadB")).statusCode).toBe(404);
    const done = await resolve("leadA");
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ resolved: 3 });
    expect(await questions("leadA")).toEqual({ questions: [], total: 0, nextCursor: null });
    const open = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" })).json()
      .gaps;
    expect(open).toEqual([]);
  });
});
