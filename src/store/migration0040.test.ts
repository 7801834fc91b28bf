// Upgrading a database written before migration 0040: employee pulses' invitees and answers had no
// org_id; they take their pulse's, and the keys that hold them to it apply from then on.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedOrganisationAtOldSchema } from "./contract/factories.ts";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";
import { readPulseResults } from "./pulses.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0040")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0040", () => {
  it("gives each pulse's invitees and answers their pulse's organisation, and its results still read", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const mine = await seedOrganisationAtOldSchema(store);
    const other = await seedOrganisationAtOldSchema(store);
    const pulseOf = async (s: typeof mine, score: number) => {
      const [row] = await store.query(
        `INSERT INTO team_pulses (org_id, team_id, opened_at, closes_at, invited)
         VALUES ($1, $2, now() - interval '2 days', now() - interval '1 day', 1) RETURNING id`,
        [s.org.id, s.team.id],
      );
      const id = String(row?.id);
      await store.query(
        "INSERT INTO team_pulse_invitees (pulse_id, person_id, answered) VALUES ($1, $2, true)",
        [id, s.agent.id],
      );
      await store.query("INSERT INTO team_pulse_answers (pulse_id, score) VALUES ($1, $2)", [id, score]);
      return id;
    };
    const a = await pulseOf(mine, 9);
    const b = await pulseOf(other, 2);
    await migrate(store);
    const orgs = async (table: string) =>
      (await store.query(`SELECT pulse_id, org_id FROM ${table} ORDER BY org_id`)).map((r) => [
        r.pulse_id,
        r.org_id,
      ]);
    const expected = [
      [a, mine.org.id],
      [b, other.org.id],
    ].sort((x, y) => String(x[1]).localeCompare(String(y[1])));
    expect(await orgs("team_pulse_invitees")).toEqual(expected);
    expect(await orgs("team_pulse_answers")).toEqual(expected);
    expect(
      (await readPulseResults(store, { orgId: mine.org.id, pulseId: a, minAnswers: 1 }))?.scores[9],
    ).toBe(1);
    await store.close();
  });
});
