import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOT_TABLES } from "../../src/server/sweeper/maintenance.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const statsOf = async (table: string): Promise<number> => {
  const [row] = await world.store.query("SELECT reltuples FROM pg_class WHERE relname = $1", [table]);
  return Number(row?.reltuples);
};

describe("store maintenance on PGlite (no autovacuum)", () => {
  it("vacuums and analyses the hot tables, so the planner knows their sizes", async () => {
    // Never analysed, a table reports -1 tuples (the world's app has not been started).
    expect(await statsOf("people")).toBe(-1);
    const people = await world.store.query("SELECT count(*)::int AS n FROM people");
    await world.app.maintenance.run();
    expect(await statsOf("people")).toBe(Number(people[0]?.n));
    for (const table of HOT_TABLES) expect(await statsOf(table)).toBeGreaterThanOrEqual(0);
  });
});
