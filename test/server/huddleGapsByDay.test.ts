import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * The post-shift huddle lists "Agents could not answer: “…”" (the customers' question) from the knowledge
 * gaps of the day's conversations. A gap is recorded when its conversation is processed after it
 * closes, which for imported transcripts (or a history replayed at start-up) is today, whatever
 * day the customer asked: the huddle dates each gap by its conversation's close, not by when it
 * was written down.
 */

let world: World;
const PAST_DAY = "2026-03-18";
const agendaUrl = (teamId: string, day: string) => {
  const since = `${day}T00:00:00.000Z`;
  const until = new Date(Date.parse(since) + 86_400_000).toISOString();
  return `/api/v1/huddles/agenda?teamId=${teamId}&date=${day}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`;
};

/** A customer's question the agent could only hedge on: a knowledge gap once the conversation closes. */
const UNANSWERED = [
  { role: "customer", text: "Does the warranty cover water damage on the blender?" },
  { role: "agent", text: "I think it might, I'm not sure to be honest." },
  { role: "customer", text: "Ok, thanks anyway." },
] as const;

async function closedPastConversation(name: string, startIso: string): Promise<string> {
  const token = await world.token("agentA", ["ingest"]);
  let conversationId = "";
  for (const [i, line] of UNANSWERED.entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        role: line.role,
        text: line.text,
        topic: "warranty",
        at: new Date(Date.parse(startIso) + i * 30_000).toISOString(),
        author: line.role === "agent" ? world.people.agentA.email : "Maya Lopez",
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
  await loop2ProcessorOf(world.app.ctx).catchUp();
  return conversationId;
}

beforeAll(async () => {
  world = await createWorld();
  await closedPastConversation("gap-past-1", `${PAST_DAY}T10:00:00Z`);
  await closedPastConversation("gap-past-2", `${PAST_DAY}T14:00:00Z`);
});
afterAll(async () => {
  await world?.close();
});

type Pattern = {
  key: string;
  label: string;
  conversations: number;
  topics: string[];
  suggestedUpdate: string;
};
const gapPatterns = async (day: string): Promise<Pattern[]> => {
  const r = await world.inject({ method: "GET", url: agendaUrl(world.teams.a, day), as: "leadA" });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().wrapUp.patterns as Pattern[]).filter((p) => p.key.startsWith("gaps:"));
};

describe("the huddle's unanswered questions", () => {
  it("were recorded today for conversations of an earlier day", async () => {
    const gaps = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" })).json()
      .gaps as { createdAt: string }[];
    expect(gaps).toHaveLength(2);
    for (const g of gaps) expect(g.createdAt.slice(0, 10)).not.toBe(PAST_DAY);
  });

  it("are on the huddle of the day the customers asked them", async () => {
    const patterns = await gapPatterns(PAST_DAY);
    expect(patterns).toHaveLength(1);
    expect(patterns[0]?.conversations).toBe(2);
    // Titled by the customers' question as they asked it, not by its key words ("warranty cover water damage").
    expect(patterns[0]?.label).toBe(
      "Agents could not answer: “Does the warranty cover water damage on the blender?”",
    );
    expect(patterns[0]).toMatchObject({
      topics: ["warranty cover water damage"],
      suggestedUpdate: "Answer “Does the warranty cover water damage on the blender?” in the knowledge base",
    });
  });

  it("are not on today's huddle, whose conversations never asked them", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await world.inject({ method: "GET", url: agendaUrl(world.teams.a, today), as: "leadA" });
    expect(r.json().wrapUp.conversations).toBe(0);
    expect(await gapPatterns(today)).toEqual([]);
  });
});
