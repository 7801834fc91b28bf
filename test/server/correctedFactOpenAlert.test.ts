/**
 * An open alert asking to correct a wrong fact, once the agent has put that fact right. The alert
 * kept its "Correct it before it sticks" whisper (and its wrong-information reason and evidence)
 * until a new reading replaced it, so the helper looking at it was asked to correct what the agent
 * had already corrected. The ingest now revises it when the correction comes in, and tells its
 * helper (`alert.updated`), or ends it (`alert.expired`) when the wrong fact was all it was about.
 * A revised card suggests how to step in for the reasons it keeps: the suggestion the engine wrote
 * for them when they were raised (it was left without one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, wrongReturnWindow, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

interface Alert {
  id: string;
  status: string;
  helperId: string | null;
  reasons: string[];
  why: string;
  suggestion: string | null;
  factId: string | null;
  evidence: { kind?: string; messageIndex?: number }[];
}

const alertById = async (alertId: string): Promise<Alert> => {
  const got = await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" });
  expect(got.statusCode, got.body).toBe(200);
  return got.json().alert as Alert;
};

const eventsFor = async (alertId: string) =>
  (
    await world.store.query(
      `SELECT type, person_id FROM events WHERE payload->>'alertId' = $1 AND type IN ('alert.updated', 'alert.expired') ORDER BY id`,
      [alertId],
    )
  ).map((r) => [r.type, r.person_id]);

const loadOf = async (personId: string) =>
  Number(
    (await world.store.query(`SELECT current_load FROM people WHERE id = $1`, [personId]))[0]!.current_load,
  );

const CORRECTION = "I need to correct what I said: items can be returned within 30 days of delivery.";

describe("an open alert whose wrong fact the agent puts right", () => {
  it("loses the correction, the fact and the wrong-information reason, and its helper hears of it", async () => {
    const { say } = await wrongReturnWindow(world, "corrected-open-alert-revised");
    // The customer turns on the agent: the alert that replaces the first carries the wrong fact.
    const turned = await say("customer", "You are useless. You clearly don't know what you're doing.");
    const alertId = turned.json().results[0].alertId as string;
    expect(alertId).toBeTruthy();
    const open = await alertById(alertId);
    expect(open.reasons).toContain("wrong_information");
    expect(open.reasons.length).toBeGreaterThan(1);
    expect(open.factId).not.toBeNull();
    expect(open.evidence.some((e) => e.kind === "wrong_information")).toBe(true);
    expect(open.why).toContain("but your team's knowledge says");

    const corrected = await say("agent", CORRECTION);
    expect(corrected.statusCode, corrected.body).toBe(200);
    const revised = await alertById(alertId);
    expect(revised.status).toBe("raised");
    expect(revised.reasons).toEqual(open.reasons.filter((r) => r !== "wrong_information"));
    expect(revised.factId).toBeNull();
    expect(revised.suggestion ?? "").not.toContain("Correct it before it sticks");
    expect(revised.evidence.some((e) => e.kind === "wrong_information")).toBe(false);
    // The card's why loses what it said the agent got wrong (recorded as such when it was raised,
    // not recognised by its words) and keeps what the customer did.
    expect(revised.why).not.toContain("your team's knowledge says");
    expect(revised.why).not.toBe("");
    // Its helper, and everyone else who may read it (alertNewsReaders.test.ts).
    expect(await eventsFor(alertId)).toEqual([
      ["alert.updated", open.helperId],
      ["alert.updated", null],
    ]);
  });

  it("drops the wrong answer from the why of an alert raised before, worded as the engine wrote it then", async () => {
    const { say } = await wrongReturnWindow(world, "corrected-open-alert-old-wording");
    const turned = await say("customer", "You are useless. You clearly don't know what you're doing.");
    const alertId = turned.json().results[0].alertId as string;
    const open = await alertById(alertId);
    // As an alert raised before the wording changed is stored: the engine's sentence of then, and
    // no record of which part of the why is the wrong answer.
    const oldWhy = open.why.replace("but your team's knowledge says", "but the knowledge base says");
    expect(oldWhy).toMatch(/; also agent said "14 days" but the knowledge base says 30 days$/);
    await world.store.query(`UPDATE alerts SET why = $2, wrong_fact_whys = '[]'::jsonb WHERE id = $1`, [
      alertId,
      oldWhy,
    ]);

    await say("agent", CORRECTION);
    const revised = await alertById(alertId);
    expect(revised.reasons).toEqual(open.reasons.filter((r) => r !== "wrong_information"));
    expect(revised.why).toBe(oldWhy.replace(/; also agent said .*$/, ""));
    expect(revised.why).not.toContain("knowledge");
  });

  it("suggests how to step in for the reason it keeps, as the reading that raised that reason did", async () => {
    const { say } = await wrongReturnWindow(world, "corrected-open-alert-suggestion");
    const turned = await say("customer", "You are useless. You clearly don't know what you're doing.");
    const alertId = turned.json().results[0].alertId as string;
    // What the engine wrote for the customer turning on the agent, under the carried correction.
    const [reading] = await world.store.query(
      `SELECT analysis->'stepIn'->>'suggestion' AS suggestion FROM messages WHERE id = $1`,
      [turned.json().results[0].messageId],
    );
    const ownSuggestion = reading!.suggestion as string;
    expect(ownSuggestion).toContain("It's not personal");
    expect((await alertById(alertId)).suggestion).toContain("Correct it before it sticks");

    await say("agent", CORRECTION);
    const revised = await alertById(alertId);
    expect(revised.reasons).toEqual(["customer_reacting_to_agent"]);
    // The card had no "how to step in" line left; now it has the one written for its reason.
    expect(revised.suggestion).toBe(ownSuggestion);
    expect(revised.factId).toBeNull();
  });

  it("suggests how to step in for the reason it keeps when the reading that raised it wrote only the correction", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const say = (role: "customer" | "agent", text: string) =>
      world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "corrected-open-alert-one-reading",
          topic: "returns",
          role,
          text,
          author: role === "agent" ? world.people.agentA.email : "Rosa Delgado",
        }),
      );
    await say("customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit.");
    // One line, two reasons: the wrong fact and the blame; the engine wrote the correction only.
    const both = await say(
      "agent",
      "Sorry, sorry, billing messed up, returns are only accepted within 14 days, so I can't take it back.",
    );
    const alertId = both.json().results[0].alertId as string;
    const open = await alertById(alertId);
    expect([...open.reasons].sort()).toEqual(["not_solution_focused", "wrong_information"]);
    expect(open.suggestion).toContain("Correct it before it sticks");

    await say("agent", CORRECTION);
    const revised = (await alertById(alertId)) as Alert & { rung: string };
    expect(revised.reasons).toEqual(["not_solution_focused"]);
    // It showed no "how to step in" line at all: now the engine's wording for the blame.
    expect(revised.suggestion).toContain("Leave who's to blame out of it");
    expect(revised.suggestion).toContain("It arrived three weeks ago");
    expect(revised.rung).toBe("whisper");
    expect(revised.factId).toBeNull();
  });

  it("steps down to what the reason it keeps calls for: apologies with no next step ask for a signal", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const say = (role: "customer" | "agent", text: string) =>
      world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "corrected-open-alert-apologies",
          topic: "returns",
          role,
          text,
          author: role === "agent" ? world.people.agentA.email : "Rosa Delgado",
        }),
      );
    await say("customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit.");
    await say("agent", "I'm so sorry about that, I apologise.");
    await say("customer", "OK, so can I send it back?");
    await say("agent", "Sorry, I'm sorry for the trouble.");
    await say("customer", "Fine. Can I?");
    const both = await say(
      "agent",
      "Sorry, I'm really sorry, returns are only accepted within 14 days, so I can't take it back. Sorry.",
    );
    const alertId = both.json().results[0].alertId as string;
    const open = (await alertById(alertId)) as Alert & { rung: string };
    // The wrong fact asked for a whisper; the apologies, on the same line, for a signal.
    expect([...open.reasons].sort()).toEqual(["not_solution_focused", "wrong_information"]);
    expect(open.rung).toBe("whisper");

    await say("agent", CORRECTION);
    const revised = (await alertById(alertId)) as Alert & { rung: string };
    expect(revised.reasons).toEqual(["not_solution_focused"]);
    // Not a whisper with nothing to whisper: the step and the words the apologies call for.
    expect(revised.rung).toBe("signal");
    expect(revised.suggestion).toContain("One apology is enough");
  });

  it("ends when the wrong fact was all it was about, freeing its helper", async () => {
    const { alertId, say } = await wrongReturnWindow(world, "corrected-open-alert-ended");
    const open = await alertById(alertId);
    expect(open.reasons).toEqual(["wrong_information"]);
    const helperId = open.helperId!;
    const load = await loadOf(helperId);
    await say("agent", CORRECTION);
    expect((await alertById(alertId)).status).toBe("expired");
    expect(await loadOf(helperId)).toBe(load - 1);
    expect(await eventsFor(alertId)).toEqual([
      ["alert.expired", helperId],
      ["alert.expired", null],
    ]);
  });

  it("is asked for again when the agent states the fact wrongly again, within the cooldown", async () => {
    const { alertId, say } = await wrongReturnWindow(world, "corrected-open-alert-again");
    await say("agent", CORRECTION);
    expect((await alertById(alertId)).status).toBe("expired");
    const again = await say("agent", "Sorry, I was wrong again: returns are only accepted within 14 days.");
    const newId = again.json().results[0].alertId as string | null;
    expect(newId).toBeTruthy();
    const raised = await alertById(newId!);
    expect(raised.status).toBe("raised");
    expect(raised.reasons).toContain("wrong_information");
    expect(raised.suggestion).toContain("Correct it before it sticks");
  });

  it("is left as it is by a line that corrects nothing", async () => {
    const { alertId, say } = await wrongReturnWindow(world, "corrected-open-alert-unchanged");
    const open = await alertById(alertId);
    await say("agent", "Let me look into that for you.");
    expect(await alertById(alertId)).toEqual(open);
    expect(await eventsFor(alertId)).toEqual([]);
  });
});
