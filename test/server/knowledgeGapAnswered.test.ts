/**
 * A knowledge gap a published fact answers leaves the open list, answered by that fact. "Do you
 * ship to PO boxes?" stayed on the Knowledge page after a lead published the fact answering it
 * from the same conversation; they had to mark it resolved by hand. Now publishing the fact (from
 * a conversation's insight, or an admin's by hand) resolves the gaps it answers, and every asking
 * of the same question, and nothing else: not "Do you ship to Canada?", not "Can I return a
 * box?", not the conversation's other question. Over in-process HTTP against a real (PGlite) store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gapsAnsweredBy } from "../../src/server/loop2/gapAnswers.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type ScriptLine, type World } from "./factories.ts";

let world: World;
type Gap = { id: string; conversationId: string; question: string; answeredByFactId: string | null };

const HEDGE = "Hmm, I'm not sure, maybe? I don't really know.";
const conversations: Record<string, readonly ScriptLine[]> = {
  poBox: [
    ["customer", "Do you ship to PO boxes?"],
    ["agentA", HEDGE],
    ["customer", "And when will my refund arrive?"],
    ["agentA", HEDGE],
  ],
  poBoxAgain: [
    ["customer", "Hi, do you ship to PO boxes please?"],
    ["agentA", HEDGE],
  ],
  canada: [
    ["customer", "Do you ship to Canada?"],
    ["agentA", HEDGE],
  ],
  returnBox: [
    ["customer", "Can I return a box of tea I opened?"],
    ["agentA", HEDGE],
  ],
};
const ids: Record<string, string> = {};
let ingestToken: string;

/** Posts a shipping conversation and closes it as the lead; its id (loop 2 reads it on catchUp). */
async function postAndClose(
  name: string,
  lines: readonly ScriptLine[],
  customer = "Maya Lopez",
): Promise<string> {
  const id = await postScript(world, ingestToken, { name, topic: "shipping", customer }, lines);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  return id;
}

/** The lead writes an insight from the conversation and publishes it: the fact's id. */
async function publishInsight(
  conversationId: string,
  insight: { text: string; key: string; value: unknown },
): Promise<string> {
  const captured = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/insights`,
    as: "leadA",
    payload: insight,
  });
  expect(captured.statusCode, captured.body).toBe(201);
  const published = await world.inject({
    method: "POST",
    url: `/api/v1/insights/${captured.json().insight.id}/review`,
    as: "leadA",
    payload: { decision: "publish" },
  });
  expect(published.statusCode, published.body).toBe(200);
  return published.json().insight.factId as string;
}

/** An admin adds a fact for team A by hand: its id. */
async function addFact(fact: Record<string, unknown>): Promise<string> {
  const made = await world.inject({
    method: "POST",
    url: "/api/v1/knowledge/facts",
    as: "admin",
    payload: { teamId: world.teams.a, ...fact },
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().fact.id as string;
}

async function listFacts(): Promise<{ id: string; statement: string }[]> {
  return (await world.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "leadA" })).json().facts;
}

beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
  for (const [name, lines] of Object.entries(conversations)) ids[name] = await postAndClose(name, lines);
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

async function gaps(status: "open" | "resolved"): Promise<Gap[]> {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/knowledge/gaps?status=${status}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().gaps;
}
const asked = (list: Gap[]) => list.map((g) => g.question).sort();

describe("a published fact answers the knowledge gaps it is about", () => {
  it("lists every question the agents hedged on, to begin with", async () => {
    expect(asked(await gaps("open"))).toEqual(
      [
        "And when will my refund arrive?",
        "Can I return a box of tea I opened?",
        "Do you ship to Canada?",
        "Do you ship to PO boxes?",
        "Hi, do you ship to PO boxes please?",
      ].sort(),
    );
  });

  it("a lead's fact from the conversation resolves its question and its other askings, nothing else", async () => {
    const factId = await publishInsight(ids.poBox!, {
      text: "We don't ship to PO boxes: the courier needs a street address.",
      key: "ships_to_po_boxes",
      value: false,
    });
    expect(factId).toEqual(expect.any(String));

    expect(asked(await gaps("open"))).toEqual(
      [
        "And when will my refund arrive?",
        "Can I return a box of tea I opened?",
        "Do you ship to Canada?",
      ].sort(),
    );
    const answered = (await gaps("resolved")).filter((g) => g.answeredByFactId === factId);
    expect(asked(answered)).toEqual(
      ["Do you ship to PO boxes?", "Hi, do you ship to PO boxes please?"].sort(),
    );
    // The way back: the fact that answered it.
    expect((await listFacts()).find((f) => f.id === factId)?.statement).toContain("PO boxes");
  });

  it("an admin's fact by hand resolves the gap it names, not a near miss", async () => {
    const factId = await addFact({
      topic: "shipping",
      statement: "We ship to Canada; delivery takes 5 to 8 business days.",
      key: "canada_delivery_days",
      value: 8,
      unit: "days",
    });
    expect(asked(await gaps("open"))).toEqual(
      ["And when will my refund arrive?", "Can I return a box of tea I opened?"].sort(),
    );
    expect(
      (await gaps("resolved")).find((g) => g.question === "Do you ship to Canada?")?.answeredByFactId,
    ).toBe(factId);
  });

  it("a gap resolved by hand names no fact", async () => {
    const [open] = await gaps("open");
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/knowledge/gaps/${open?.id}/resolve`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().gap).toMatchObject({ status: "resolved", answeredByFactId: null });
  });
});

describe("a gap recorded after a published fact answers it", () => {
  /** Posts and closes one conversation (the customer asks, the agent hedges), read by loop 2; its id. */
  async function ask(name: string, question: string): Promise<string> {
    const id = await postAndClose(name, [
      ["customer", question],
      ["agentA", HEDGE],
    ]);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    return id;
  }
  const of = async (conversationId: string, status: "open" | "resolved") =>
    (await gaps(status)).filter((g) => g.conversationId === conversationId);
  /** The facts that answered the conversation's resolved gaps. */
  const answeredBy = async (conversationId: string) =>
    (await of(conversationId, "resolved")).map((g) => g.answeredByFactId);
  /** The conversation's one gap was recorded answered by this fact, none left open. */
  async function expectAnsweredBy(conversationId: string, factId: string | undefined): Promise<void> {
    expect(await of(conversationId, "open")).toEqual([]);
    expect(await answeredBy(conversationId)).toEqual([factId]);
  }

  it("is recorded answered by the fact that names it, or that answered the same question", async () => {
    const poBoxFact = (await listFacts()).find((f) => f.statement.includes("PO boxes"))?.id;
    expect(poBoxFact).toEqual(expect.any(String));

    // Its key words are in the fact (ship, box).
    const named = await ask("poBoxLater", "Can you ship to a PO box?");
    // The very question the fact answered before, asked again.
    const same = await ask("poBoxSame", "Do you ship to PO boxes?");
    for (const id of [named, same]) await expectAnsweredBy(id, poBoxFact);
  });

  it("answers the same question as a fact of its conversation answered, where its words alone would not", async () => {
    const source = await ask("paypal", "Can I pay for express shipping with PayPal?");
    const factId = await publishInsight(source, {
      text: "Express shipping can be paid with PayPal.",
      key: "express_paypal",
      value: true,
    });
    expect(await answeredBy(source)).toEqual([factId]);

    const later = await ask("paypalLater", "Hi, can I pay for express shipping with PayPal please?");
    await expectAnsweredBy(later, factId);
  });

  it("answers another wording of a question a fact answered: 'what's the return window?' after 'how long…'", async () => {
    const source = await ask("returnWindow", "How long is the return window?");
    const factId = await publishInsight(source, {
      text: "The return window is 30 days.",
      key: "return_window_days",
      value: 30,
    });
    expect(await answeredBy(source)).toEqual([factId]);

    // Its key words alone ("what's", return, window) are not all in the fact: it is the same question.
    const reworded = await ask("returnWindowReworded", "What's the return window?");
    await expectAnsweredBy(reworded, factId);
  });

  it("is answered by the fact the engine checked the agent's guess against", async () => {
    const factId = await addFact({
      topic: "shipping",
      statement: "Shipping is free on orders over $50.",
      key: "free_shipping_threshold",
      value: 50,
      unit: "USD",
    });
    const post = (name: string, lines: readonly ScriptLine[]) => postAndClose(name, lines, "Marta Kowalski");
    // "pay" is in no fact, but the agent's guess contradicts this one: the knowledge base knew.
    const guessed = await post("freeShippingGuess", [
      ["customer", "Do I have to pay for shipping on a $60 order?"],
      ["agentA", "I think free shipping might start at $75, maybe, I'm not completely sure."],
    ]);
    // The same hedge with nothing the engine could check: still a gap.
    const unchecked = await post("giftWrapGuess", [
      ["customer", "Do I have to pay for gift wrapping on a $60 order?"],
      ["agentA", "I think gift wrapping might be included, maybe, I'm not completely sure."],
    ]);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    await expectAnsweredBy(guessed, factId);
    expect((await of(unchecked, "open")).map((g) => g.question)).toEqual([
      "Do I have to pay for gift wrapping on a $60 order?",
    ]);
  });

  it("stays open when no fact names all its key words, or only a redacted detail's kind does", async () => {
    await addFact({
      topic: "delivery",
      statement: "You can change the delivery address in your account settings.",
      key: "address_change_self_service",
      value: true,
    });
    const nearMisses = {
      mexico: "Do you ship to Mexico?",
      returnBox: "Can I return a box of tea I opened?",
      // Redacted to "Can I change it to [ADDRESS]?": "address" is the customer's, not a key word.
      movedTo: "Can I change it to 14 Baker Street, London?",
      paypalRefund: "Can I get a refund to PayPal?",
    };
    for (const [name, question] of Object.entries(nearMisses)) {
      const id = await ask(`nearMiss-${name}`, question);
      expect((await of(id, "open")).length, question).toBe(1);
      expect(await of(id, "resolved"), question).toEqual([]);
    }
  });
});

describe("which gaps a fact answers (near misses)", () => {
  const gap = (id: string, question: string, topic: string, conversationId = "c1", teamId = "t1") => ({
    id,
    orgId: "o",
    teamId,
    conversationId,
    question,
    questionIndex: 0,
    topic,
    reason: "hedged" as const,
    status: "open" as const,
    answeredByFactId: null,
    createdAt: 0,
  });
  const fact = (statement: string, key: string | null, teamId: string | null = "t1", source = "c1") => ({
    teamId,
    statement,
    topic: null,
    key,
    sourceConversationId: source,
  });
  const poBox = gap("g1", "Do you ship to PO boxes?", "ship box");

  it("a fact of the same conversation sharing one word of two is no answer", () => {
    expect(gapsAnsweredBy(fact("Orders ship within 2 days.", "shipping_days"), [poBox])).toEqual([]);
    expect(gapsAnsweredBy(fact("Shipping to a PO box costs $5.", "po_box_shipping_fee"), [poBox])).toEqual([
      "g1",
    ]);
  });

  it("answers only its own team's gaps, every team's for an organisation-wide fact", () => {
    const other = gap("g2", "Do you ship to PO boxes?", "ship box", "c2", "t2");
    const statement = "We don't ship to PO boxes.";
    expect(gapsAnsweredBy(fact(statement, null, "t1", "c9"), [poBox, other])).toEqual(["g1"]);
    expect(gapsAnsweredBy(fact(statement, null, null, "c9"), [poBox, other]).sort()).toEqual(["g1", "g2"]);
  });

  it("reads a gap's key words from its question, without a redaction placeholder's kind", () => {
    // Stored before placeholders were left out of key words: "address" stood for "[ADDRESS]".
    const moved = gap("g4", "Can I change it to [ADDRESS]?", "change address", "c4");
    const address = fact(
      "You can change the delivery address in your account.",
      "address_change",
      "t1",
      "c9",
    );
    expect(gapsAnsweredBy(address, [moved])).toEqual([]);
  });

  it("needs two key words to answer another conversation's gap", () => {
    const refund = gap("g3", "Refund?", "refund", "c3");
    expect(gapsAnsweredBy(fact("A refund takes 5 days.", "refund_days", "t1", "c9"), [refund])).toEqual([]);
  });
});
