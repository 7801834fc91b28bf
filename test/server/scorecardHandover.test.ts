/**
 * A QA scorecard is about its agent's own handling. Through the real pipeline (ingest over HTTP, a
 * takeover or warm transfer through the API, close, loop 2's processor, PGlite): after a teammate
 * takes the conversation over, their lines (and what the customer said to them) are not scored as
 * the agent's, the card says who took over from which line, and the skill map, which counts a line
 * for whoever wrote it, agrees with the card.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scorecard, SkillMap } from "../../src/protocol/index.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { Loop2Processor } from "../../src/server/loop2/processor.ts";
import { acceptedTakeover, createWorld, postScript, type World } from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

type Who = "customer" | "agentA" | "peerA";
const CUSTOMER = "Jordan Blake";

/** Aaron struggles (defensive, blames the warehouse, hedges, never uses the name); Petra then does it all well. */
const BEFORE: [Who, string][] = [
  ["customer", "Hi, my order #7781 arrived broken and I'm really upset about it."],
  [
    "agentA",
    "Well, that's not my fault, the warehouse team packs the orders, maybe it's something on their side.",
  ],
  ["customer", "I don't care whose fault it is. I want this fixed! This is ridiculous."],
  ["agentA", "I'm not sure what I can do, maybe you could try again later, I guess."],
];
const AFTER: [Who, string][] = [
  [
    "peerA",
    "Hi Jordan, I'm so sorry the order arrived broken, I understand how frustrating that is. So the package came damaged and you want a working one.",
  ],
  ["customer", "Yes, exactly. Thank you for listening."],
  [
    "peerA",
    "I'll send a replacement today, Jordan, and you will get the tracking number by email by Friday. Is there anything else I can help with?",
  ],
  ["customer", "No, that's all. Thanks!"],
];

const post = (name: string, lines: [Who, string][], offset: number): Promise<string> =>
  postScript(world, ingestToken, { name, topic: "returns", customer: CUSTOMER }, lines, offset);

/** The conversation up to Aaron's part, handed to Petra by `handOver`, Petra's part, closed and processed. */
async function handedOver(name: string, handOver: (conversationId: string) => Promise<void>) {
  const conversationId = await post(name, BEFORE, 0);
  await handOver(conversationId);
  await post(name, AFTER, BEFORE.length);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "peerA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationId}/scorecard`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  const transcript = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationId}`,
    as: "leadA",
  });
  expect(transcript.statusCode, transcript.body).toBe(200);
  const lines = (
    transcript.json().conversation.messages as { index: number; role: string; text: string }[]
  ).filter((m) => m.role === "agent" || m.role === "customer");
  return { conversationId, card: r.json().scorecard as Scorecard, lines };
}

const evidenceOf = (card: Scorecard) =>
  card.items.flatMap((i) => i.evidence.map((e) => ({ ...e, item: i.item })));

/** The takeover's conversation (the scorecard's and the debriefs' tests below read it). */
let result: Awaited<ReturnType<typeof handedOver>>;

describe("a scorecard after a takeover", () => {
  beforeAll(async () => {
    result = await handedOver("takeover-1", async (conversationId) => {
      await acceptedTakeover(world, conversationId, "peerA", "I know this one, shall I take it?");
    });
  });

  it("stays the original agent's card and says who took over, how, and from which line", () => {
    const { card, lines } = result;
    expect(card.agentId).toBe(world.people.agentA.id);
    const petraFirst = lines.find((l) => l.text.startsWith("Hi Jordan"));
    expect(petraFirst).toBeDefined();
    expect(card.scope).toEqual({
      agentLines: 2,
      customerLines: 2,
      excludedLines: 4,
      handover: {
        index: petraFirst?.index,
        personId: world.people.peerA.id,
        personName: world.people.peerA.displayName,
        kind: "takeover",
        at: expect.any(String),
      },
    });
  });

  it("scores none of the helper's lines, nor the customer's lines to the helper, as the agent's", () => {
    const { card } = result;
    const handoverAt = card.scope?.handover?.index ?? -1;
    const evidence = evidenceOf(card);
    expect(evidence.length).toBeGreaterThan(0);
    // Every piece of evidence is from Aaron's part of the conversation.
    expect(evidence.filter((e) => e.index >= handoverAt)).toEqual([]);
    // Petra used the name, showed empathy and paraphrased; Aaron did none of it.
    expect(evidence.filter((e) => e.polarity === "good").map((e) => e.cueKind)).not.toContain(
      "customer_name",
    );
    expect(evidence.map((e) => e.cueKind)).not.toContain("empathy");
    expect(evidence.map((e) => e.cueKind)).not.toContain("paraphrase");
    // Aaron's own defensiveness is what the card holds against him.
    expect(evidence.filter((e) => e.polarity === "bad").length).toBeGreaterThan(0);
    const listening = card.items.find((i) => i.item === "active_listening");
    expect(listening?.note).toMatch(/^No paraphrases, did not use the customer's name/);
  });

  it("agrees with the skill map, which counts a line for whoever wrote it", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people/${world.people.agentA.id}`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    const map = r.json().skillMap as SkillMap;
    const valueIn = (skill: string) =>
      map.skills
        .find((s) => s.skill === skill)
        ?.examples.find((e) => e.conversationId === result.conversationId)?.value;
    // The skill map's cue skills read Aaron's lines only: no name used, defensive.
    expect(valueIn("uses_name")).toBe(0);
    expect(valueIn("no_defensiveness")).toBe(0);
    // Its QA skills come from the card, which now scores the same lines: Aaron's empathy is not Petra's.
    const empathy = result.card.items.find((i) => i.item === "empathy");
    expect(empathy?.score).toBeLessThan(2);
    expect(valueIn("empathy")).toBe(((empathy?.score ?? 0) / 4) * 100);
  });
});

describe("the helper's own scorecard after a takeover", () => {
  const helperCard = (as: "leadA" | "peerA" | "agentA" | "leadB") =>
    world.inject({
      method: "GET",
      url: `/api/v1/conversations/${result.conversationId}/scorecard?personId=${world.people.peerA.id}`,
      as,
    });

  it("scores the helper's part: her lines and the customer's to her, none of the agent's", async () => {
    const r = await helperCard("leadA");
    expect(r.statusCode, r.body).toBe(200);
    const card = r.json().scorecard as Scorecard;
    expect(card).toMatchObject({ role: "helper", agentId: world.people.peerA.id });
    expect(card.scope).toMatchObject({ agentLines: 2, customerLines: 2, excludedLines: 4 });
    const handoverAt = card.scope?.handover?.index ?? Infinity;
    const evidence = evidenceOf(card);
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.filter((e) => e.index < handoverAt)).toEqual([]);
    // Petra's empathy and use of the name are hers; Aaron's defensiveness is not held against her.
    expect(evidence.map((e) => e.cueKind)).toContain("empathy");
    expect(evidence.filter((e) => e.polarity === "bad").map((e) => e.cueKind)).not.toContain("defensiveness");
    // The agent's card is still the one asked for without a person, and differs.
    expect(result.card.role).toBe("agent");
    expect(card.overall).toBeGreaterThan(result.card.overall ?? 0);
  });

  it("is listed for the helper and the team's lead, beside the agent's card, and read by them only", async () => {
    const listOf = async (as: "leadA" | "peerA") =>
      (
        (await world.inject({ method: "GET", url: "/api/v1/scorecards", as })).json()
          .scorecards as Scorecard[]
      )
        .filter((c) => c.conversationId === result.conversationId)
        .map((c) => [c.role, c.agentId]);
    expect(await listOf("leadA")).toEqual([
      ["agent", world.people.agentA.id],
      ["helper", world.people.peerA.id],
    ]);
    expect(await listOf("peerA")).toEqual([["helper", world.people.peerA.id]]);
    expect((await helperCard("peerA")).statusCode).toBe(200);
    expect((await helperCard("agentA")).statusCode).toBe(404);
    expect((await helperCard("leadB")).statusCode).toBe(404);
  });

  it("is reviewed like the agent's, without touching the agent's card", async () => {
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${result.conversationId}/scorecard/review`,
      as: "leadA",
      payload: { personId: world.people.peerA.id, items: { empathy: 4 }, note: "Calm and clear." },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().scorecard).toMatchObject({
      role: "helper",
      reviewed: true,
      reviewNote: "Calm and clear.",
    });
    expect((await helperCard("peerA")).json().scorecard.reviewed).toBe(true);
    const agentCard = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${result.conversationId}/scorecard`,
      as: "leadA",
    });
    expect(agentCard.json().scorecard).toMatchObject({ role: "agent", reviewed: false });
    // Processing the close again changes neither card.
    await loop2ProcessorOf(world.app.ctx).catchUp();
    expect((await helperCard("peerA")).json().scorecard.reviewNote).toBe("Calm and clear.");
  });
});

describe("the debriefs after a takeover", () => {
  type Card = { personId: string; role: string; wentWell: string[]; tricky: string[]; tryNext: string };
  const cardOf = async (as: "agentA" | "peerA") => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/debriefs?conversationId=${result.conversationId}`,
      as,
    });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().debriefs as Card[]).find((d) => d.personId === world.people[as].id);
  };

  it("drafts the agent's card from the agent's part: none of the helper's lines, nor the customer's thanks to the helper", async () => {
    const card = await cardOf("agentA");
    expect(card?.role).toBe("agent");
    const text = JSON.stringify(card);
    // Petra named the feeling, paraphrased, used the name, made the promise; the customer thanked her.
    expect(text).not.toMatch(
      /named how the customer felt|checked you had understood|used the customer's name/,
    );
    expect(text).not.toMatch(/clear commitment|left satisfied/);
    // Aaron's own lines are what his card is about.
    expect(card?.tricky.join(" ")).toMatch(/defensive|blame|unsure/);
  });

  it("drafts the helper's card from their step-in and their own lines to the customer", async () => {
    const card = await cardOf("peerA");
    expect(card?.role).toBe("helper");
    expect(card?.wentWell.join(" ")).toMatch(
      /named how the customer felt|checked you had understood|clear commitment/,
    );
    // Nothing of Aaron's handling is put down to her.
    expect(JSON.stringify(card)).not.toMatch(/defensive|got the blame|sounded unsure/);
  });
});

describe("a card scored before it scored the agent's part only", () => {
  it("is re-scored once at start to the agent's part, keeps the lead's review, and the helper gets a card", async () => {
    const { conversationId } = await handedOver("old-card-1", async (id) => {
      await acceptedTakeover(world, id, "peerA", "Shall I take it?");
    });
    // As such a card was stored: every line scored (no scope), and no card for the helper.
    await world.store.query(
      `UPDATE scorecards SET auto = jsonb_set(auto - 'scope', '{overall}', '3.9'), auto_overall = 3.9
       WHERE conversation_id = $1 AND role = 'agent'`,
      [conversationId],
    );
    await world.store.query("DELETE FROM scorecards WHERE conversation_id = $1 AND role = 'helper'", [
      conversationId,
    ]);
    const review = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/scorecard/review`,
      as: "leadA",
      payload: { items: { empathy: 3 }, note: "Kept by the lead." },
    });
    expect(review.statusCode, review.body).toBe(200);
    const agentCard = async () =>
      (
        await world.inject({
          method: "GET",
          url: `/api/v1/conversations/${conversationId}/scorecard`,
          as: "leadA",
        })
      ).json().scorecard as Scorecard;
    expect((await agentCard()).scope).toBeNull();

    // A start: the processor's first pass.
    await new Loop2Processor(world.app.ctx).catchUp();
    const card = await agentCard();
    expect(card.scope).toMatchObject({ agentLines: 2, excludedLines: 4 });
    expect(card.autoOverall).not.toBe(3.9);
    // The lead's review stays: their score, their note, and the card says it was re-scored since.
    expect(card.items.find((i) => i.item === "empathy")?.override).toBe(3);
    expect(card).toMatchObject({
      reviewed: true,
      reviewNote: "Kept by the lead.",
      rescoredAfterReview: true,
    });
    const helper = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/scorecard?personId=${world.people.peerA.id}`,
      as: "leadA",
    });
    expect(helper.statusCode, helper.body).toBe(200);
    expect(helper.json().scorecard.role).toBe("helper");

    // Once: another start changes nothing.
    const [before] = await world.store.query(
      "SELECT auto, rescored_at FROM scorecards WHERE conversation_id = $1 AND role = 'agent'",
      [conversationId],
    );
    await new Loop2Processor(world.app.ctx).catchUp();
    const [after] = await world.store.query(
      "SELECT auto, rescored_at FROM scorecards WHERE conversation_id = $1 AND role = 'agent'",
      [conversationId],
    );
    expect(after).toEqual(before);
  });
});

describe("a scorecard after a warm transfer", () => {
  it("scores the agent's part up to the transfer and names the receiver", async () => {
    const { card, lines } = await handedOver("transfer-1", async (conversationId) => {
      const r = await world.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/transfer`,
        as: "agentA",
        payload: { toPersonId: world.people.peerA.id, note: "Broken order, wants a replacement" },
      });
      expect(r.statusCode, r.body).toBe(201);
    });
    expect(card.agentId).toBe(world.people.agentA.id);
    expect(card.scope?.handover).toMatchObject({
      index: lines.find((l) => l.text.startsWith("Hi Jordan"))?.index,
      personId: world.people.peerA.id,
      kind: "transfer",
    });
    expect(card.scope?.excludedLines).toBe(4);
    const handoverAt = card.scope?.handover?.index ?? -1;
    expect(evidenceOf(card).filter((e) => e.index >= handoverAt)).toEqual([]);
  });
});

describe("a scorecard nobody took over", () => {
  it("scores every line and says nothing of a handover", async () => {
    const conversationId = await post("alone-1", BEFORE, 0);
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/scorecard`,
      as: "agentA",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().scorecard.scope).toEqual({
      agentLines: 2,
      customerLines: 2,
      excludedLines: 0,
      handover: null,
    });
  });
});
