// Upgrading a database written before migration 0054: each conversation's origin is told from what
// its origin left behind (the built-in chat's customer token, Chatwoot's external id, an import's
// first message id); every other conversation came through the ingest API.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createUnmigratedTestStore } from "../../test/support/testStore.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0054")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0054", () => {
  it("backfills each conversation's origin", async () => {
    const store = await createUnmigratedTestStore();
    await migrate(store, before);
    // Written as the schema before 0054 had it: the store's own functions write the origin.
    const [org] = await store.query(
      `INSERT INTO organisations (name, slug) VALUES ('Acme', 'acme') RETURNING id`,
    );
    const [team] = await store.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'Support') RETURNING id`, [
      org?.id,
    ]);
    const conversation = async (externalId: string, token: string | null, firstMessageId: string | null) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id, customer_token_hash)
         VALUES ($1, $2, 'chat', $3, $4) RETURNING id`,
        [org?.id, team?.id, externalId, token],
      );
      if (firstMessageId !== null)
        await store.query(
          `INSERT INTO messages (org_id, conversation_id, position, role, text, external_id)
           VALUES ($1, $2, 0, 'customer', 'Hello', $3)`,
          [org?.id, row?.id, firstMessageId],
        );
      return externalId;
    };
    await conversation("chat:5b0c", "token-hash", "chat:5b0c:first");
    await conversation("chatwoot:3:77", null, "chatwoot:3:9001");
    await conversation("zd-4521", null, "import:zd-4521:0");
    await conversation("hd-501", null, "m-1");
    await conversation("hd-502", null, null);
    await migrate(store);
    const rows = await store.query(`SELECT external_id, origin FROM conversations ORDER BY external_id`);
    expect(Object.fromEntries(rows.map((r) => [r.external_id, r.origin]))).toEqual({
      "chat:5b0c": "chat",
      "chatwoot:3:77": "chatwoot",
      "zd-4521": "import",
      "hd-501": "api",
      "hd-502": "api",
    });
  });
});
