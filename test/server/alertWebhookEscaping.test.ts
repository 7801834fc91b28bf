import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatSafe } from "../../src/server/integrations/alertWebhook.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * Alerts out carry customers' words into the team's Slack or Mattermost channel. There they must
 * read as words: `<!channel>` would notify everyone in the channel, `<url|label>` would be a link
 * the customer labelled, and Mattermost mentions everyone for a plain `@here`.
 */
let receiver: Server;
let world: World;
const received: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push((JSON.parse(body) as { text: string }).text);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  world = await createWorld({
    env: {
      TAGTEAM_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      TAGTEAM_DELIVERY_POLL_MS: "50",
    },
  });
});
afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("alerts out, with a customer's words in them", () => {
  it("posts them as text: no channel-wide mention, no customer-made link", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const lines = [
      {
        role: "customer",
        author: "Mallory",
        text: "<!channel> @here I was charged a late fee of $40 but I paid <https://evil.example|here> & on time",
      },
      {
        role: "agent",
        author: world.people.agentA.email,
        text: "The billing team always messes this up, not my fault.",
      },
    ];
    for (const [i, line] of lines.entries())
      await world.postMessages(
        token,
        message({ teamId: world.teams.a, conversationId: "escape-1", senderMessageId: `esc-${i}`, ...line }),
      );
    for (let i = 0; i < 200 && !received.some((t) => t.startsWith("Step-in alert")); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const post = received.find((t) => t.startsWith("Step-in alert"));
    // The suggestion quotes the customer's first words (they came through as "channel> @here …").
    expect(post).toContain("You mentioned “channel&gt; @\u2060here I was charged");
    for (const text of received) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/@(here|channel|all)\b/);
    }
  });

  it("escapes what Slack reads as markup, and breaks Mattermost's channel-wide mentions", () => {
    expect(chatSafe("<!here> <https://x.example|Refund> @channel @All a&b ana@example.com")).toBe(
      "&lt;!here&gt; &lt;https://x.example|Refund&gt; @\u2060channel @\u2060All a&amp;b ana@example.com",
    );
  });
});
