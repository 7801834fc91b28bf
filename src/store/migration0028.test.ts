// Upgrading a database written before migration 0028: an alert's root-cause evidence cited its
// line by the engine's index (analysed lines only); it now cites the line's position, as every
// other span does, so a whisper before the line no longer shifts the highlight onto the wrong line.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createOrganisation } from "./organisations.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { createTeam } from "./teams.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0028")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0028", () => {
  it("places root-cause evidence on its line's position, in conversations with private lines", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const org = await createOrganisation(store, { name: "Before 0028", slug: "before-0028" });
    const team = await createTeam(store, { orgId: org.id, name: "Support" });
    const conversation = async (externalId: string, kinds: string[]) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id) VALUES ($1, $2, 'chat', $3)
         RETURNING id`,
        [org.id, team.id, externalId],
      );
      const id = String(row?.id);
      for (const [position, kind] of kinds.entries()) {
        await store.query(
          `INSERT INTO messages (org_id, conversation_id, position, role, kind, text, analysis, risk, rung)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            org.id,
            id,
            position,
            kind === "message" ? "agent" : "system",
            kind,
            `line ${position}`,
            kind === "message" ? "{}" : null,
            kind === "message" ? 0.5 : null,
            kind === "message" ? "observe" : null,
          ],
        );
      }
      return id;
    };
    const alert = async (conversationId: string, messageIndex: number, evidence: unknown[]) => {
      const [row] = await store.query(
        `INSERT INTO alerts (org_id, team_id, conversation_id, rung, message_index, evidence)
         VALUES ($1, $2, $3, 'whisper', $4, $5::jsonb) RETURNING id`,
        [org.id, team.id, conversationId, messageIndex, JSON.stringify(evidence)],
      );
      return String(row?.id);
    };
    // Positions 0 1 [whisper 2] [signal 3] 4 5: engine indexes 0 1 2 3.
    const helped = await conversation("helped", [
      "message",
      "message",
      "whisper",
      "signal",
      "message",
      "message",
    ]);
    const plain = await conversation("plain", ["message", "message", "message"]);
    const shifted = await alert(helped, 5, [
      { messageIndex: 5, start: 0, end: 5, kind: "apology" },
      { messageIndex: 3, start: 0, end: 5, kind: "stress" },
      { messageIndex: 1, start: 2, end: 4, kind: "stress" },
      { messageIndex: 2, start: 0, end: 3, kind: "knowledge_gap" },
      { messageIndex: 9, start: 0, end: 3, kind: "stress" },
    ]);
    const untouched = await alert(plain, 2, [
      { messageIndex: 2, start: 0, end: 5, kind: "apology" },
      { messageIndex: 1, start: 0, end: 5, kind: "stress" },
    ]);
    const empty = await alert(helped, 4, []);

    await migrate(store);
    const rows = await store.query("SELECT id, evidence FROM alerts");
    const evidence = new Map(rows.map((r) => [String(r.id), r.evidence]));
    expect(evidence.get(shifted)).toEqual([
      { messageIndex: 5, start: 0, end: 5, kind: "apology" },
      { messageIndex: 5, start: 0, end: 5, kind: "stress" },
      { messageIndex: 1, start: 2, end: 4, kind: "stress" },
      { messageIndex: 4, start: 0, end: 3, kind: "knowledge_gap" },
    ]);
    expect(evidence.get(untouched)).toEqual([
      { messageIndex: 2, start: 0, end: 5, kind: "apology" },
      { messageIndex: 1, start: 0, end: 5, kind: "stress" },
    ]);
    expect(evidence.get(empty)).toEqual([]);
    await store.close();
  });
});
