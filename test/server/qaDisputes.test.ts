/**
 * QA disputes: the agent a scorecard scores contests a score with a reason, their team's lead
 * resolves it (upholds it, or changes the card's score with a note), and the agent is told. Through
 * the real pipeline (ingest over HTTP, close, loop 2's processor, PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scorecard, ScorecardDispute, SkillMap } from "../../src/protocol/index.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { acceptedTakeover, postScript, type World } from "./factories.ts";
import { worldWithClosedScript } from "./closedScriptWorld.ts";

let world: World;
let conversationId = "";

beforeAll(async () => {
  ({ world, conversationId } = await worldWithClosedScript({
    conversation: { name: "dispute-1", topic: "returns", customer: "Jordan Blake" },
    lines: [
      ["customer", "My order arrived broken and I'm really upset, this is the second time!"],
      ["agentA", "Two broken boxes in a row, not what you wanted. Let me look: I see order 7781."],
      ["customer", "Yes, that one."],
      ["agentA", "A replacement goes out today; you will get the tracking number by email tomorrow."],
      ["customer", "Ok thanks."],
    ],
    closedBy: "agentA",
  }));
});
afterAll(async () => {
  await world?.close();
});

const disputeAs = (as: keyof World["people"], payload: Record<string, unknown>) =>
  world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/scorecard/disputes`,
    as,
    payload,
  });
const resolveAs = (as: keyof World["people"], id: string, payload: Record<string, unknown>) =>
  world.inject({ method: "POST", url: `/api/v1/scorecards/disputes/${id}/resolve`, as, payload });
const cardAs = async (as: keyof World["people"]): Promise<Scorecard> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationId}/scorecard`,
    as,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().scorecard as Scorecard;
};
const listAs = async (as: keyof World["people"], query = "") => {
  const r = await world.inject({ method: "GET", url: `/api/v1/scorecards/disputes${query}`, as });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { disputes: ScorecardDispute[]; open: number };
};
/** The dispute events stored, each with the room (person) it went to. */
const disputeEvents = async () =>
  (
    await world.store.query(
      `SELECT type, person_id, payload FROM events WHERE org_id = $1 AND type LIKE 'scorecard.dispute%' ORDER BY id`,
      [world.orgId],
    )
  ).map((row) => ({
    type: String(row.type),
    to: String(row.person_id),
    data: (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<
      string,
      unknown
    >,
  }));

describe("disputing a score", () => {
  it("names every problem with a dispute and writes nothing", async () => {
    const r = await disputeAs("agentA", { item: "charm", reason: "   ", extra: 1 });
    expect(r.statusCode).toBe(400);
    const paths = (r.json().error.details.issues as { path: string[] }[]).map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["body.item", "body.reason", "body"]));
    expect(r.json().error.message).toMatch(/reason: is required/);
    const long = await disputeAs("agentA", { item: "empathy", reason: "x".repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/at most 500 characters/);
    const missing = await disputeAs("agentA", { item: "empathy" });
    expect(missing.statusCode).toBe(400);
    expect((await cardAs("agentA")).disputes).toEqual([]);
    expect(await disputeEvents()).toEqual([]);
  });

  it("only the agent the card scores disputes it; a second open dispute of an item is 409", async () => {
    // A teammate and the other team cannot see the card; the lead sees it but it is not theirs.
    expect((await disputeAs("peerA", { item: "empathy", reason: "Not mine" })).statusCode).toBe(404);
    expect((await disputeAs("agentB", { item: "empathy", reason: "Not mine" })).statusCode).toBe(404);
    const lead = await disputeAs("leadA", { item: "empathy", reason: "Not mine" });
    expect(lead.statusCode).toBe(403);
    expect(lead.json().error.message).toMatch(/Only the person a scorecard scores/);

    const before = (await cardAs("agentA")).items.find((i) => i.item === "empathy");
    // tagteam missed the acknowledgement.
    expect(before?.score).toBeLessThan(3);
    const r = await disputeAs("agentA", {
      item: "empathy",
      reason:
        "  I said “two broken boxes in a row, not what you wanted”: that is acknowledging how they felt.  ",
    });
    expect(r.statusCode, r.body).toBe(201);
    const dispute = r.json().dispute as ScorecardDispute;
    expect(dispute).toMatchObject({
      item: "empathy",
      status: "open",
      personId: world.people.agentA.id,
      cardRole: "agent",
      reason: "I said “two broken boxes in a row, not what you wanted”: that is acknowledging how they felt.",
      disputedScore: before?.score,
      topic: "returns",
    });
    const again = await disputeAs("agentA", { item: "empathy", reason: "Again" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "CONFLICT", details: { disputeId: dispute.id } });
    // Another item and the whole card are disputes of their own.
    expect((await disputeAs("agentA", { item: "habits", reason: "I did update them" })).statusCode).toBe(201);
    expect((await disputeAs("agentA", { reason: "The card misses the replacement" })).statusCode).toBe(201);
    expect((await disputeAs("agentA", { reason: "twice" })).statusCode).toBe(409);

    // The team's lead is told, in their own room; nobody else.
    const events = await disputeEvents();
    expect(events.map((e) => [e.type, e.to])).toEqual([
      ["scorecard.disputed", world.people.leadA.id],
      ["scorecard.disputed", world.people.leadA.id],
      ["scorecard.disputed", world.people.leadA.id],
    ]);
    expect(events[0]?.data).toMatchObject({
      disputeId: dispute.id,
      conversationId,
      personId: world.people.agentA.id,
    });
  });

  it("lists open disputes to the team's leads, to the agent their own, to no one else", async () => {
    const lead = await listAs("leadA");
    expect(lead.open).toBe(3);
    expect(lead.disputes.map((d) => d.item)).toEqual(["empathy", "habits", null]);
    expect(lead.disputes[0]?.personName).toBe(world.people.agentA.displayName);
    expect((await listAs("admin")).open).toBe(3);
    expect((await listAs("agentA")).open).toBe(3);
    expect(await listAs("peerA")).toEqual({ disputes: [], open: 0 });
    expect(await listAs("leadB")).toEqual({ disputes: [], open: 0 });
    const other = await world.inject({
      method: "GET",
      url: `/api/v1/scorecards/disputes?teamId=${world.teams.a}`,
      as: "leadB",
    });
    expect(other.statusCode).toBe(404);
    // The card carries them, for the agent and the lead.
    expect((await cardAs("agentA")).disputes?.map((d) => d.status)).toEqual(["open", "open", "open"]);
  });
});

describe("resolving a dispute", () => {
  const openOne = async (item: string | null) => {
    const d = (await listAs("leadA")).disputes.find((x) => x.item === item);
    if (d === undefined) throw new Error(`no open dispute of ${String(item)}`);
    return d;
  };

  it("names every problem with a resolution", async () => {
    const empathy = await openOne("empathy");
    const bad = await resolveAs("leadA", empathy.id, { decision: "maybe", score: 9 });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().error.details.issues as { path: string[] }[]).map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["body.decision", "body.score", "body.note"]));
    const noScore = await resolveAs("leadA", empathy.id, { decision: "change", note: "Fair" });
    expect(noScore.statusCode).toBe(400);
    expect(noScore.json().error.message).toMatch(/score: is required: the new empathy score/);
    const upheldWithScore = await resolveAs("leadA", empathy.id, {
      decision: "uphold",
      score: 2,
      note: "No",
    });
    expect(upheldWithScore.statusCode).toBe(400);
    const whole = await openOne(null);
    const noItems = await resolveAs("leadA", whole.id, { decision: "change", score: 3, note: "Fair" });
    expect(noItems.statusCode).toBe(400);
    expect(noItems.json().error.message).toMatch(/items: is required for a dispute of the whole card/);
    const same = await resolveAs("leadA", empathy.id, {
      decision: "change",
      score: empathy.disputedScore,
      note: "Same",
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.message).toMatch(/uphold it instead/);
    expect((await openOne("empathy")).status).toBe("open");
  });

  it("only a lead of the team resolves it", async () => {
    const empathy = await openOne("empathy");
    const body = { decision: "uphold", note: "Stands" };
    expect((await resolveAs("agentA", empathy.id, body)).statusCode).toBe(403);
    expect((await resolveAs("peerA", empathy.id, body)).statusCode).toBe(404);
    expect((await resolveAs("agentB", empathy.id, body)).statusCode).toBe(404);
    expect((await resolveAs("leadB", empathy.id, body)).statusCode).toBe(404);
    expect((await resolveAs("leadA", "00000000-0000-4000-8000-000000000000", body)).statusCode).toBe(404);
    expect((await openOne("empathy")).status).toBe("open");
  });

  it("changing the score updates the card, the skill map and the audit log, and tells the agent", async () => {
    const empathy = await openOne("empathy");
    const before = await cardAs("leadA");
    const r = await resolveAs("leadA", empathy.id, {
      decision: "change",
      score: 4,
      note: "You did acknowledge it: tagteam missed those words.",
    });
    expect(r.statusCode, r.body).toBe(200);
    const { dispute, scorecard } = r.json() as { dispute: ScorecardDispute; scorecard: Scorecard };
    expect(dispute).toMatchObject({
      status: "changed",
      changedScores: { empathy: 4 },
      resolvedById: world.people.leadA.id,
      resolvedByName: world.people.leadA.displayName,
      resolutionNote: "You did acknowledge it: tagteam missed those words.",
    });
    expect(scorecard.items.find((i) => i.item === "empathy")).toMatchObject({ override: 4, score: 4 });
    expect(scorecard.reviewed).toBe(true);
    expect(scorecard.overall).not.toBe(before.overall);
    // The agent sees the outcome on their card.
    const mine = await cardAs("agentA");
    expect(mine.items.find((i) => i.item === "empathy")?.score).toBe(4);
    expect(mine.disputes?.find((d) => d.id === empathy.id)?.status).toBe("changed");
    // The skill map reads the card's score.
    const skills = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people/${world.people.agentA.id}`,
      as: "leadA",
    });
    expect(skills.statusCode, skills.body).toBe(200);
    const example = (skills.json().skillMap as SkillMap).skills
      .find((s) => s.skill === "empathy")
      ?.examples.find((e) => e.conversationId === conversationId);
    expect(example?.value).toBe(100);
    // So do the agent's numbers (their only card here: its overall is their average).
    const numbers = await world.inject({
      method: "GET",
      // The factories' messages are dated March 2026.
      url: `/api/v1/numbers/people/${world.people.agentA.id}?since=2026-02-01T00:00:00Z&until=2026-04-01T00:00:00Z`,
      as: "agentA",
    });
    expect(numbers.statusCode, numbers.body).toBe(200);
    expect(numbers.json().total.scorecards).toEqual({ count: 1, averageOverall: scorecard.overall });
    // Recorded in the audit log.
    const audit = await world.inject({
      method: "GET",
      url: "/api/v1/audit?action=scorecard.dispute_resolved",
      as: "admin",
    });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().entries[0]).toMatchObject({
      action: "scorecard.dispute_resolved",
      actor: { id: world.people.leadA.id },
      target: { type: "conversation", id: conversationId },
      details: {
        disputeId: empathy.id,
        decision: "changed",
        from: empathy.disputedScore,
        to: { empathy: 4 },
      },
    });
    // Told in the agent's room (and the lead's, whose queue changes); no one else's.
    const told = (await disputeEvents()).filter((e) => e.type === "scorecard.dispute_resolved");
    expect(told.map((e) => e.to).sort()).toEqual([world.people.agentA.id, world.people.leadA.id].sort());
    expect(told[0]?.data).toMatchObject({ disputeId: empathy.id, status: "changed" });
    // Resolved once: a second resolution is a conflict.
    const again = await resolveAs("leadA", empathy.id, { decision: "uphold", note: "Again" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already resolved \(changed\)/);
  });

  it("upholding keeps the score; the whole card takes items", async () => {
    const habits = await openOne("habits");
    const before = await cardAs("leadA");
    const r = await resolveAs("leadA", habits.id, {
      decision: "uphold",
      note: "No update while they waited.",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dispute.status).toBe("upheld");
    expect(r.json().scorecard.overall).toBe(before.overall);
    const whole = await openOne(null);
    const changed = await resolveAs("admin", whole.id, {
      decision: "change",
      items: { clear_next_steps: 4, ownership: 4 },
      note: "The replacement and the tracking e-mail were clear.",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const card = changed.json().scorecard as Scorecard;
    expect(card.items.find((i) => i.item === "empathy")?.score).toBe(4);
    expect(card.items.find((i) => i.item === "ownership")?.score).toBe(4);
    expect(await listAs("leadA")).toMatchObject({ open: 0, disputes: [] });
    expect((await listAs("agentA", "?status=resolved")).disputes.map((d) => d.status)).toEqual([
      "changed",
      "upheld",
      "changed",
    ]);
    // Resolved, an item may be disputed again.
    expect((await disputeAs("agentA", { item: "habits", reason: "Still wrong" })).statusCode).toBe(201);
  });
});

describe("a helper's own card", () => {
  it("is disputed by the helper, not by the conversation's agent, and resolved on the helper's card", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const id = await postScript(
      world,
      token,
      { name: "dispute-helper", topic: "returns", customer: "Jordan Blake" },
      [
        ["customer", "My parcel never came and I'm upset."],
        ["agentA", "Let me check that for you."],
      ],
    );
    await acceptedTakeover(world, id, "peerA", "I know this one, shall I take it?");
    await postScript(
      world,
      token,
      { name: "dispute-helper", topic: "returns", customer: "Jordan Blake" },
      [
        ["peerA", "I'm so sorry, Jordan. I'll send a new parcel today and email the tracking by Friday."],
        ["customer", "Thanks."],
      ],
      2,
    );
    expect(
      (await world.inject({ method: "POST", url: `/api/v1/conversations/${id}/close`, as: "peerA" }))
        .statusCode,
    ).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const url = `/api/v1/conversations/${id}/scorecard/disputes`;
    const r = await world.inject({
      method: "POST",
      url,
      as: "peerA",
      payload: { item: "ownership", reason: "I promised the parcel and the tracking." },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().dispute).toMatchObject({ personId: world.people.peerA.id, cardRole: "helper" });
    // The agent's own card is theirs to dispute, the helper's dispute is not on it.
    const agentCard = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${id}/scorecard`,
      as: "agentA",
    });
    expect(agentCard.json().scorecard.disputes).toEqual([]);
    const resolved = await resolveAs("leadA", r.json().dispute.id, {
      decision: "change",
      score: 4,
      note: "Agreed.",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().scorecard).toMatchObject({ role: "helper", agentId: world.people.peerA.id });
    const helperCard = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${id}/scorecard?personId=${world.people.peerA.id}`,
      as: "peerA",
    });
    expect(
      helperCard.json().scorecard.items.find((i: { item: string }) => i.item === "ownership")?.score,
    ).toBe(4);
    expect(helperCard.json().scorecard.disputes[0]).toMatchObject({ status: "changed" });
    // The agent's card is untouched.
    expect(
      (
        await world.inject({ method: "GET", url: `/api/v1/conversations/${id}/scorecard`, as: "agentA" })
      ).json().scorecard.reviewed,
    ).toBe(false);
  });
});

describe("disputing an item tagteam did not score", () => {
  it("says the item was n/a, not the engine's placeholder score", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const calm = await postScript(
      world,
      token,
      { name: "dispute-calm", topic: "orders", customer: "Jordan Blake" },
      [
        ["customer", "Hi, when does order 5521 ship?"],
        ["agentA", "Hi Jordan, it ships tomorrow morning."],
        ["customer", "Great, thanks."],
      ],
    );
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${calm}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const card = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${calm}/scorecard`,
      as: "agentA",
    });
    expect(card.statusCode, card.body).toBe(200);
    const empathy = (card.json().scorecard as Scorecard).items.find((i) => i.item === "empathy");
    // The card reads "n/a" there (nothing upset the customer).
    expect(empathy).toMatchObject({ applicable: false, override: null });
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${calm}/scorecard/disputes`,
      as: "agentA",
      payload: { item: "empathy", reason: "I greeted them by name and kept it warm." },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((r.json().dispute as ScorecardDispute).disputedScore).toBeNull();
  });
});
