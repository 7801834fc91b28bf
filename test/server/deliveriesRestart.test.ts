import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedDataDir } from "../support/testStore.ts";
import { FakeReceiver } from "./fakeReceiver.ts";
import { signIn, spawnServer, type SpawnedServer } from "./spawnServer.ts";

/*
 * Deliveries survive a crash: events committed while the receiver was failing (one waiting for its
 * retry, one behind it) are posted by the next server started on the same PGlite directory.
 */
const ADMIN = { TAGTEAM_ADMIN_EMAIL: "admin@restart.test", TAGTEAM_ADMIN_PASSWORD: "restart-test-password" };
const dataDir = mkdtempSync(join(tmpdir(), "tagteam-deliveries-restart-"));
const receiver = new FakeReceiver();
let server: SpawnedServer | null = null;

// A copy of the run's migrated, empty data directory: the server skips initdb and the migrations.
beforeAll(async () => {
  cpSync(await migratedDataDir(), dataDir, { recursive: true });
});
afterAll(async () => {
  if (server !== null && server.child.exitCode === null) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
  await receiver.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(
  url: string,
  cookie: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

describe("deliveries across a crash", () => {
  it("posts, after a restart, what was committed but not yet delivered before kill -9", async () => {
    receiver.answer = 503;
    const env = {
      ...ADMIN,
      TAGTEAM_DATA_DIR: dataDir,
      TAGTEAM_ALERT_WEBHOOK_URL: `${await receiver.start()}/hook`,
      // The first failure waits ten minutes for its retry: the server is killed while it waits.
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "600000",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "600000",
    };
    server = await spawnServer(env);
    const first = server;
    const cookie = await signIn(first.url, ADMIN.TAGTEAM_ADMIN_EMAIL, ADMIN.TAGTEAM_ADMIN_PASSWORD);
    const { team } = (await call(first.url, cookie, "/teams", { name: "Restart" })) as {
      team: { id: string };
    };
    const { secret: token } = (await call(first.url, cookie, "/tokens", {
      name: "restart",
      scopes: ["ingest"],
    })) as {
      secret: string;
    };
    /** A new conversation, escalated with `reason` (one escalation.raised). */
    const escalate = async (reason: string): Promise<void> => {
      const ingested = await fetch(`${first.url}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          senderMessageId: `restart-${reason}`,
          conversationId: `restart-${reason}`,
          teamId: team.id,
          role: "customer",
          text: "Where is my order?",
        }),
      });
      const { results } = (await ingested.json()) as { results: { conversationId: string }[] };
      await call(first.url, cookie, `/conversations/${results[0]?.conversationId ?? ""}/escalate`, {
        reason,
      });
    };

    await escalate("before the crash");
    await receiver.waitFor((posts) => posts.some((p) => JSON.stringify(p.body).includes("before the crash")));
    await escalate("behind it");
    first.child.kill("SIGKILL");
    await first.exited;
    expect(receiver.deliveredTexts()).toEqual([]);

    receiver.answer = 200;
    server = await spawnServer({
      ...env,
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "1",
    });
    const second = server;
    await receiver.waitFor(() => receiver.deliveredTexts().length >= 2);
    expect(receiver.deliveredTexts().map((t) => /: (.+?) · /.exec(t)?.[1])).toEqual([
      "before the crash",
      "behind it",
    ]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(receiver.deliveredTexts()).toHaveLength(2);
    // Nothing here sleeps or waits out a backoff (the retry after the restart is 1 ms): its time is
    // two real server starts, about 13 s each on a busy machine (load 10 to 20), so 60 s was too tight.
  }, 120_000);
});
