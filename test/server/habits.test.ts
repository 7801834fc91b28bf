import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/*
 * Habits reach the agent's console: each message's analysis, as the API returns it, carries the
 * habit events the engine saw (a name not used, a waiting customer not updated…).
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("habits in the conversation's analyses", () => {
  it("carry a missed name and, later, the name used", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const lines: [string, string][] = [
      ["customer", "Hi, my name is Dana Whitfield and my parcel hasn't arrived."],
      ["agent", "Let me look into that for you."],
      ["customer", "Thanks."],
      ["agent", "I can see it left the depot yesterday."],
      ["agent", "It should be with you tomorrow."],
      ["agent", "I've added a note to the order."],
      ["agent", "Anything else I can do?"],
      ["agent", "Dana, I've also sent you the tracking link."],
    ];
    let conversationId = "";
    for (const [i, [role, text]] of lines.entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "habits-1",
          senderMessageId: `habits-1-${i}`,
          role,
          text,
          ...(role === "agent" ? { author: world.people.agentA.email } : { author: "Dana Whitfield" }),
        }),
      );
      expect(r.statusCode, r.body).toBe(200);
      conversationId = r.json().results[0].conversationId;
    }
    const detail = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}`,
      as: "agentA",
    });
    const habits = (
      detail.json().conversation.messages as {
        index: number;
        analysis: { habits: { habit: string; status: string; detail: string }[] } | null;
      }[]
    ).flatMap((m) => (m.analysis?.habits ?? []).map((h) => ({ index: m.index, ...h })));
    const missed = habits.find((h) => h.habit === "use_name" && h.status === "missed");
    const done = habits.find((h) => h.habit === "use_name" && h.status === "done");
    expect(missed?.detail).toContain("Dana");
    expect(done?.index).toBe(7);
    expect(missed!.index).toBeLessThan(done!.index);
    // Messages without habit events answer an empty list, never a missing field.
    expect(detail.json().conversation.messages[0].analysis.habits).toEqual([]);
  });
});
