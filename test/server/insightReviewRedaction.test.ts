import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/*
 * An insight is read by the whole team and outlives its conversation (retention keeps it), so
 * personal data never goes in: not when it is captured, nor when a lead rewrites it to publish it.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("an insight a lead rewrites at review", () => {
  it("is redacted as a captured one is: the customer's name, e-mail and phone go", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "insight-review",
        role: "customer",
        author: "Marisol Quintero",
        text: "I don't understand the restocking fee at all.",
      }),
    );
    const conversationId = r.json().results[0].conversationId as string;
    const captured = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/insights`,
      as: "agentA",
      payload: { text: "Customers are confused by the restocking fee; a one-line example helped." },
    });
    expect(captured.statusCode, captured.body).toBe(201);
    const review = await world.inject({
      method: "POST",
      url: `/api/v1/insights/${captured.json().insight.id}/review`,
      as: "leadA",
      payload: {
        decision: "publish",
        text: "Marisol Quintero (marisol.q@example.com, +44 7700 900777) was confused by the restocking fee; a one-line example helped.",
      },
    });
    expect(review.statusCode, review.body).toBe(200);
    const text = review.json().insight.text as string;
    expect(text).toBe(
      "[PERSON] ([EMAIL], [PHONE]) was confused by the restocking fee; a one-line example helped.",
    );
    const listed = await world.inject({ method: "GET", url: "/api/v1/insights", as: "peerA" });
    expect(JSON.stringify(listed.json())).not.toMatch(/Marisol|marisol\.q|900777/);
  });
});
