import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedDataDir } from "../support/testStore.ts";
import { FakeReceiver } from "./fakeReceiver.ts";
import { signIn, spawnServer, type SpawnedServer } from "./spawnServer.ts";

/*
 * The last organisation removes its own alert webhook (the server has none) and the server is
 * restarted before its next check of the outlets (TAGTEAM_DELIVERY_RECONCILE_MS, ten minutes here)
 * could forget the alert webhook's cursor. Set up again later, it sends only what happens from then
 * on, as Admin → Integrations says; before, it carried on from the old cursor and posted what was
 * escalated while it was off.
 */
const ADMIN = { TAGTEAM_ADMIN_EMAIL: "admin@removed.test", TAGTEAM_ADMIN_PASSWORD: "removed-test-password" };
const dataDir = mkdtempSync(join(tmpdir(), "tagteam-outlet-removed-restart-"));
const slack = new FakeReceiver();
let server: SpawnedServer | null = null;

beforeAll(async () => {
  cpSync(await migratedDataDir(), dataDir, { recursive: true });
  await slack.start();
});
afterAll(async () => {
  if (server !== null && server.child.exitCode === null) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
  await slack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(
  url: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: body === undefined ? { cookie } : { cookie, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** What each post said was escalated, in the order received at `path`. */
const escalated = (path: string): string[] =>
  slack.received
    .filter((p) => p.url === path)
    .map((p) => /: (.+?) · /.exec((p.body as { text?: string }).text ?? "")?.[1] ?? "");

describe("an organisation's last outlet removed just before a restart", () => {
  it("is set up again from the newest event: what was escalated while it was off is not posted", async () => {
    const env = {
      ...ADMIN,
      TAGTEAM_DATA_DIR: dataDir,
      TAGTEAM_DELIVERY_RECONCILE_MS: "600000",
    };
    server = await spawnServer(env);
    let url = server.url;
    let cookie = await signIn(url, ADMIN.TAGTEAM_ADMIN_EMAIL, ADMIN.TAGTEAM_ADMIN_PASSWORD);
    const { team } = (await call(url, cookie, "POST", "/teams", { name: "Removed" })) as {
      team: { id: string };
    };
    const { secret: token } = (await call(url, cookie, "POST", "/tokens", {
      name: "removed",
      scopes: ["ingest"],
    })) as { secret: string };
    /** A new conversation, escalated with `reason` (one escalation.raised). */
    const escalate = async (reason: string): Promise<void> => {
      const ingested = await fetch(`${url}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          senderMessageId: `removed-${reason}`,
          conversationId: `removed-${reason}`,
          teamId: team.id,
          role: "customer",
          text: "Where is my order?",
        }),
      });
      const { results } = (await ingested.json()) as { results: { conversationId: string }[] };
      await call(url, cookie, "POST", `/conversations/${results[0]?.conversationId ?? ""}/escalate`, {
        reason,
      });
    };

    await call(url, cookie, "PUT", "/admin/integrations/alert-webhook", { url: slack.url("/first") });
    await escalate("while set up");
    await slack.waitFor(() => escalated("/first").length >= 1);
    await call(url, cookie, "DELETE", "/admin/integrations/alert-webhook");

    // Restarted within the check's interval: its loop never had the chance to forget the cursor.
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    server = await spawnServer(env);
    url = server.url;
    cookie = await signIn(url, ADMIN.TAGTEAM_ADMIN_EMAIL, ADMIN.TAGTEAM_ADMIN_PASSWORD);
    await escalate("while off");

    await call(url, cookie, "PUT", "/admin/integrations/alert-webhook", { url: slack.url("/again") });
    await escalate("after setting it up again");
    // Delivered in order: "while off" would have come first.
    await slack.waitFor(() => escalated("/again").length >= 1);
    expect(escalated("/again")).toEqual(["after setting it up again"]);
    expect(escalated("/first")).toEqual(["while set up"]);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 120_000);
});
