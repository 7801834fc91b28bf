/**
 * A lead can take their QA review off a scorecard (DELETE /conversations/:id/scorecard/review): a
 * review saved on the wrong card, or one the lead no longer stands by, could only be overwritten by
 * another review, so the card stayed "reviewed" by them, counted in the calibration table as their
 * judgement, forever. Withdrawn, the card shows the engine's scores and is not reviewed; the audit
 * log keeps what was taken off. Withdrawing twice is a 409 and changes nothing; only the team's leads
 * may; a score changed by resolving the agent's dispute is not taken back this way (409 naming it).
 * Through the real pipeline (ingest over HTTP, close, loop 2's processor, PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scorecard } from "../../src/protocol/index.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type World } from "./factories.ts";

let world: World;
const ids: string[] = [];

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  for (const name of ["withdraw-1", "withdraw-2"]) {
    const id = await postScript(world, token, { name, topic: "returns", customer: "Jordan Blake" }, [
      ["customer", "My order arrived broken and I'm really upset, this is the second time!"],
      ["agentA", "Two broken boxes in a row, not what you wanted. Let me look now."],
      ["customer", "Ok."],
      ["agentA", "A replacement goes out today; you will get the tracking number by email tomorrow."],
    ]);
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    ids.push(id);
  }
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

const card = async (id: string): Promise<Scorecard> => {
  const r = await world.inject({ method: "GET", url: `/api/v1/conversations/${id}/scorecard`, as: "leadA" });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().scorecard as Scorecard;
};
const review = async (id: string) => {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/scorecard/review`,
    as: "leadA",
    payload: { items: { accuracy: 1, ownership: 1 }, note: "Reviewed the wrong card." },
  });
  expect(r.statusCode, r.body).toBe(200);
};
const withdraw = (id: string, as: keyof World["people"]) =>
  world.inject({ method: "DELETE", url: `/api/v1/conversations/${id}/scorecard/review`, as });

describe("withdrawing a QA review", () => {
  it("the card shows the engine's scores again and is not reviewed; audited", async () => {
    const id = ids[0] ?? "";
    const before = await card(id);
    await review(id);
    expect((await card(id)).reviewed).toBe(true);

    const r = await withdraw(id, "leadA");
    expect(r.statusCode, r.body).toBe(200);
    const after = r.json().scorecard as Scorecard;
    expect(after.reviewed).toBe(false);
    expect(after.reviewNote).toBeNull();
    expect(after.reviewedBy).toBeNull();
    expect(after.overall).toBe(before.autoOverall);
    expect(await card(id)).toMatchObject({ reviewed: false, overall: before.autoOverall });

    const list = await world.inject({ method: "GET", url: "/api/v1/scorecards?reviewed=true", as: "leadA" });
    expect(
      (list.json().scorecards as { conversationId: string }[]).map((s) => s.conversationId),
    ).not.toContain(id);
    const audit = await world.inject({ method: "GET", url: "/api/v1/audit?limit=20", as: "admin" });
    const entry = (
      audit.json().entries as { action: string; target: { id: string }; details: Record<string, unknown> }[]
    ).find((e) => e.action === "scorecard.review_withdrawn");
    expect(entry?.target.id).toBe(id);
    expect(entry?.details).toMatchObject({
      note: "Reviewed the wrong card.",
      override: { accuracy: 1, ownership: 1 },
    });
  });

  it("twice is a 409; an agent is refused, another team's lead finds nothing; nothing changes", async () => {
    const id = ids[0] ?? "";
    const again = await withdraw(id, "leadA");
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.code).toBe("INVALID_STATE");

    await review(id);
    expect((await withdraw(id, "agentA")).statusCode).toBe(403);
    expect((await withdraw(id, "leadB")).statusCode).toBe(404);
    expect(await card(id)).toMatchObject({ reviewed: true, reviewNote: "Reviewed the wrong card." });
  });

  it("a score changed by resolving the agent's dispute is not taken back by withdrawing", async () => {
    const id = ids[1] ?? "";
    const disputed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/scorecard/disputes`,
      as: "agentA",
      payload: { item: "accuracy", reason: "The replacement date was right." },
    });
    expect(disputed.statusCode, disputed.body).toBe(201);
    const disputeId = disputed.json().dispute.id as string;
    const resolved = await world.inject({
      method: "POST",
      url: `/api/v1/scorecards/disputes/${disputeId}/resolve`,
      as: "leadA",
      payload: { decision: "change", score: 4, note: "You are right, the date was correct." },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);

    const r = await withdraw(id, "leadA");
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.details).toMatchObject({ disputeId });
    expect(await card(id)).toMatchObject({ reviewed: true });
  });
});
