import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDeliveryHolds } from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";
import { otherOrganisation, troubledConversation, type OtherOrganisation } from "./otherOrganisation.ts";

/*
 * One organisation's slow receiver does not hold up the others. Two organisations each set their
 * own alert webhook: this one's answers each post after 3 s (within the 5 s timeout, so it never
 * fails), the other's at once. The other organisation's alert is posted while this one's receiver
 * is still answering (before, it waited behind every one of this organisation's alerts ahead of
 * it, 3 s each), and this organisation's alerts all arrive, in order. Real HTTP receivers on local
 * ports stand in for Slack.
 */

interface Post {
  text: string;
  receivedAt: number;
  answeredAt: number | null;
}

/** A receiver answering 200 after `delayMs`; it keeps what it was sent and when. */
class Receiver {
  readonly posts: Post[] = [];
  private server: Server | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly port: number,
    private readonly delayMs: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        const post: Post = {
          text: (JSON.parse(raw) as { text?: string }).text ?? "",
          receivedAt: Date.now(),
          answeredAt: null,
        };
        this.posts.push(post);
        setTimeout(() => {
          post.answeredAt = Date.now();
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
          this.tell();
        }, this.delayMs);
        this.tell();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Its step-in alerts answered so far, in the order they were received. */
  alerts(): Post[] {
    return this.posts.filter((p) => p.text.startsWith("Step-in alert") && p.answeredAt !== null);
  }

  /** Resolves once `done()` holds, failing after `ms` with `what`. */
  async within(ms: number, what: string, done: () => boolean): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not within ${ms} ms: ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private tell(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let world: World;
let slow: Receiver;
let fast: Receiver;
let elsewhere: OtherOrganisation;

const conversationIdOf = async (orgId: string, key: string): Promise<string> => {
  const [row] = await world.store.query(
    "SELECT id FROM conversations WHERE org_id = $1 AND external_id = $2",
    [orgId, key],
  );
  return String(row?.id);
};

beforeAll(async () => {
  slow = new Receiver(3960, 3000);
  fast = new Receiver(3961, 0);
  await Promise.all([slow.start(), fast.start()]);
  world = await createWorld({ env: { TAGTEAM_SECRETS_KEY: randomBytes(32).toString("base64") } });
  elsewhere = await otherOrganisation(world, "elsewhere-slow");
});

afterAll(async () => {
  await world?.close();
  await Promise.all([slow?.stop(), fast?.stop()]);
});

describe("an organisation whose alert webhook answers slowly", () => {
  it("does not hold up another organisation's alerts, and gets its own in order", async () => {
    for (const [url, cookie] of [
      [slow.url("/hooks/here"), null],
      [fast.url("/hooks/elsewhere"), elsewhere.admin],
    ] as const) {
      const set =
        cookie === null
          ? await world.inject({
              method: "PUT",
              url: "/api/v1/admin/integrations/alert-webhook",
              as: "admin",
              payload: { url },
            })
          : await world.app.app.inject({
              method: "PUT",
              url: "/api/v1/admin/integrations/alert-webhook",
              headers: { cookie },
              payload: { url },
            });
      expect(set.statusCode).toBe(200);
    }

    // Three alerts for this organisation: its receiver takes 3 s over each.
    const tokenA = await world.token("leadA", ["ingest"]);
    const keys = ["slow-here-1", "slow-here-2", "slow-here-3"];
    for (const key of keys)
      await troubledConversation(world, tokenA, world.teams.a, key, world.people.agentA.email);
    await slow.within(5000, "the first post to the slow receiver", () => slow.posts.length >= 1);

    // The other organisation's alert, raised after them, is posted while this one's is answering.
    const tokenB = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: { cookie: elsewhere.lead },
      payload: { name: "elsewhere ingest", scopes: ["ingest"] },
    });
    expect(tokenB.statusCode).toBe(201);
    await troubledConversation(
      world,
      (tokenB.json() as { secret: string }).secret,
      elsewhere.teamId,
      "slow-elsewhere-1",
      "agent@elsewhere-slow.example",
    );
    const raisedAt = Date.now();
    await fast.within(2500, "the other organisation's alert", () => fast.alerts().length >= 1);
    const [theirs] = fast.alerts();
    expect(theirs?.receivedAt ?? Infinity).toBeLessThan(raisedAt + 2500);
    expect(slow.alerts().length).toBeLessThan(keys.length); // this one's still going on

    // This organisation's alerts all arrive, the oldest first, and its hold ends.
    await slow.within(20_000, "this organisation's three alerts", () => slow.alerts().length >= keys.length);
    await world.app.ctx.bus.idle();
    const ids = await Promise.all(keys.map((key) => conversationIdOf(world.orgId, key)));
    const order = slow
      .alerts()
      .map((p) => ids.findIndex((id) => p.text.includes(id)))
      .filter((i, at, all) => all.indexOf(i) === at);
    expect(order).toEqual([0, 1, 2]);
    // One post at a time to it, never two at once.
    for (const [i, post] of slow.posts.entries()) {
      const before = slow.posts[i - 1];
      if (before !== undefined) expect(post.receivedAt).toBeGreaterThanOrEqual(before.answeredAt ?? Infinity);
    }
    expect(await listDeliveryHolds(world.store, { processor: "alert-webhook" })).toEqual([]);
    expect(fast.alerts()).toHaveLength(1);
  }, 60_000);
});
