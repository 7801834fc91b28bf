/**
 * GET /knowledge/gaps comes a page at a time, by cursor, with how many gaps there are. It stopped at
 * the newest 1,000 without a word: a busy team's older gaps were never listed. Over in-process HTTP
 * against a real (PGlite) store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedUnansweredQuestion, createWorld, type World } from "./factories.ts";

let world: World;
const OPEN = 1_250;

beforeAll(async () => {
  world = await createWorld();
  const conversation = await closedUnansweredQuestion(world, "gap-list", "2026-03-02T10:00:00.000Z");
  await world.store.query("DELETE FROM knowledge_gaps WHERE conversation_id = $1", [conversation]);
  // 1,250 open gaps of team A, ten at each moment (ties on purpose), and 30 resolved.
  await world.store.query(
    `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason,
                                 question_key, status, created_at)
     SELECT $1, $2, $3, 'Question number ' || g || '?', g, 'topic', 'hedged', '|q ' || g,
            CASE WHEN g > $4 THEN 'resolved' ELSE 'open' END,
            '2026-03-01T00:00:00Z'::timestamptz + (g / 10) * interval '1 minute'
       FROM generate_series(1, $4 + 30) g`,
    [world.orgId, world.teams.a, conversation, OPEN],
  );
});
afterAll(async () => {
  await world?.close();
});

type Gap = { id: string; createdAt: string; status: string };
type Page = { gaps: Gap[]; total: number; nextCursor: string | null };
async function get(url: string, as: "leadA" | "leadB" | "admin" = "leadA"): Promise<Page> {
  const r = await world.inject({ method: "GET", url, as });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Page;
}

describe("GET /knowledge/gaps, page by page", () => {
  it("gives every open gap once, newest first, past the first 1,000, and says how many on every page", async () => {
    const first = await get("/api/v1/knowledge/gaps");
    expect(first.gaps).toHaveLength(200);
    expect(first.total).toBe(OPEN);
    expect(first.nextCursor).not.toBeNull();

    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(
        `/api/v1/knowledge/gaps?status=open&limit=1000${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    expect(pages.map((p) => p.gaps.length)).toEqual([1000, 250]);
    expect(pages.every((p) => p.total === OPEN)).toBe(true);
    const gaps = pages.flatMap((p) => p.gaps);
    expect(new Set(gaps.map((g) => g.id)).size).toBe(OPEN);
    expect(gaps.every((g) => g.status === "open")).toBe(true);
    const times = gaps.map((g) => Date.parse(g.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const resolved = await get("/api/v1/knowledge/gaps?status=resolved");
    expect(resolved).toMatchObject({ total: 30, nextCursor: null });
    expect(resolved.gaps).toHaveLength(30);
  });

  it("refuses a cursor it did not give, naming it; another team's lead sees none, an agent is refused", async () => {
    for (const cursor of ["abc", "1.2.00000000-0000-0000-0000-000000000000", "12.not-a-uuid"]) {
      const r = await world.inject({
        method: "GET",
        url: `/api/v1/knowledge/gaps?cursor=${encodeURIComponent(cursor)}`,
        as: "leadA",
      });
      expect(r.statusCode, cursor).toBe(400);
      expect(r.body).toContain("cursor");
    }
    expect(await get("/api/v1/knowledge/gaps", "leadB")).toEqual({ gaps: [], total: 0, nextCursor: null });
    expect((await get("/api/v1/knowledge/gaps", "admin")).total).toBe(OPEN);
    const agent = await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "agentA" });
    expect(agent.statusCode).toBe(403);
  });
});
