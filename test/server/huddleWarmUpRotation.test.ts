import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/*
 * The warm-up shows another hard conversation each day: it showed the past week's hardest, the same
 * conversation every day for a week. Over in-process HTTP against a real (PGlite) store.
 */

let world: World;
const ended: string[] = [];

const HARD = [
  { role: "customer", text: "My order arrived broken and nobody has answered me." },
  { role: "agent", text: "Sorry, sorry, I think maybe it is with the courier, I'm not sure." },
  { role: "customer", text: "I already told you it arrived broken. This is ridiculous." },
  { role: "agent", text: "Sorry again, I think it might be possible, maybe, I'd have to check." },
  { role: "customer", text: "You are useless. I want to speak to a manager now." },
] as const;

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("agentA", ["ingest"]);
  // Two hard conversations, ended on Monday and on Tuesday morning, both closed.
  for (const [n, startIso] of ["2026-03-16T10:00:00Z", "2026-03-17T10:00:00Z"].entries()) {
    let conversationId = "";
    for (const [i, line] of HARD.entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: `warm-up-${n}`,
          senderMessageId: `warm-up-${n}-${i}`,
          role: line.role,
          text: line.text,
          topic: "returns",
          at: new Date(Date.parse(startIso) + i * 40_000).toISOString(),
          author: line.role === "agent" ? world.people.agentA.email : "Marta Kowalski",
        }),
      );
      expect(r.statusCode, r.body).toBe(200);
      conversationId = r.json().results[0].conversationId as string;
    }
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "leadA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    ended.push(conversationId);
  }
});
afterAll(async () => {
  await world?.close();
});

const warmUpOf = async (day: string): Promise<string | null> => {
  const since = `${day}T08:00:00.000Z`;
  const until = `${day}T18:00:00.000Z`;
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/huddles/agenda?teamId=${world.teams.a}&date=${day}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().warmUp.hardConversation?.conversationId as string | undefined) ?? null;
};

describe("the warm-up, day after day", () => {
  it("shows the conversation that ended the day before, then the one shown longest ago", async () => {
    const [monday, tuesday] = ended;
    const days = ["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"];
    const shown = [];
    for (const day of days) shown.push(await warmUpOf(day));
    // Tuesday: Monday's; Wednesday: Tuesday's; then, with nothing new, each in turn.
    expect(shown).toEqual([monday, tuesday, monday, tuesday]);
  });
});
