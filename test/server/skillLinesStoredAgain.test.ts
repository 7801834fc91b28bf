/**
 * Skill-map cards whose lines migration 0063 cleared were worked out from the transcript (agentPart)
 * on every read until their conversation was scored again, and a read never writes. Loop 2's
 * processor now stores them again in the background, a slice at a time, after it starts: then a
 * read takes them as stored and works nothing out. The real store throughout; only the pure rule
 * (agentPart) is wrapped, to count how often it runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { Loop2Processor } from "../../src/server/loop2/processor.ts";
import type * as agentPartModule from "../../src/store/agentPart.ts";
import { agentPart } from "../../src/store/agentPart.ts";
import { listSkillEvidence, summariseSkillEvidence } from "../../src/store/skills.ts";
import { createWorld, handedOnAndClosed, postScript, type World } from "./factories.ts";

vi.mock("../../src/store/agentPart.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof agentPartModule>();
  return { ...actual, agentPart: vi.fn(actual.agentPart) };
});
const worked = vi.mocked(agentPart);

let world: World;
let conversationIds: string[] = [];

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  const handedOn = await handedOnAndClosed(world, token);
  const conversation = { name: "plain-1", topic: "billing", customer: "Rosa Lind" };
  const plain = await postScript(world, token, conversation, [
    ["customer", "I was charged twice this month."],
    ["agentA", "Sorry about that, I have refunded the second charge just now."],
  ]);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${plain}/close`,
    as: "agentA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  conversationIds = [handedOn, plain];
});
afterAll(async () => {
  await world?.close();
});

const period = () => ({ orgId: world.orgId, teamIds: [world.teams.a], since: 0, until: Date.now() + 60_000 });
const measures = {
  qa: ["empathy"],
  cues: [{ skill: "warmth", kinds: ["empathy"], good: true }],
  help: [],
  calm: [],
};
const read = async () => ({
  evidence: await listSkillEvidence(world.store, period()),
  sums: await summariseSkillEvidence(world.store, { ...period(), byAgent: true, measures }),
});
const storedLines = async () =>
  world.store.query<{ skill_lines: number | null }>(
    `SELECT skill_lines FROM scorecards WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])`,
    [world.orgId, conversationIds],
  );

describe("skill-map lines cleared by migration 0063", () => {
  it("are stored again by loop 2 after it starts, and a read then works none out", async () => {
    worked.mockClear();
    const asStored = await read();
    expect(worked).not.toHaveBeenCalled();
    expect(asStored.evidence.length).toBeGreaterThanOrEqual(3); // agentA's two cards and Petra's helper card

    // As migration 0063 leaves a card it cleared.
    await world.store.query(
      `UPDATE scorecards SET skill_lines = NULL, skill_cue_kinds = NULL, skill_lines_of = NULL,
              skill_lines_assignee = NULL WHERE org_id = $1`,
      [world.orgId],
    );
    for (let i = 0; i < 2; i++) {
      worked.mockClear();
      expect(await read()).toEqual(asStored);
      expect(worked).toHaveBeenCalled(); // every read works them out again, and stores nothing
    }
    expect((await storedLines()).every((r) => r.skill_lines === null)).toBe(true);

    // The server starts again after the migration: its processor stores them in the background.
    const restarted = new Loop2Processor(world.app.ctx);
    await restarted.catchUp();
    await restarted.stop();
    expect((await storedLines()).every((r) => r.skill_lines !== null)).toBe(true);

    worked.mockClear();
    expect(await read()).toEqual(asStored);
    expect(worked).not.toHaveBeenCalled();
  });
});
