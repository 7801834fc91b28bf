// Upgrading a database written before migration 0029: how often each conversation was reopened was
// only in the event log (`conversation.reopened`); the new column starts from the events still held.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createOrganisation } from "./organisations.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { createTeam } from "./teams.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0029")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0029", () => {
  it("counts each conversation's reopenings from the event log, in its own organisation only", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const org = await createOrganisation(store, { name: "Before 0029", slug: "before-0029" });
    const other = await createOrganisation(store, { name: "Other", slug: "other-0029" });
    const team = await createTeam(store, { orgId: org.id, name: "Support" });
    const conversation = async (externalId: string) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id) VALUES ($1, $2, 'chat', $3) RETURNING id`,
        [org.id, team.id, externalId],
      );
      return String(row?.id);
    };
    const twice = await conversation("twice");
    const never = await conversation("never");
    const event = (orgId: string, conversationId: string, type: string) =>
      store.query(`INSERT INTO events (org_id, conversation_id, type) VALUES ($1, $2, $3)`, [
        orgId,
        conversationId,
        type,
      ]);
    await event(org.id, twice, "conversation.reopened");
    await event(org.id, twice, "conversation.closed");
    await event(org.id, twice, "conversation.reopened");
    await event(org.id, never, "conversation.closed");
    // An event naming this conversation under another organisation is not its own.
    await event(other.id, never, "conversation.reopened");
    await migrate(store);
    const rows = await store.query(
      `SELECT external_id, reopened_count FROM conversations ORDER BY external_id`,
    );
    expect(rows.map((r) => [r.external_id, r.reopened_count])).toEqual([
      ["never", 0],
      ["twice", 2],
    ]);
    await store.close();
  });
});
