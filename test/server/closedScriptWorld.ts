import { expect } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type ScriptLine, type World } from "./factories.ts";

/**
 * A world (createWorld) with one scripted conversation of team A posted through ingest (postScript,
 * with leadA's ingest token), closed by `closedBy` and processed by loop 2 (its scorecard, debrief
 * cards and knowledge gaps are written). `beforeScript` runs before the first line is posted (to add
 * a person), `beforeClose` before the close (a teammate's takeover). Returns the world and the
 * conversation's id; the caller closes the world.
 */
export async function worldWithClosedScript(script: {
  conversation: { name: string; topic: string; customer: string };
  lines: readonly ScriptLine[];
  closedBy: keyof World["people"];
  beforeScript?: (world: World) => Promise<void>;
  beforeClose?: (world: World, conversationId: string) => Promise<void>;
}): Promise<{ world: World; conversationId: string }> {
  const world = await createWorld();
  await script.beforeScript?.(world);
  const token = await world.token("leadA", ["ingest"]);
  const conversationId = await postScript(world, token, script.conversation, script.lines);
  await script.beforeClose?.(world, conversationId);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: script.closedBy,
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  return { world, conversationId };
}
