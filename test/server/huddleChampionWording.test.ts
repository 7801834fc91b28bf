import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HuddleAction } from "../../src/protocol/index.ts";
import { closedUnansweredQuestion, createWorld, dayAgendaUrl, type World } from "./factories.ts";

/*
 * A champion's procedure update is stored as the lead saved it. When the lead kept the agenda's
 * suggestion, the words are the product's, and the product's wording has changed since (a gap
 * pattern names the customers' question, not its key words; blame covers a courier or the
 * system): a week-old update still open read "Answer the open warranty cover water damage
 * questions in the knowledge base" beside today's "Answer “Does the warranty cover…?” …". Shown in
 * today's wording now; a lead's own words stay as written. Over in-process HTTP, real PGlite store.
 */

let world: World;
const ASKED_ON = "2026-03-18";
const NAMED_ON = "2026-03-19";
const READ_ON = "2026-03-25";
async function name(pattern: string, title: string): Promise<HuddleAction> {
  const r = await world.inject({
    method: "PUT",
    url: "/api/v1/huddles/actions",
    as: "leadA",
    payload: { teamId: world.teams.a, date: NAMED_ON, pattern, title, ownerId: world.people.peerA.id },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().action as HuddleAction;
}

let topic = "";
beforeAll(async () => {
  world = await createWorld();
  await closedUnansweredQuestion(world, "wording-1", `${ASKED_ON}T10:00:00Z`);
  await closedUnansweredQuestion(world, "wording-2", `${ASKED_ON}T14:00:00Z`);
  const gaps = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" })).json()
    .gaps as { topic: string }[];
  topic = gaps[0]?.topic ?? "";
  expect(topic).not.toBe("");
});
afterAll(async () => {
  await world?.close();
});

describe("a champion's update saved in the agenda's earlier wording", () => {
  it("reads in today's wording on a later day's agenda, and a lead's own words stay", async () => {
    const gap = await name(`gaps:${topic}`, `Answer the open ${topic} questions in the knowledge base`);
    const blame = await name(
      "cue:blame_coworker",
      "How to own a colleague's mistake in front of the customer",
    );
    const own = await name("cue:hedging", "Answer the open fee questions with the new price list");
    const ownGap = await name(
      `gaps:${topic}-other`,
      "Answer the open blender questions in the knowledge base, with photos",
    );

    const r = await world.inject({ method: "GET", url: dayAgendaUrl(world.teams.a, READ_ON), as: "peerA" });
    expect(r.statusCode, r.body).toBe(200);
    const open = new Map((r.json().wrapUp.openActions as HuddleAction[]).map((a) => [a.id, a.title]));
    expect(open.get(gap.id)).toBe(
      "Answer “Does the warranty cover water damage on the blender?” in the knowledge base",
    );
    expect(open.get(blame.id)).toBe(
      "How to own a colleague's, a courier's or the system's mistake in front of the customer",
    );
    expect(open.get(own.id)).toBe("Answer the open fee questions with the new price list");
    expect(open.get(ownGap.id)).toBe("Answer the open blender questions in the knowledge base, with photos");
  });

  it("reads in today's wording when its champion marks it written", async () => {
    const blame = await name(
      "cue:blame_coworker",
      "How to own a colleague's mistake in front of the customer",
    );
    const done = await world.inject({
      method: "PATCH",
      url: `/api/v1/huddles/actions/${blame.id}`,
      as: "peerA",
      payload: { status: "done", note: "Added to the playbook" },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().action.title).toBe(
      "How to own a colleague's, a courier's or the system's mistake in front of the customer",
    );
  });
});
