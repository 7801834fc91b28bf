// Upgrading a database written before migration 0043: teams named by spaces alone (made before
// names were required) get a name an admin can see and change.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedOrganisationAtOldSchema } from "./contract/factories.ts";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0043")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0043", () => {
  it("names each blank team 'Unnamed team' (numbered within its organisation) and leaves the rest", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    const mine = await seedOrganisationAtOldSchema(store);
    const other = await seedOrganisationAtOldSchema(store);
    const team = async (orgId: string, name: string, minutesAgo: number) => {
      const [row] = await store.query(
        `INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, now() - make_interval(mins => $3))
         RETURNING id`,
        [orgId, name, minutesAgo],
      );
      return String(row?.id);
    };
    const older = await team(mine.org.id, " ", 30);
    const newer = await team(mine.org.id, "   ", 10);
    const elsewhere = await team(other.org.id, "  ", 20);
    // A name already taken in that organisation is not given twice.
    await team(other.org.id, "Unnamed team", 40);
    await migrate(store);
    const nameOf = async (id: string) =>
      (await store.query("SELECT name FROM teams WHERE id = $1", [id]))[0]?.name;
    expect(await nameOf(older)).toBe("Unnamed team");
    expect(await nameOf(newer)).toBe("Unnamed team 2");
    expect(await nameOf(elsewhere)).toBe("  ");
    expect(await nameOf(mine.team.id)).toBe(mine.team.name);
    await store.close();
  });
});
