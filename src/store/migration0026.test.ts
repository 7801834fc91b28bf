// Upgrading a database written before migration 0026: each open conversation learns since when
// its customer has waited for a reply, from its transcript; answered and closed ones wait for nobody.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createOrganisation } from "./organisations.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { createTeam } from "./teams.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0026")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0026", () => {
  it("finds each open conversation's first unanswered customer line", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const org = await createOrganisation(store, { name: "Before 0026", slug: "before-0026" });
    const team = await createTeam(store, { orgId: org.id, name: "Support" });
    const at = (minute: number) =>
      new Date(Date.parse("2026-03-02T10:00:00Z") + minute * 60_000).toISOString();
    const conversation = async (externalId: string, status: string, lines: [string, string][]) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id, status) VALUES ($1, $2, 'chat', $3, $4)
         RETURNING id`,
        [org.id, team.id, externalId, status],
      );
      const id = String(row?.id);
      for (const [position, [role, kind]] of lines.entries()) {
        await store.query(
          `INSERT INTO messages (org_id, conversation_id, position, role, kind, text, sent_at)
           VALUES ($1, $2, $3, $4, $5, 'line', $6)`,
          [org.id, id, position, role, kind, at(position)],
        );
      }
      return id;
    };
    const waiting = await conversation("waiting", "open", [
      ["customer", "message"],
      ["agent", "message"],
      ["customer", "message"],
      ["agent", "whisper"],
      ["customer", "message"],
    ]);
    const never = await conversation("never-answered", "open", [["customer", "message"]]);
    const answered = await conversation("answered", "open", [
      ["customer", "message"],
      ["agent", "message"],
    ]);
    const closed = await conversation("closed", "closed", [["customer", "message"]]);
    await migrate(store);
    const rows = await store.query("SELECT id, waiting_since FROM conversations");
    const since = new Map(
      rows.map((r) => [
        String(r.id),
        r.waiting_since === null ? null : new Date(String(r.waiting_since)).toISOString(),
      ]),
    );
    expect(since.get(waiting)).toBe(at(2));
    expect(since.get(never)).toBe(at(0));
    expect(since.get(answered)).toBeNull();
    expect(since.get(closed)).toBeNull();
    await store.close();
  });
});
