// Upgrading a database written before migration 0047: cards whose lines no skill map read had
// stored get them, as the skill map reads them, so that its reads never read the transcript.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedOrganisationAtOldSchema } from "./contract/factories.ts";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0047")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0047", () => {
  it("stores each card's lines (the person's own, analysed, with their cue kinds) and leaves a card already stored", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const { org, team, agent, peer, conversation } = await seedOrganisationAtOldSchema(store);
    const other = await seedOrganisationAtOldSchema(store);
    const line = (conversationId: string, position: number, author: string, analysis: unknown) =>
      store.query(
        `INSERT INTO messages (org_id, conversation_id, position, role, kind, author_person_id, text, sent_at,
           analysis, risk, rung)
         VALUES ($1, $2, $3, 'agent', 'message', $4, 'Hello', now(), $5::jsonb,
           CASE WHEN $5::jsonb IS NULL THEN NULL ELSE 0.2 END, CASE WHEN $5::jsonb IS NULL THEN NULL ELSE 'observe' END)`,
        [org.id, conversationId, position, author, analysis === null ? null : JSON.stringify(analysis)],
      );
    const cue = (kind: string) => ({ kind, start: 0, end: 1 });
    await line(conversation.id, 0, agent.id, { cues: [cue("hedging"), cue("customer_name")] });
    await line(conversation.id, 1, agent.id, null);
    await line(conversation.id, 2, peer.id, { cues: [cue("jargon")] });
    await store.query("UPDATE conversations SET message_count = 3 WHERE id = $1", [conversation.id]);
    const card = (orgId: string, conversationId: string, teamId: string, agentId: string) =>
      store.query(
        `INSERT INTO scorecards (org_id, conversation_id, team_id, agent_id, auto) VALUES ($1, $2, $3, $4, '{}')`,
        [orgId, conversationId, teamId, agentId],
      );
    await card(org.id, conversation.id, team.id, agent.id);
    await card(other.org.id, other.conversation.id, other.team.id, other.agent.id);
    // Stored by a read before the upgrade: kept as it is.
    await store.query(
      `UPDATE scorecards s SET skill_lines = 7, skill_cue_kinds = '[]', skill_lines_of = c.message_count,
         skill_lines_assignee = c.assigned_person_id
         FROM conversations c WHERE c.id = s.conversation_id AND s.org_id = $1`,
      [other.org.id],
    );
    await migrate(store);
    const kept = async (conversationId: string) =>
      (
        await store.query(
          "SELECT skill_lines, skill_cue_kinds, skill_lines_of FROM scorecards WHERE conversation_id = $1",
          [conversationId],
        )
      )[0];
    expect(await kept(conversation.id)).toEqual({
      skill_lines: 1,
      skill_cue_kinds: [["hedging", "customer_name"]],
      skill_lines_of: 3,
    });
    expect(await kept(other.conversation.id)).toMatchObject({ skill_lines: 7, skill_cue_kinds: [] });
    await store.close();
  });
});
