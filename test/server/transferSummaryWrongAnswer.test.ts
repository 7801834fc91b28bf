/**
 * A warm transfer's summary says what the customer was told wrong and nobody has put right, with
 * what your team's knowledge says. Walking loop 1: Ana had said refunds take "30 business days" (the KB
 * says 5) and handed the customer to Lee; his summary quoted her last reply and "likely root cause:
 * knowledge gap", but nowhere that the reply was wrong or what is right.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function handedOver(key: string, lines: [string, string][]): Promise<string> {
  const token = await world.token("agentA", ["ingest"]);
  let conversationId = "";
  for (const [role, text] of lines) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: key,
        topic: "returns",
        role,
        text,
        ...(role === "agent" ? { author: "agent.a@example.com" } : { author: "Rosa Delgado" }),
      }),
    );
    conversationId = r.json().results[0].conversationId as string;
  }
  const moved = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id },
  });
  expect(moved.statusCode, moved.body).toBe(201);
  return moved.json().intervention.summary as string;
}

describe("a warm transfer's summary", () => {
  it("names the wrong answer still to correct, and what your team's knowledge says", async () => {
    const summary = await handedOver("summary-wrong", [
      ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
      ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ["customer", "That can't be right. Can someone else look at this?"],
    ]);
    expect(summary).toMatch(
      /Still to correct: they were told "14 days?"; your team's knowledge says 30 days?\./,
    );
  });

  it("says nothing of it once the agent put it right", async () => {
    const summary = await handedOver("summary-corrected", [
      ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
      ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ["customer", "That can't be right."],
      ["agent", "You're right, I need to correct that: returns are accepted within 30 days of delivery."],
    ]);
    expect(summary).not.toContain("Still to correct");
  });
});
