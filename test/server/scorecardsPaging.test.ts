/**
 * GET /scorecards a page at a time (limit, after → nextAfter): a busy team's list came whole (up to
 * 500 cards, over a megabyte) on every visit to the QA page. Paged through, every card comes once,
 * in the order of one big page, helper cards and cards made at the same moment included; filters
 * apply before the page; a cursor that is not a previous page's is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConversation, findOrCreateConversation } from "../../src/store/conversations.ts";
import { saveScorecard } from "../../src/store/scorecards.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
type Card = { conversationId: string; role: string; agentId: string | null; reviewed: boolean };
const key = (c: Card) => `${c.conversationId}:${c.role}:${c.agentId ?? ""}`;

async function card(teamId: string, n: number, helperId?: string): Promise<string> {
  const { conversation } = await findOrCreateConversation(world.store, {
    orgId: world.orgId,
    teamId,
    channel: "chat",
    externalId: `paging-${n}`,
    assignedPersonId: world.people.agentA.id,
  });
  await closeConversation(world.store, { orgId: world.orgId, conversationId: conversation.id });
  const save = (agentId: string, role: "agent" | "helper") =>
    saveScorecard(world.store, {
      orgId: world.orgId,
      teamId,
      conversationId: conversation.id,
      agentId,
      role,
      auto: { overall: 2, items: [] },
      autoOverall: 2,
      scoredMessages: 0,
      conversationMessageCount: 0,
    });
  await save(teamId === world.teams.a ? world.people.agentA.id : world.people.agentB.id, "agent");
  if (helperId !== undefined) await save(helperId, "helper");
  return conversation.id;
}

/** Every page of a list, following nextAfter; the pages' sizes. */
async function pages(
  as: "leadA" | "peerA" | "admin",
  query: string,
): Promise<{ cards: Card[]; sizes: number[] }> {
  const cards: Card[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  do {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/scorecards?${query}${after !== null ? `&after=${encodeURIComponent(after)}` : ""}`,
      as,
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { scorecards: Card[]; nextAfter: string | null };
    cards.push(...body.scorecards);
    sizes.push(body.scorecards.length);
    after = body.nextAfter;
    if (sizes.length > 20) throw new Error("paging does not end");
  } while (after !== null);
  return { cards, sizes };
}

beforeAll(async () => {
  world = await createWorld();
  const peer = world.people.peerA.id;
  const ids: string[] = [];
  for (let n = 0; n < 7; n++) ids.push(await card(world.teams.a, n, n % 3 === 0 ? peer : undefined));
  await card(world.teams.b, 99);
  // Three conversations' cards (a helper's among them) made at the same moment: the order of ties
  // decides where a page ends.
  await world.store.query(
    `UPDATE scorecards SET created_at = '2026-01-01T00:00:00Z' WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])`,
    [world.orgId, ids.slice(2, 5)],
  );
  await world.store.query(
    `UPDATE scorecards SET reviewed_at = now() WHERE org_id = $1 AND conversation_id = $2 AND role = 'agent'`,
    [world.orgId, ids[1]],
  );
});
afterAll(() => world.close());

describe("GET /scorecards, a page at a time", () => {
  it("pages a lead's team through every card once, in the order of one page, the last page saying so", async () => {
    const whole = await pages("leadA", `teamId=${world.teams.a}&limit=200`);
    // 7 agent cards and 3 helper cards of team A; team B's is not theirs.
    expect(whole.sizes).toEqual([10]);
    for (const limit of [1, 2, 3, 4]) {
      const paged = await pages("leadA", `teamId=${world.teams.a}&limit=${limit}`);
      expect(paged.cards.map(key), `limit ${limit}`).toEqual(whole.cards.map(key));
      // A full last page cannot know it is the last: one more, empty, says so.
      expect(paged.sizes, `limit ${limit}`).toEqual([
        ...Array.from({ length: Math.floor(10 / limit) }, () => limit),
        ...(10 % limit === 0 ? [0] : [10 % limit]),
      ]);
    }
  });

  it("pages an agent's own cards (a helper's too) and a filtered list", async () => {
    const own = await pages("peerA", "limit=1");
    expect(own.cards.map((c) => [c.role, c.agentId])).toEqual(
      Array.from({ length: 3 }, () => ["helper", world.people.peerA.id]),
    );
    const toReview = await pages("leadA", `teamId=${world.teams.a}&reviewed=false&limit=4`);
    expect(toReview.cards.length).toBe(9);
    expect(toReview.cards.every((c) => !c.reviewed)).toBe(true);
    // Without a limit, a page of 50.
    const admin = await world.inject({ method: "GET", url: "/api/v1/scorecards", as: "admin" });
    expect(admin.json().scorecards.length).toBe(11);
    expect(admin.json().nextAfter).toBeNull();
  });

  it("refuses a cursor that no page gave and a limit out of range, naming each", async () => {
    const r = await world.inject({
      method: "GET",
      url: "/api/v1/scorecards?after=yesterday&limit=201",
      as: "leadA",
    });
    expect(r.statusCode).toBe(400);
    const paths = (r.json().error.details.issues as { path: string[] }[]).map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["query.after", "query.limit"]);
  });
});
