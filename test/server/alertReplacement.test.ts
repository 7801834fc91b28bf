/**
 * A new reason to step in replaces the conversation's open alert, and the replacement keeps what
 * the open one still said. An agent quotes a wrong return window, then the customer turns on the
 * agent: the helper's alert used to say only "customer reacting to the agent", and the wrong
 * answer, its evidence and the fact to correct it with were gone from the card, though nobody had
 * corrected it.
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

interface AlertView {
  id: string;
  status: string;
  reasons: string[];
  why: string;
  factId: string | null;
  suggestion: string | null;
  evidence: { messageIndex: number; kind?: string }[];
}

describe("an alert replaced by a new reason to step in", () => {
  it("keeps the wrong answer the helper has still to correct, with its fact and evidence", async () => {
    const { conversationId, say } = await wrongReturnWindow(world, "replaced-alert");
    const angry = await say(
      "customer",
      "I don't care what you think. You clearly don't know what you're doing.",
    );
    expect(angry.json().results[0].alertId).toBeTruthy();

    const listed = await world.inject({
      method: "GET",
      url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&status=all`,
      as: "leadA",
    });
    const alerts = (listed.json().alerts as (AlertView & { conversationId: string })[]).filter(
      (a) => a.conversationId === conversationId,
    );
    const open = alerts.filter((a) => a.status === "raised");
    expect(open).toHaveLength(1);
    const replaced = alerts.find((a) => a.status === "expired");
    expect(replaced?.reasons).toEqual(["wrong_information"]);

    const current = open[0]!;
    expect(current.reasons).toEqual(["customer_reacting_to_agent", "wrong_information"]);
    expect(current.why).toContain("You clearly don't know what you're doing");
    expect(current.why).toContain(replaced!.why);
    expect(current.factId).toBe(replaced!.factId);
    expect(current.factId).not.toBeNull();
    // The agent's wrong line (index 1) is still quoted as evidence, beside the customer's.
    const lines = new Set(current.evidence.map((e) => e.messageIndex));
    expect(lines.has(1)).toBe(true);
    expect(lines.has(2)).toBe(true);
  });

  it("keeps a wrong answer that arrived in the same request as the customer's reaction to it", async () => {
    // A helpdesk forwarding a backlog, or an import, posts several lines of one conversation at
    // once: they are read in one group, and only the last reading became the alert.
    const token = await world.token("agentA", ["ingest"]);
    const line = (role: string, text: string) =>
      message({
        teamId: world.teams.a,
        conversationId: "replaced-in-one-group",
        topic: "returns",
        role,
        text,
        ...(role === "agent" ? { author: "agent.a@example.com" } : { author: "Rosa Delgado" }),
      });
    const posted = await world.postMessages(token, {
      messages: [
        line("customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."),
        line("agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."),
        line("customer", "I don't care what you think. You clearly don't know what you're doing."),
      ],
    });
    expect(posted.statusCode).toBe(200);
    const conversationId = posted.json().results[0].conversationId as string;
    const listed = await world.inject({
      method: "GET",
      url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&status=all`,
      as: "leadA",
    });
    const alerts = (listed.json().alerts as (AlertView & { conversationId: string })[]).filter(
      (a) => a.conversationId === conversationId,
    );
    expect(alerts).toHaveLength(1);
    const card = alerts[0]!;
    expect(card.status).toBe("raised");
    expect(card.reasons).toEqual(["customer_reacting_to_agent", "wrong_information"]);
    expect(card.why).toContain("You clearly don't know what you're doing");
    expect(card.why).toContain("14 days");
    expect(card.factId).not.toBeNull();
    // The wrong answer outranks the reaction: the suggestion is to correct it.
    expect(card.suggestion).toContain("Correct it");
    const lines = new Set(card.evidence.map((e) => e.messageIndex));
    expect(lines.has(1)).toBe(true);
    expect(lines.has(2)).toBe(true);
  });
});
