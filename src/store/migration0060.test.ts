// Upgrading a database written before migration 0060: the debrief cards still as tagteam drafted
// them that hold a [PERSON] are marked to be drafted again (src/server/loop2/debriefRedraft.ts);
// a card its owner saved, and a card with no [PERSON], are not.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { createDebriefs, updateDebrief } from "./debriefs.ts";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0060")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0060", () => {
  it("marks the cards never saved that hold a [PERSON]", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const { org, team, agent, peer, lead, admin, conversation } = await seedOrganisation(store);
    const card = (personId: string, tryNext: string, wentWell: string[] = []) => ({
      orgId: org.id,
      teamId: team.id,
      conversationId: conversation.id,
      personId,
      role: "helper" as const,
      wentWell,
      tricky: [],
      tryNext,
    });
    const [inTryNext, inALine, saved, none] = await createDebriefs(store, [
      card(agent.id, "Try a whisper first (one sentence the [PERSON] can use)."),
      card(peer.id, "Step in sooner.", ["The [PERSON] used your whisper."]),
      card(lead.id, "Try a whisper first (one sentence the [PERSON] can use)."),
      card(admin.id, "Step in sooner."),
    ]);
    if (saved === undefined) throw new Error("no card");
    await updateDebrief(store, {
      orgId: org.id,
      id: saved.id,
      wentWell: [],
      tricky: [],
      tryNext: saved.tryNext,
    });
    await migrate(store);
    const rows = await store.query(`SELECT id, redraft_pending FROM debriefs`);
    const pending = new Map(rows.map((r) => [r.id, r.redraft_pending]));
    expect(pending.get(inTryNext?.id)).toBe(true);
    expect(pending.get(inALine?.id)).toBe(true);
    expect(pending.get(saved.id)).toBe(false);
    expect(pending.get(none?.id)).toBe(false);
    await store.close();
  });
});
