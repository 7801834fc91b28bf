/**
 * An alert's suggestion follows the strongest evidence on its card. Walking loop 1: the agent quoted
 * a wrong return window, the customer then turned on them, and the replacing alert quoted the wrong
 * answer with its fact but suggested the new reading's line ("Pause the guessing…" / an empathy
 * line): the helper's one-click whisper did not correct what was wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strongestEvidence } from "../../src/server/live/raiseAlerts.ts";
import {
  createWorld,
  message,
  teamAlertsOn,
  wrongReturnWindow,
  type ListedAlert,
  type World,
} from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("the suggestion on a replacing alert", () => {
  it("corrects the wrong answer still on the card, not the new reading's line", async () => {
    const { conversationId, say } = await wrongReturnWindow(world, "suggestion-follows-evidence");
    await say("customer", "I don't care what you think. You clearly don't know what you're doing.");
    const alerts = await teamAlertsOn(world, conversationId);
    const current = alerts.find((a) => a.status === "raised")!;
    const replaced = alerts.find((a) => a.status === "expired")!;
    expect(current.reasons).toContain("customer_reacting_to_agent");
    expect(current.evidence.map((e) => e.kind)).toContain("wrong_information");
    expect(current.suggestion).toBe(replaced.suggestion);
    expect(current.suggestion).toContain("Items can be returned within 30 days of delivery.");
    expect(current.factId).toBe(replaced.factId);
  });

  it("answers a customer turning on the agent, not a root cause, when that is the strongest evidence", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const say = (role: string, text: string) =>
      world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "suggestion-attack",
          topic: "returns",
          role,
          text,
          ...(role === "agent" ? { author: "agent.a@example.com" } : { author: "Rosa Delgado" }),
        }),
      );
    await say("customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit.");
    const wrong = await say(
      "agent",
      "Sorry, returns are only accepted within 14 days, so I can't take it back.",
    );
    const firstId = wrong.json().results[0].alertId as string;
    // The helper corrects it by whisper: that alert is acted on, and nothing is carried over.
    const first = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${firstId}`, as: "leadA" })
    ).json().alert as { conversationId: string };
    const whispered = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${first.conversationId}/step-in`,
      as: "leadA",
      payload: { kind: "whisper", alertId: firstId, text: "The KB says 30 days: correct it now." },
    });
    expect(whispered.statusCode).toBe(201);
    const angry = await say(
      "customer",
      "I don't care what you think. You clearly don't know what you're doing.",
    );
    const nextId = angry.json().results[0].alertId as string;
    const next = (await world.inject({ method: "GET", url: `/api/v1/alerts/${nextId}`, as: "leadA" })).json()
      .alert as ListedAlert;
    expect(next.evidence.map((e) => e.kind)).toContain("personal_attack");
    expect(next.suggestion).toContain("It's not personal");
    // The wrong "14 days" (the knowledge base has 30), cited again as the root cause's evidence, is
    // labelled wrong information, as on the first card: it was no gap in the knowledge base.
    const onWrongAnswer = next.evidence.filter((e) => e.messageIndex === 1);
    expect(onWrongAnswer.length).toBeGreaterThan(0);
    expect(onWrongAnswer.map((e) => e.kind)).toEqual(onWrongAnswer.map(() => "wrong_information"));
  });

  it("ranks a wrong answer over a personal attack, that over moods, habits and root causes", () => {
    expect(strongestEvidence([{ kind: "wrong_information" }])).toBeGreaterThan(
      strongestEvidence([{ kind: "personal_attack" }, { kind: "knowledge_gap" }]),
    );
    expect(strongestEvidence([{ kind: "personal_attack" }])).toBeGreaterThan(
      strongestEvidence([{ kind: "frustration" }, { kind: "stress" }, { kind: "filler" }]),
    );
    expect(strongestEvidence([{ kind: "safety_threat" }])).toBeGreaterThan(
      strongestEvidence([{ kind: "wrong_information" }]),
    );
    expect(strongestEvidence([])).toBe(0);
  });
});
