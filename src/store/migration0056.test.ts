// Upgrading a database written before migration 0056: the live demo's replayed conversations,
// until then told apart only by their `sim-` ids, get their own origin; no other conversation changes.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "./migrate.ts";
import { createPGliteStore } from "./pgliteStore.ts";
import { findOrganisationIntegrations, setOrganisationReplyWebhook } from "./organisationIntegrations.ts";
import { NO_SECRET_KEYS } from "./secretBox.ts";

const before = mkdtempSync(join(tmpdir(), "tagteam-migrations-"));
for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "0056")) {
  cpSync(join(MIGRATIONS_DIR, name), join(before, name));
}
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe("migration 0056", () => {
  it("gives the demo's replayed conversations the demo origin, and keeps every other", async () => {
    const store = createPGliteStore(await PGlite.create());
    await migrate(store, before);
    const [org] = await store.query(
      `INSERT INTO organisations (name, slug) VALUES ('Acme', 'acme') RETURNING id`,
    );
    const [team] = await store.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'Support') RETURNING id`, [
      org?.id,
    ]);
    for (const [externalId, origin] of [
      ["sim-lx2k-4", "api"],
      ["sim-lx2k-5", "api"],
      ["hd-501", "api"],
      ["chatwoot:3:77", "chatwoot"],
      ["sim-old-1", "import"],
    ] as const)
      await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id, origin) VALUES ($1, $2, 'chat', $3, $4)`,
        [org?.id, team?.id, externalId, origin],
      );
    await migrate(store);
    const rows = await store.query(`SELECT external_id, origin FROM conversations`);
    expect(Object.fromEntries(rows.map((r) => [r.external_id, r.origin]))).toEqual({
      "sim-lx2k-4": "demo",
      "sim-lx2k-5": "demo",
      "hd-501": "api",
      "chatwoot:3:77": "chatwoot",
      "sim-old-1": "import",
    });

    // The organisation's own outlets: none until set, and a webhook never without its secret.
    const orgId = String(org?.id);
    expect(await findOrganisationIntegrations(store, orgId, NO_SECRET_KEYS)).toEqual({
      chatwoot: null,
      replyWebhook: null,
      alertWebhook: null,
    });
    await expect(
      store.query(
        `INSERT INTO organisation_integrations (org_id, reply_webhook_url) VALUES ($1, 'https://h.example')`,
        [orgId],
      ),
    ).rejects.toThrow();
    await setOrganisationReplyWebhook(
      store,
      {
        orgId,
        byPersonId: orgId,
        replyWebhook: { url: "https://h.example/replies", secret: "whsec_abc" },
      },
      NO_SECRET_KEYS,
    );
    expect((await findOrganisationIntegrations(store, orgId, NO_SECRET_KEYS)).replyWebhook).toMatchObject({
      url: "https://h.example/replies",
      secret: "whsec_abc",
    });
  });
});
