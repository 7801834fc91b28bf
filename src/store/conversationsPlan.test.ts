// How the conversation list is planned for one team (a lead's or an agent's usual view), as
// PostgreSQL plans a prepared statement after a few runs: once for any parameters (a generic plan).
// Compared as `= ANY(array)`, one team was estimated as the whole organisation's conversations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { listConversations } from "./conversations.ts";
import { createTeam } from "./teams.ts";
import type { Store } from "./types.ts";
import { createTestStore } from "../../test/support/testStore.ts";

let store: Store;

beforeAll(async () => {
  // The migrated test database (test/support/testStore.ts), loaded: no initdb or migrations here.
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

describe("listConversations: one team's plan", () => {
  it("estimates one team as a share of the organisation, not all of it", async () => {
    const { org, team } = await seedOrganisation(store);
    const small = await createTeam(store, { orgId: org.id, name: "Small team" });
    await store.query(
      `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at)
       SELECT $1, CASE WHEN g % 100 = 0 THEN $3::uuid ELSE $2::uuid END, 'chat', 'plan-' || g,
              CASE WHEN g % 50 = 0 THEN 'open' ELSE 'closed' END, 1, now() - g * interval '1 minute'
         FROM generate_series(1, 4000) g`,
      [org.id, team.id, small.id],
    );
    await store.query("ANALYZE conversations");
    // The generic plan's estimate of the conversations a listing reads, as a prepared statement
    // gets after its first runs.
    const estimate = async (query: { teamIds?: string[] }) => {
      let sql = "";
      let params: unknown[] = [];
      const capture = {
        query: async (text: string, values?: unknown[]) => {
          sql = text;
          params = values ?? [];
          return [];
        },
      };
      await listConversations(capture as never, { orgId: org.id, status: "open", ...query });
      const literal = (v: unknown) =>
        Array.isArray(v) ? `'{${v.join(",")}}'` : typeof v === "number" ? String(v) : `'${String(v)}'`;
      await store.query("SET plan_cache_mode = force_generic_plan");
      try {
        await store.query(`PREPARE listing AS ${sql}`);
        const plan = await store.query(`EXPLAIN EXECUTE listing(${params.map(literal).join(", ")})`);
        await store.query("DEALLOCATE listing");
        const scan = plan
          .map((row) => String(Object.values(row)[0]))
          .find((line) => / on conversations c\b/.test(line));
        return Number(/rows=(\d+)/.exec(scan ?? "")?.[1]);
      } finally {
        await store.query("SET plan_cache_mode = auto");
      }
    };
    const organisation = await estimate({});
    const oneTeam = await estimate({ teamIds: [small.id] });
    // Two teams: one of them is about half the organisation's (as `= ANY`, all of it).
    expect(oneTeam).toBeGreaterThan(0);
    expect(oneTeam).toBeLessThan(organisation * 0.75);
    // Several teams are still one list.
    expect(await estimate({ teamIds: [team.id, small.id] })).toBeGreaterThan(0);
  });
});
