/**
 * An e-mail's wait is judged in hours: a reply half an hour after the customer's e-mail is no long
 * wait, as it is in a chat. Every e-mail reply used to carry the chat's three-minute `long_gap`.
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

async function replyAfter(channel: "chat" | "email", key: string, waitMs: number): Promise<string[]> {
  const token = await world.token("agentA", ["ingest"]);
  const asked = Date.now() - 8 * 3_600_000;
  const line = (role: string, text: string, at: number) =>
    message({
      teamId: world.teams.a,
      conversationId: key,
      channel,
      role,
      text,
      at: new Date(at).toISOString(),
      ...(role === "agent" ? { author: world.people.agentA.email } : { author: "Rosa Delgado" }),
    });
  const first = await world.postMessages(
    token,
    line("customer", "Where is my refund for order 4412?", asked),
  );
  expect(first.statusCode, first.body).toBe(200);
  const conversationId = first.json().results[0].conversationId as string;
  const reply = await world.postMessages(
    token,
    line("agent", "Your refund for order 4412 went out this morning.", asked + waitMs),
  );
  expect(reply.statusCode, reply.body).toBe(200);
  const detail = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationId}`,
    as: "leadA",
  });
  const messages = detail.json().conversation.messages as {
    role: string;
    analysis: { cues: { kind: string }[] } | null;
  }[];
  return messages.filter((m) => m.role === "agent").flatMap((m) => m.analysis?.cues.map((c) => c.kind) ?? []);
}

describe("a reply's wait, by channel", () => {
  it("is long in a chat after minutes, in an e-mail only after hours", async () => {
    expect(await replyAfter("chat", "gap-chat", 30 * 60_000)).toContain("long_gap");
    expect(await replyAfter("email", "gap-email", 30 * 60_000)).not.toContain("long_gap");
    expect(await replyAfter("email", "gap-email-late", 6 * 3_600_000)).toContain("long_gap");
  });
});
