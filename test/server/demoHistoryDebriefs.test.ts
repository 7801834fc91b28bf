/**
 * The demo history's debrief cards are saved on their own day (src/server/demo.ts
 * `saveDemoHistoryDebriefs`): the demo teammates used to save half of eight weeks of cards at the
 * minute the demo started, so each read 'saved' today.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveDemoHistoryDebriefs } from "../../src/server/demo.ts";
import type { RunningServer } from "../../src/server/main.ts";
import { startDemoServer } from "./demoWorkspace.ts";

let running: RunningServer;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ running, stop } = await startDemoServer("history-debriefs"));
}, 300_000);
afterAll(() => stop());

const cards = () =>
  running.store.query<{ status: string; created: number; updated: number; closed: number }>(
    `SELECT d.status, extract(epoch FROM d.created_at) * 1000 AS created,
            extract(epoch FROM d.updated_at) * 1000 AS updated, extract(epoch FROM c.closed_at) * 1000 AS closed
     FROM debriefs d JOIN conversations c ON c.id = d.conversation_id
     WHERE d.org_id = $1 AND c.external_id LIKE 'demo-history-%'`,
    [running.boot.orgId],
  );

describe("the demo history's debrief cards", () => {
  it("are about half saved, each on the day its conversation closed, and a second start changes nothing", async () => {
    const saved = await saveDemoHistoryDebriefs(running.store, running.boot.orgId);
    const all = await cards();
    expect(all.length).toBeGreaterThan(40);
    const share = saved / all.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    const midnight = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    for (const card of all.filter((c) => c.status === "saved")) {
      expect(Number(card.updated)).toBeGreaterThan(Number(card.created));
      expect(Number(card.updated) - Number(card.closed)).toBeLessThan(3_600_000);
      expect(Number(card.updated)).toBeLessThan(midnight);
    }
    expect(all.filter((c) => c.status === "saved")).toHaveLength(saved);
    expect(await saveDemoHistoryDebriefs(running.store, running.boot.orgId)).toBe(0);
  });
});
