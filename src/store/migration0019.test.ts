// Upgrading a database written before migration 0019: a scorecard made after its conversation's
// last close covers it; one made before (closed again since, which loop 2 used to ignore) goes on
// the startup sweep's list, with the messages that existed when it was made counted; a reopened
// conversation's is left for its next close.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./migrate.ts";
import { createOrganisation } from "./organisations.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { findClosedConversationsToScore, findScorecard } from "./scorecards.ts";
import { createTeam } from "./teams.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0019")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0019", () => {
  it("records what earlier scorecards cover, and lists those of conversations closed again since", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const org = await createOrganisation(store, { name: "Before 0019", slug: "before-0019" });
    const team = await createTeam(store, { orgId: org.id, name: "Support" });
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString();
    /** A conversation with one message per time given, a scorecard made at `scoredAt`, closed at `closedAt` (null: open). */
    const scored = async (
      externalId: string,
      messagesAt: string[],
      scoredAt: string,
      closedAt: string | null,
    ) => {
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
      const id = String(row?.id);
      // Written as the code of the time stored them (today's append statement needs later columns).
      for (const [i, sentAt] of messagesAt.entries())
        await store.query(
          `INSERT INTO messages (org_id, conversation_id, position, role, text, sent_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [org.id, id, i, i % 2 === 0 ? "customer" : "agent", `line ${i}`, sentAt],
        );
      await store.query("UPDATE conversations SET message_count = $2 WHERE id = $1", [id, messagesAt.length]);
      await store.query(
        `INSERT INTO scorecards (conversation_id, org_id, team_id, auto, auto_overall, created_at)
         VALUES ($1, $2, $3, '{"overall": 2}'::jsonb, 2, $4)`,
        [id, org.id, team.id, scoredAt],
      );
      return id;
    };
    // Closed at 10:05, scored at 10:06: covers its close.
    const current = await scored("c-current", [at(1), at(2)], at(6), at(5));
    // Closed at 10:05, scored at 10:06, reopened by a customer at 10:20 and closed again at 10:30.
    const closedAgain = await scored("c-closed-again", [at(1), at(2), at(20), at(21)], at(6), at(30));
    // Reopened at 10:20 and still open.
    const reopened = await scored("c-reopened", [at(1), at(2), at(20)], at(6), null);

    expect((await migrate(store)).applied).toEqual(
      readMigrations()
        .map((m) => m.id)
        .filter((id) => id >= "0019"),
    );
    expect(await findScorecard(store, org.id, current)).toMatchObject({
      scoredCloseAt: Date.parse(at(5)),
      scoredMessages: null,
      rescoredAt: null,
    });
    expect(await findScorecard(store, org.id, closedAgain)).toMatchObject({
      scoredCloseAt: null,
      scoredMessages: 2,
      rescoredAt: null,
    });
    expect(await findScorecard(store, org.id, reopened)).toMatchObject({
      scoredCloseAt: null,
      scoredMessages: null,
    });
    expect((await findClosedConversationsToScore(store)).map((c) => c.conversationId)).toEqual([closedAgain]);
    await store.close();
  });
});
