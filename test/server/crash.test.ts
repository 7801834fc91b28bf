import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ConversationDetail,
  ConversationSummary,
  IngestResult,
  Team,
} from "../../src/protocol/index.ts";
import { DEMO_SERVER_ADMIN, demoServerDataDir } from "./demoWorkspace.ts";
import { getJson, signIn, spawnServer, type SpawnedServer } from "./spawnServer.ts";

const ADMIN = {
  TAGTEAM_ADMIN_EMAIL: DEMO_SERVER_ADMIN.email,
  TAGTEAM_ADMIN_PASSWORD: DEMO_SERVER_ADMIN.password,
};
const WORKERS = 16;
const KILL_AFTER_ACKS = 300;

const dataDir = mkdtempSync(join(tmpdir(), "tagteam-crash-"));
let server: SpawnedServer | null = null;
// The server starts where the demo workspace's first start left off (its history written and
// scored), as the demo tests start it: a copy of the run's one, not a second one made here.
beforeAll(async () => {
  cpSync(await demoServerDataDir(), dataDir, { recursive: true });
}, 300_000);
afterAll(async () => {
  if (server !== null && server.child.exitCode === null) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("crash safety", () => {
  it("keeps every acknowledged message through kill -9 and a restart, and the engine carries on", async () => {
    const env = { TAGTEAM_DATA_DIR: dataDir, TAGTEAM_DEMO: "workspace", ...ADMIN };
    server = await spawnServer(env);
    const first = server;
    const cookie = await signIn(first.url, ADMIN.TAGTEAM_ADMIN_EMAIL, ADMIN.TAGTEAM_ADMIN_PASSWORD);
    const { teams } = await getJson<{ teams: Team[] }>(`${first.url}/api/v1/teams`, cookie);
    const teamId = teams[0]?.id ?? "";
    const tokenResponse = await fetch(`${first.url}/api/v1/tokens`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "crash", scopes: ["ingest"] }),
    });
    const { secret } = (await tokenResponse.json()) as { secret: string };

    const acked = new Set<string>();
    let killed = false;
    let reachedTarget: () => void = () => undefined;
    const target = new Promise<void>((resolve) => (reachedTarget = resolve));
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const senderMessageId = `crash-${w}-${i}`;
        try {
          const response = await fetch(`${first.url}/api/v1/messages`, {
            method: "POST",
            headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
            body: JSON.stringify({
              senderMessageId,
              conversationId: `crash-conv-${w}`,
              teamId,
              role: i % 2 === 0 ? "customer" : "agent",
              text:
                i % 2 === 0
                  ? `Where is my order ${w}-${i}? I'm waiting.`
                  : "Sorry, let me check that for you.",
            }),
          });
          if (response.ok) {
            const { results } = (await response.json()) as { results: IngestResult[] };
            for (const r of results) acked.add(r.senderMessageId);
            if (acked.size >= KILL_AFTER_ACKS) reachedTarget();
          }
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    await target;
    killed = true;
    first.child.kill("SIGKILL");
    await first.exited;
    await Promise.all(workers);
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    server = await spawnServer(env);
    const second = server;
    const cookie2 = await signIn(second.url, ADMIN.TAGTEAM_ADMIN_EMAIL, ADMIN.TAGTEAM_ADMIN_PASSWORD);
    const { conversations } = await getJson<{ conversations: ConversationSummary[] }>(
      `${second.url}/api/v1/conversations?status=all&limit=500`,
      cookie2,
    );
    const stored = new Set<string>();
    const counts = new Map<string, number>();
    for (const c of conversations.filter((x) => x.externalId.startsWith("crash-conv-"))) {
      const { conversation } = await getJson<{ conversation: ConversationDetail }>(
        `${second.url}/api/v1/conversations/${c.id}`,
        cookie2,
      );
      counts.set(c.externalId, conversation.messages.length);
      for (const m of conversation.messages) {
        if (m.senderMessageId !== null) stored.add(m.senderMessageId);
        // Every stored message was analysed in the same transaction.
        expect(m.analysis).not.toBeNull();
      }
    }
    const lost = [...acked].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);

    // The engine resumes from its stored state: the next message continues the transcript.
    const next = await fetch(`${second.url}/api/v1/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        senderMessageId: "after-restart",
        conversationId: "crash-conv-0",
        teamId,
        role: "customer",
        text: "Still waiting!",
      }),
    });
    const { results } = (await next.json()) as { results: IngestResult[] };
    expect(results[0]?.index).toBe(counts.get("crash-conv-0"));
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    // Two server starts, 300 acknowledged messages and a restart's replay: ~35 s on a quiet machine,
    // over the suite's 60 s when the other files' servers share its two cores (CI on a busy machine).
  }, 240_000);
});
