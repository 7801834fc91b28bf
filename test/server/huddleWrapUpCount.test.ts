import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, dayAgendaUrl, type World } from "./factories.ts";

/*
 * A busy team's day: the wrap-up says how many conversations the day had, every one of them, and a
 * pattern counts every conversation it showed in. It read the day's 500 hardest and counted those.
 */

let world: World;
const DAY = "2026-03-11";
const CONVERSATIONS = 530;
beforeAll(async () => {
  world = await createWorld();
  // Closed conversations of team A that day, each with one analysed line whose root cause is a
  // knowledge gap (what the engine writes after a hedged answer).
  await world.store.query(
    `WITH c AS (
       INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, topic,
                                  created_at, last_message_at, closed_at, assigned_person_id)
       SELECT $1, $2, 'chat', 'busy-' || g, 'closed', 1, 'refunds', t, t, t + interval '5 minutes', $3
         FROM generate_series(1, ${CONVERSATIONS}) g,
              LATERAL (SELECT $4::timestamptz + g * interval '1 minute' AS t) x
       RETURNING id, created_at)
     INSERT INTO messages (org_id, conversation_id, position, role, kind, text, sent_at, risk, rung, analysis)
     SELECT $1, c.id, 0, 'customer', 'message', 'Where is my refund?', c.created_at, 0.4, 'observe',
            '{"cues": [], "rootCauses": [{"cause": "knowledge_gap", "confidence": 0.8}]}'::jsonb
       FROM c`,
    [world.orgId, world.teams.a, world.people.agentA.id, `${DAY}T08:00:00Z`],
  );
});
afterAll(async () => {
  await world?.close();
});

describe("the wrap-up of a day with more than 500 conversations", () => {
  it("counts every conversation, and every one a pattern showed in", async () => {
    const r = await world.inject({ method: "GET", url: dayAgendaUrl(world.teams.a, DAY), as: "leadA" });
    expect(r.statusCode, r.body).toBe(200);
    const wrapUp = r.json().wrapUp as {
      conversations: number;
      patterns: { key: string; conversations: number; topics: string[] }[];
    };
    expect(wrapUp.conversations).toBe(CONVERSATIONS);
    expect(wrapUp.patterns.find((p) => p.key === "cause:knowledge_gap")).toMatchObject({
      conversations: CONVERSATIONS,
      topics: ["refunds"],
    });
  });
});
