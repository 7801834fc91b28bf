// Upgrading a database written before migration 0039: every scorecard was its conversation's agent's
// card (one per conversation). They become role 'agent', still one per conversation, and a helper's
// card can be added beside one.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedOrganisationAtOldSchema } from "./contract/factories.ts";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { findScorecard, saveScorecard } from "./scorecards.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0039")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0039", () => {
  it("keeps each stored scorecard as its conversation's agent card, and lets a helper's card sit beside it", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const { org, team, agent, peer, conversation } = await seedOrganisationAtOldSchema(store);
    await store.query(
      `INSERT INTO scorecards (org_id, conversation_id, team_id, agent_id, auto, auto_overall)
       VALUES ($1, $2, $3, $4, '{"overall": 2}'::jsonb, 2)`,
      [org.id, conversation.id, team.id, agent.id],
    );
    await migrate(store);
    const card = await findScorecard(store, org.id, conversation.id);
    expect([card?.role, card?.agentId, card?.autoOverall]).toEqual(["agent", agent.id, 2]);
    const input = {
      orgId: org.id,
      teamId: team.id,
      conversationId: conversation.id,
      auto: { overall: 3 },
      autoOverall: 3,
      scoredMessages: 0,
      conversationMessageCount: 0,
    };
    // Still one agent card per conversation; a helper's is another row.
    expect(await saveScorecard(store, { ...input, agentId: agent.id })).toBeNull();
    expect((await saveScorecard(store, { ...input, agentId: peer.id, role: "helper" }))?.role).toBe("helper");
    await store.close();
  });
});
