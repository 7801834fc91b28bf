/**
 * tagteam's draft of an insight, shown to its writer before anything is stored
 * (GET /conversations/:id/insight-draft): the web app puts it in the capture form so the writer
 * completes its "[What worked?]" in their own words. Stored as it was, the draft reached the
 * author's "My drafts" with a placeholder they had no way to edit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

/** Posts the lines as a helpdesk would (agentA answering), and returns the conversation's id. */
async function conversation(name: string, lines: { role: "customer" | "agent"; text: string }[]) {
  let id = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${ingestToken}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        topic: "billing",
        role: line.role,
        text: line.text,
        author: line.role === "agent" ? world.people.agentA.email : "Maya Lopez",
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    id = r.json().results[0].conversationId;
  }
  return id;
}

const insightCount = async () =>
  (await world.inject({ method: "GET", url: "/api/v1/insights", as: "leadA" })).json().insights.length;

describe("GET /conversations/:id/insight-draft", () => {
  it("drafts from the customer's confusion, redacted, and stores nothing", async () => {
    const id = await conversation("draft-1", [
      {
        role: "customer",
        text: "Hi Aaron, I'm confused. What is this restocking fee? I don't understand it.",
      },
      { role: "agent", text: "Let me check, maybe it's billing." },
    ]);
    const before = await insightCount();
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${id}/insight-draft`,
      as: "agentA",
    });
    expect(r.statusCode, r.body).toBe(200);
    const { text } = r.json().draft as { text: string };
    expect(text).toMatch(/^Customers were confused by/);
    expect(text).toContain("confused");
    // The parts left to the writer are in brackets; a teammate's name never goes into an insight.
    expect(text).toMatch(/\[[^\]]+\]/);
    expect(text).not.toContain("Aaron");
    expect(await insightCount()).toBe(before);
  });

  it("is read like its conversation: another team's agent gets 404", async () => {
    const id = await conversation("draft-2", [
      { role: "customer", text: "I'm confused, what does this charge mean? I don't understand." },
    ]);
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${id}/insight-draft`,
      as: "agentB",
    });
    expect(r.statusCode).toBe(404);
  });

  it("says so when there is no confusion to draft from (409), for the writer to write it themself", async () => {
    const id = await conversation("draft-3", [
      { role: "customer", text: "Please cancel my newsletter subscription." },
      { role: "agent", text: "Done: you are unsubscribed as of today." },
    ]);
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${id}/insight-draft`,
      as: "agentA",
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("INVALID_STATE");
  });
});
