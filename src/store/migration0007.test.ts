// Upgrading a database written before migration 0007: analyses move into their messages' rows and
// engine states into conversation_engine_states, nothing lost.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listAnalyses } from "./analyses.ts";
import { loadEngineCheckpoints } from "./engineCheckpoints.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./migrate.ts";
import { createOrganisation } from "./organisations.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { createTeam } from "./teams.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0007")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0007", () => {
  it("moves stored analyses into messages and engine states into their own table", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    // Written with the schema of the time: today's repositories read columns added later.
    const org = await createOrganisation(store, { name: "Before 0007", slug: "before-0007" });
    const team = await createTeam(store, { orgId: org.id, name: "Support" });
    const [row] = await store.query(
      `INSERT INTO conversations (org_id, team_id, channel, external_id) VALUES ($1, $2, 'chat', 'm0007') RETURNING id`,
      [org.id, team.id],
    );
    const conversation = { id: String(row?.id) };
    const messageId = "7b0e5a52-3a3b-4d0a-9c8e-2f1d2b3c4d5e";
    await store.query(
      `INSERT INTO messages (id, org_id, conversation_id, position, role, text) VALUES ($1, $2, $3, 0, 'customer', 'hi')`,
      [messageId, org.id, conversation.id],
    );
    await store.query(
      `INSERT INTO analyses (message_id, org_id, conversation_id, message_index, risk, rung, analysis)
       VALUES ($1, $2, $3, 0, 0.3, 'signal', $4)`,
      [messageId, org.id, conversation.id, JSON.stringify({ messageIndex: 0, why: "waiting" })],
    );
    await store.query("UPDATE conversations SET engine_state = $2, engine_state_position = 0 WHERE id = $1", [
      conversation.id,
      JSON.stringify({ turns: 1 }),
    ]);

    // 0007 and every migration after it (later ones must apply on top of it too).
    expect((await migrate(store)).applied).toEqual(
      readMigrations()
        .map((m) => m.id)
        .filter((id) => id >= "0007"),
    );
    const [analysis] = await listAnalyses(store, { orgId: org.id, conversationId: conversation.id });
    expect(analysis).toMatchObject({
      messageId,
      messageIndex: 0,
      rung: "signal",
      analysis: { messageIndex: 0, why: "waiting" },
    });
    expect(analysis?.risk).toBeCloseTo(0.3);
    expect((await loadEngineCheckpoints(store, org.id, [conversation.id])).get(conversation.id)).toEqual({
      engineState: { turns: 1 },
      position: 0,
      complete: false,
    });
    const [table] = await store.query("SELECT to_regclass('analyses') AS t");
    expect(table?.t).toBeNull();
    await store.close();
  });
});
