// Upgrading a database whose cards stored the skill map's lines by the conversation's last assignee
// (before migration 0063): a card of a conversation handed on with an unsigned agent line is read
// again by the scorecard's rule; one whose lines are the same by either rule is kept.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0063")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0063", () => {
  it("clears the stored lines of a card whose unsigned lines were counted for the last assignee after a transfer, and keeps the others", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const { org, team, agent, peer, conversation } = await seedOrganisation(store);
    const kept = await seedOrganisation(store);
    const unsigned = (orgId: string, conversationId: string) =>
      store.query(
        `INSERT INTO messages (org_id, conversation_id, position, role, kind, author_person_id, text, sent_at)
         VALUES ($1, $2, 0, 'agent', 'message', NULL, 'Hello', now())`,
        [orgId, conversationId],
      );
    await unsigned(org.id, conversation.id);
    await unsigned(kept.org.id, kept.conversation.id);
    await store.query(
      `INSERT INTO interventions (org_id, team_id, conversation_id, kind, state, from_person_id, to_person_id, summary)
       VALUES ($1, $2, $3, 'warm_transfer', 'done', $4, $5, 'Refund asked')`,
      [org.id, team.id, conversation.id, agent.id, peer.id],
    );
    await store.query("UPDATE conversations SET assigned_person_id = $2, message_count = 1 WHERE id = $1", [
      conversation.id,
      peer.id,
    ]);
    await store.query("UPDATE conversations SET message_count = 1 WHERE id = $1", [kept.conversation.id]);
    for (const [orgId, conversationId, teamId, agentId] of [
      [org.id, conversation.id, team.id, agent.id],
      [kept.org.id, kept.conversation.id, kept.team.id, kept.agent.id],
    ])
      await store.query(
        `INSERT INTO scorecards (org_id, conversation_id, team_id, agent_id, auto) VALUES ($1, $2, $3, $4, '{}')`,
        [orgId, conversationId, teamId, agentId],
      );
    await store.query(
      `UPDATE scorecards s SET skill_lines = 0, skill_cue_kinds = '[]', skill_lines_of = c.message_count,
         skill_lines_assignee = c.assigned_person_id
         FROM conversations c WHERE c.id = s.conversation_id`,
    );
    await migrate(store);
    const lines = async (conversationId: string) =>
      (
        await store.query("SELECT skill_lines FROM scorecards WHERE conversation_id = $1", [conversationId])
      )[0]?.skill_lines;
    expect(await lines(conversation.id)).toBeNull();
    expect(await lines(kept.conversation.id)).toBe(0);
    await store.close();
  });
});
