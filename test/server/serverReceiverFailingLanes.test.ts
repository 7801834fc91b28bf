import { randomBytes } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDeliveryCursors } from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";
import { otherOrganisation, troubledConversation, type OtherOrganisation } from "./otherOrganisation.ts";

/*
 * The server's own alert webhook (TAGTEAM_ALERT_WEBHOOK_URL) is down and its alert waits for the
 * next attempt; in the same page, another organisation's own webhook answers. The alert loop's
 * admin view still says the server's receiver is failing: another receiver answering says nothing
 * about it (before, the other organisation's answer cleared it while the server's receiver was
 * still failing, and logged "delivery receiver answers again"). Real HTTP receivers.
 */

/** A receiver: `hold` keeps a request unanswered until `release`; else `status` after `delayMs`. */
class Receiver {
  posts = 0;
  answered = 0;
  status = 200;
  delayMs = 0;
  hold = false;
  private held: ServerResponse[] = [];
  private server: Server | null = null;

  constructor(private readonly port: number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        this.posts++;
        if (this.hold) {
          this.held.push(res);
          return;
        }
        const status = this.status;
        setTimeout(() => {
          res.writeHead(status, { "content-type": "application/json" }).end("{}");
          this.answered++;
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  release(): void {
    this.hold = false;
    for (const res of this.held.splice(0)) {
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
      this.answered++;
    }
  }

  async until(ms: number, what: string, done: () => boolean): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let world: World;
let server: Receiver;
let theirs: Receiver;
let elsewhere: OtherOrganisation;

beforeAll(async () => {
  server = new Receiver(3962);
  theirs = new Receiver(3963);
  await Promise.all([server.start(), theirs.start()]);
  world = await createWorld({
    env: {
      TAGTEAM_SECRETS_KEY: randomBytes(32).toString("base64"),
      TAGTEAM_ALERT_WEBHOOK_URL: server.url("/hooks/server"),
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "8000",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "8000",
    },
  });
  elsewhere = await otherOrganisation(world, "elsewhere-lanes");
});

afterAll(async () => {
  server?.release();
  await world?.close();
  await Promise.all([server?.stop(), theirs?.stop()]);
});

describe("the server's alert webhook failing while another organisation's answers", () => {
  it("still says the server's receiver is failing", async () => {
    const set = await world.app.app.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/alert-webhook",
      headers: { cookie: elsewhere.admin },
      payload: { url: theirs.url("/hooks/elsewhere") },
    });
    expect(set.statusCode).toBe(200);
    const made = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: { cookie: elsewhere.lead },
      payload: { name: "elsewhere ingest", scopes: ["ingest"] },
    });
    expect(made.statusCode).toBe(201);
    const tokenB = (made.json() as { secret: string }).secret;
    const tokenA = await world.token("leadA", ["ingest"]);

    // A first alert keeps the loop on the server's receiver while the next two are raised, so
    // they are delivered in one page: this organisation's (the server's receiver, now down) and
    // the other organisation's (its own receiver, answering after 300 ms).
    server.hold = true;
    await troubledConversation(world, tokenA, world.teams.a, "lanes-first", world.people.agentA.email);
    await server.until(10_000, "the first post to the server's receiver", () => server.posts >= 1);
    const heldAt = Date.now();
    await troubledConversation(world, tokenA, world.teams.a, "lanes-server", world.people.agentA.email);
    await troubledConversation(
      world,
      tokenB,
      elsewhere.teamId,
      "lanes-theirs",
      "agent@elsewhere-lanes.example",
    );
    expect(Date.now() - heldAt, "raised while the first post was unanswered").toBeLessThan(4_500);
    server.status = 500;
    theirs.delayMs = 300;
    server.release();

    // The other organisation's receiver answers while the server's waits for its next attempt.
    await theirs.until(10_000, "the other organisation's alert answered", () => theirs.answered >= 1);
    await server.until(10_000, "the server's receiver failing", () => server.posts >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cursor = (await listDeliveryCursors(world.store)).find((c) => c.processor === "alert-webhook");
    expect(cursor?.failing?.lastError ?? "not failing").toContain("500");
    expect(cursor?.failing?.nextAttemptAt ?? null).not.toBeNull();
  }, 60_000);
});
