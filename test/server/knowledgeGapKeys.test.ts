/**
 * Knowledge gaps written before a change to how their keys are derived get them derived again when
 * the server starts (migration 0052's keys_derivation: the fingerprint of the code deriving them): a gap stored before redaction placeholders were
 * left out of key words kept the topic "parcel sent address" for "Was my parcel sent to [ADDRESS]?",
 * and grouped with address questions in huddles and on the Knowledge page's topics. Over in-process
 * HTTP against a real (PGlite) store; the start's first pass of the loop-2 processor does it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { questionKey } from "../../src/engine/knowledge/index.ts";
import { gapKeysDerivation } from "../../src/server/loop2/gapKeysDerivation.ts";
import { Loop2Processor } from "../../src/server/loop2/processor.ts";
import { closedUnansweredQuestion, createWorld, type World } from "./factories.ts";

let world: World;

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const topics = async () => {
  const r = await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps?status=open", as: "leadA" });
  expect(r.statusCode, r.body).toBe(200);
  return Object.fromEntries(
    (r.json().gaps as { question: string; topic: string }[]).map((g) => [g.question, g.topic]),
  );
};

describe("knowledge gaps' keys, derived again at start", () => {
  it("gives a gap stored with an old topic the topic and question key its question has now", async () => {
    const conversationId = await closedUnansweredQuestion(world, "parcel", "2026-03-02T10:00:00.000Z");
    // As an older tagteam stored them: the placeholder's kind as a key word, no question key.
    await world.store.query(
      `UPDATE knowledge_gaps SET question = 'Was my parcel sent to [ADDRESS]?', topic = 'parcel sent address',
              question_key = NULL, keys_derivation = ''
        WHERE conversation_id = $1`,
      [conversationId],
    );
    await world.store.query(
      `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason)
       VALUES ($1, $2, $3, 'Can I change my address?', 7, 'change address', 'hedged')`,
      [world.orgId, world.teams.a, conversationId],
    );
    expect(await topics()).toEqual({
      "Was my parcel sent to [ADDRESS]?": "parcel sent address",
      "Can I change my address?": "change address",
    });

    const identity = "SELECT id, status, answered_by_fact_id, created_at FROM knowledge_gaps ORDER BY id";
    const before = await world.store.query(identity);
    // The next start: loop 2's first pass derives them again, before processing any close.
    await new Loop2Processor(world.app.ctx).catchUp();
    // Each gap stays itself, with its status, answer and time: only its keys are derived again.
    expect(await world.store.query(identity)).toEqual(before);
    expect(await topics()).toEqual({
      "Was my parcel sent to [ADDRESS]?": "parcel sent",
      "Can I change my address?": "change address",
    });
    const stored = await world.store.query(
      "SELECT question, question_key, keys_derivation FROM knowledge_gaps WHERE conversation_id = $1 ORDER BY question",
      [conversationId],
    );
    expect(stored).toEqual(
      ["Can I change my address?", "Was my parcel sent to [ADDRESS]?"].map((question) => ({
        question,
        question_key: questionKey(question),
        keys_derivation: gapKeysDerivation(),
      })),
    );
  });
});
