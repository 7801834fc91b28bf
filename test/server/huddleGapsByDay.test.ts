import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedUnansweredQuestion, createWorld, dayAgendaUrl, type World } from "./factories.ts";

/*
 * The post-shift huddle lists "Agents could not answer: “…”" (the customers' question) from the knowledge
 * gaps of the day's conversations. A gap is recorded when its conversation is processed after it
 * closes, which for imported transcripts (or a history replayed at start-up) is today, whatever
 * day the customer asked: the huddle dates each gap by its conversation's close, not by when it
 * was written down.
 */

let world: World;
const PAST_DAY = "2026-03-18";
beforeAll(async () => {
  world = await createWorld();
  await closedUnansweredQuestion(world, "gap-past-1", `${PAST_DAY}T10:00:00Z`);
  await closedUnansweredQuestion(world, "gap-past-2", `${PAST_DAY}T14:00:00Z`);
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
  const r = await world.inject({ method: "GET", url: dayAgendaUrl(world.teams.a, day), as: "leadA" });
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
    const r = await world.inject({ method: "GET", url: dayAgendaUrl(world.teams.a, today), as: "leadA" });
    expect(r.json().wrapUp.conversations).toBe(0);
    expect(await gapPatterns(today)).toEqual([]);
  });
});

describe("the huddle's questions the knowledge base already answers", () => {
  it("suggest going over the published fact's answer, not writing one", async () => {
    const made = await world.inject({
      method: "POST",
      url: "/api/v1/knowledge/facts",
      as: "admin",
      payload: {
        teamId: world.teams.a,
        topic: "warranty",
        statement: "The warranty does not cover water damage.",
        key: "warranty_covers_water_damage",
        value: false,
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const [pattern, ...others] = await gapPatterns(PAST_DAY);
    expect(others).toEqual([]);
    // The agents still could not answer it on the day: the pattern stays, with what to go over.
    expect(pattern).toMatchObject({
      label: "Agents could not answer: “Does the warranty cover water damage on the blender?”",
      conversations: 2,
      suggestedUpdate:
        "Go over the knowledge base's answer to “Does the warranty cover water damage on the blender?”: “The warranty does not cover water damage.”",
    });
  });
});
