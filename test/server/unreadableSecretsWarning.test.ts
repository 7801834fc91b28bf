import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.ts";
import {
  createOrganisation,
  createPerson,
  secretKeyId,
  secretKeys,
  setOrganisationAlertWebhook,
} from "../../src/store/index.ts";
import { createWorld, testConfig, type World } from "./factories.ts";

/*
 * Organisations' secrets sealed with a key the server no longer has are found at every start and
 * warned about once per organisation, in one line that says which of its secrets, under which key,
 * and the two ways out (give the key back, or its admin sets them again): not one line per secret,
 * and not only when the server has a key of its own. Real store; the log lines the server writes.
 */
const KEY1 = randomBytes(32);
const KEY2 = randomBytes(32);
const GONE = secretKeyId(KEY1);
let world: World;
let elsewhere: { id: string };

beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_SECRETS_KEY: KEY1.toString("base64") } });
  for (const [path, payload] of [
    ["chatwoot", { url: "https://chatwoot.example", apiToken: "cw-token-unreadable-1" }],
    ["reply-webhook", { url: "https://helpdesk.example/replies" }],
    ["alert-webhook", { url: "https://hooks.slack.example/services/T1/B2/unreadable" }],
  ] as const) {
    const r = await world.inject({
      method: "PUT",
      url: `/api/v1/admin/integrations/${path}`,
      as: "admin",
      payload,
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  elsewhere = await createOrganisation(world.store, { name: "Elsewhere Ltd", slug: "elsewhere-unreadable" });
  const admin = await createPerson(world.store, {
    orgId: elsewhere.id,
    email: "admin@elsewhere-unreadable.example",
    displayName: "Elsa",
    role: "admin",
    availability: "available",
    teamIds: [],
  });
  await setOrganisationAlertWebhook(
    world.store,
    { orgId: elsewhere.id, byPersonId: admin.id, alertWebhook: { url: "https://hooks.slack.example/x/y/z" } },
    secretKeys(KEY1),
  );
});

afterAll(async () => world?.close());

/** The warning lines about unreadable secrets a server started with `env` on this database writes. */
async function startWarnings(env: Record<string, string>): Promise<{ msg: string; orgId: string }[]> {
  const lines: Record<string, unknown>[] = [];
  const app = await buildApp({
    config: testConfig({ ...env, TAGTEAM_LOG_LEVEL: "warn" }),
    store: world.store,
    logStream: { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  await app.close();
  return lines
    .filter((l) => typeof l.msg === "string" && l.msg.includes("which this server does not have"))
    .map((l) => ({ msg: l.msg as string, orgId: l.orgId as string }));
}

describe("secrets sealed with a key that is gone", () => {
  it("are warned about at start in one line per organisation, saying which and what to do", async () => {
    const [row] = await world.store.query<{ name: string }>("SELECT name FROM organisations WHERE id = $1", [
      world.orgId,
    ]);
    const name = row?.name ?? "";
    const warnings = await startWarnings({ TAGTEAM_SECRETS_KEY: KEY2.toString("base64") });
    expect(warnings).toEqual(
      [
        {
          orgId: elsewhere.id,
          msg: `Organisation "Elsewhere Ltd" (${elsewhere.id}): its alert webhook address was encrypted with key ${GONE}, which this server does not have, so nothing is posted with it. Give the server that key again (TAGTEAM_SECRETS_KEY, or TAGTEAM_SECRETS_OLD_KEYS beside the new one), or the organisation's admin sets it again on Admin → Integrations`,
        },
        {
          orgId: world.orgId,
          msg: `Organisation "${name}" (${world.orgId}): its Chatwoot access token, reply webhook signing secret and alert webhook address were encrypted with key ${GONE}, which this server does not have, so nothing is posted with them. Give the server that key again (TAGTEAM_SECRETS_KEY, or TAGTEAM_SECRETS_OLD_KEYS beside the new one), or the organisation's admin sets them again on Admin → Integrations`,
        },
      ].sort((a, b) => (a.msg < b.msg ? -1 : 1)),
    );
  });

  it("are warned about by a server with no key at all too, and not once it has the key again", async () => {
    const warnings = await startWarnings({});
    expect(warnings.map((w) => w.orgId).sort()).toEqual([elsewhere.id, world.orgId].sort());
    expect(
      await startWarnings({
        TAGTEAM_SECRETS_KEY: KEY2.toString("base64"),
        TAGTEAM_SECRETS_OLD_KEYS: KEY1.toString("base64"),
      }),
    ).toEqual([]);
  });
});
