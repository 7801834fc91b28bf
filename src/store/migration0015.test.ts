// Upgrading a database written before migration 0015: offers and escalations left waiting on
// conversations that had already ended are withdrawn as of the close; others are untouched.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./migrate.ts";
import { createOrganisation } from "./organisations.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { createTeam } from "./teams.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0015")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0015", () => {
  it("withdraws what was left offered on closed conversations, as of their close", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const org = await createOrganisation(store, { name: "Before 0015", slug: "before-0015" });
    const team = await createTeam(store, { orgId: org.id, name: "Support" });
    const conversation = async (externalId: string, closedAt: string | null) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id, status, closed_at, closed_reason)
         VALUES ($1, $2, 'chat', $3, $4, $5, $6) RETURNING id`,
        [
          org.id,
          team.id,
          externalId,
          closedAt === null ? "open" : "closed",
          closedAt,
          closedAt === null ? null : "teammate",
        ],
      );
      return String(row?.id);
    };
    const closedAt = "2026-03-02T10:00:00.000Z";
    const closed = await conversation("c-closed", closedAt);
    const open = await conversation("c-open", null);
    const intervention = async (conversationId: string, kind: string, state: string) => {
      const [row] = await store.query(
        `INSERT INTO interventions (org_id, team_id, conversation_id, kind, state) VALUES ($1, $2, $3, $4, $5)
         RETURNING id`,
        [org.id, team.id, conversationId, kind, state],
      );
      return String(row?.id);
    };
    const left = await intervention(closed, "escalation", "offered");
    const declined = await intervention(closed, "takeover_offer", "declined");
    const waiting = await intervention(open, "takeover_offer", "offered");

    expect((await migrate(store)).applied).toEqual(
      readMigrations()
        .map((m) => m.id)
        .filter((id) => id >= "0015"),
    );
    const rows = await store.query("SELECT id, state, decided_at FROM interventions");
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    expect(byId.get(left)?.state).toBe("withdrawn");
    expect(new Date(byId.get(left)?.decided_at as string | Date).toISOString()).toBe(closedAt);
    expect(byId.get(declined)?.state).toBe("declined");
    expect(byId.get(waiting)?.state).toBe("offered");
    await store.close();
  });
});
