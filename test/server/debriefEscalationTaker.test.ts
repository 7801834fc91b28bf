/**
 * A lead who took on an escalation took part in the conversation, though they never wrote to the
 * customer: they get a debrief card that fits what they did. Walking loop 1: Lee took Ana's
 * escalation, Ana saw it through, and only Ana had a card.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type World } from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

interface Card {
  personId: string;
  role: string;
  wentWell: string[];
  tricky: string[];
  tryNext: string;
}

async function closeAndReadCards(id: string): Promise<Card[]> {
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  const read = await world.inject({
    method: "GET",
    url: `/api/v1/debriefs?conversationId=${id}`,
    as: "leadA",
  });
  expect(read.statusCode, read.body).toBe(200);
  return read.json().debriefs as Card[];
}

/**
 * A billing chat with Rosa: she asks for a refund, Aaron (agentA) escalates it to his lead, and
 * `taker` takes it on. The script (to post more lines) and the acknowledge's answer.
 */
async function escalatedAndTaken(name: string, taker: "leadA" | "admin") {
  const script = { name, topic: "billing", customer: "Rosa Delgado" };
  const id = await postScript(world, ingestToken, script, [
    ["customer", "You charged me twice for my order and I want my money back today."],
    ["agentA", "I'm sorry about that. I can't issue refunds myself, let me get my lead."],
  ]);
  const escalated = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/escalate`,
    as: "agentA",
    payload: { reason: "Refund beyond my authority" },
  });
  expect(escalated.statusCode, escalated.body).toBe(201);
  const escalation = escalated.json().intervention as { id: string; toId: string | null };
  expect(escalation.toId).toBe(world.people.leadA.id);
  const taken = await world.inject({
    method: "POST",
    url: `/api/v1/interventions/${escalation.id}/acknowledge`,
    as: taker,
    payload: {},
  });
  expect(taken.statusCode, taken.body).toBe(200);
  return { id, script, taken: taken.json().intervention as { toId: string | null } };
}

/** Aaron tells Rosa her refund was approved, and she thanks him. */
async function refundApproved(
  script: Awaited<ReturnType<typeof escalatedAndTaken>>["script"],
): Promise<void> {
  await postScript(
    world,
    ingestToken,
    script,
    [
      ["agentA", "My lead approved the refund: you'll see it on your card within 3 days."],
      ["customer", "Great, thank you."],
    ],
    2,
  );
}

describe("the debrief of a lead who took on an escalation", () => {
  it("is written though they never wrote to the customer, and says what they did", async () => {
    const { id, script } = await escalatedAndTaken("debrief-escalation-taker", "leadA");
    await refundApproved(script);
    const cards = await closeAndReadCards(id);
    const lead = cards.find((c) => c.personId === world.people.leadA.id);
    expect(lead, JSON.stringify(cards)).toBeDefined();
    expect(lead!.role).toBe("helper");
    expect(lead!.wentWell.join(" ")).toMatch(
      /^You took on the escalation (within a minute|\d+ min after it was raised)\./,
    );
    // Nothing of a step-in they did not make: no "still needed a supervisor", no "try a whisper first".
    const text = [...lead!.wentWell, ...lead!.tricky, lead!.tryNext].join(" ");
    expect(text).not.toMatch(/still needed a supervisor|Try a whisper first|No step-in was recorded/);
    // ("the agent" reads "the [PERSON]" here: the world's agent is called Aaron Agent.)
    expect(lead!.tricky.join(" ")).toMatch(
      /You did not write to the customer: the .+ saw it through after you took it on\./,
    );
    expect(cards.find((c) => c.personId === world.people.agentA.id)).toBeDefined();
  });

  // A lead who took the escalation and then whispered to the agent got only the whisperer's card:
  // nothing of having taken it on.
  it("who also whispered is one card naming both: taking it on, and the whisper", async () => {
    const { id, script } = await escalatedAndTaken("debrief-escalation-taker-whispered", "leadA");
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "leadA",
      payload: { kind: "whisper", text: "Approve the refund: I've signed it off." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    await refundApproved(script);
    const cards = await closeAndReadCards(id);
    const leads = cards.filter((c) => c.personId === world.people.leadA.id);
    expect(leads, JSON.stringify(cards)).toHaveLength(1);
    const lead = leads[0]!;
    expect(lead.role).toBe("helper");
    expect(lead.wentWell[0]).toMatch(
      /^You took on the escalation (within a minute|\d+ min after it was raised)\./,
    );
    expect(lead.wentWell.join(" ")).toContain(
      'You started low on the ladder with a whisper ("Approve the refund: I\'ve signed it off.")',
    );
    // They did tell the agent what happens next: the card does not say they left it to the agent.
    expect(lead.tricky.join(" ")).not.toContain("You did not write to the customer");
    expect(lead.tryNext).not.toMatch(/^When you take on an escalation, tell the agent what happens next/);
  });

  it("goes to whoever took it on, not the lead it was asked of", async () => {
    // The admin takes it on instead of the lead it was asked of.
    const { id, script, taken } = await escalatedAndTaken("debrief-escalation-taken-by-another", "admin");
    expect(taken.toId).toBe(world.people.admin.id);
    await postScript(world, ingestToken, script, [["agentA", "Refund approved: within 3 days."]], 2);
    const cards = await closeAndReadCards(id);
    expect(cards.find((c) => c.personId === world.people.admin.id)?.role).toBe("helper");
    expect(cards.find((c) => c.personId === world.people.leadA.id)).toBeUndefined();
  });
});
