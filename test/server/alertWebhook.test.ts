import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/* Alerts out: a real HTTP receiver stands in for Slack's incoming webhook. */
let receiver: Server;
let world: World;
const received: { text: string }[] = [];
let onReceived: () => void = () => undefined;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as { text: string });
      res.writeHead(200).end("ok");
      onReceived();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  world = await createWorld({
    env: {
      TAGTEAM_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      TAGTEAM_INCIDENT_THRESHOLD: "2",
      TAGTEAM_PUBLIC_URL: "https://tagteam.example.test/",
    },
  });
});
afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("alerts out", () => {
  it("posts a Slack-style message for a raised alert, saying why and whom it asks", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const arrived = new Promise<void>((resolve) => (onReceived = resolve));
    const lines = [
      { role: "customer", text: "My refund never arrived. I already told you twice!", author: "Ines" },
      {
        role: "agent",
        text: "Sorry, sorry, it's not my fault, billing did it.",
        author: world.people.agentA.email,
      },
      { role: "customer", text: "You are useless. I want a manager now or I call my lawyer." },
    ];
    for (const [i, line] of lines.entries()) {
      await world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: world.teams.a,
          conversationId: "webhook-1",
          senderMessageId: `wh-${i}`,
          ...line,
        }),
      });
    }
    await arrived;
    const alertPost = received.find((r) => r.text.startsWith("Step-in alert"));
    // Whoever reads it in the channel sees the team and opens the conversation from the post.
    const { conversations } = (
      await world.inject({ method: "GET", url: "/api/v1/conversations?status=all", as: "leadA" })
    ).json() as { conversations: { id: string; customerName: string | null }[] };
    const id = conversations.find((c) => c.customerName === "Ines")?.id;
    expect(id).toBeDefined();
    const link = `https://tagteam.example.test/conversations/${id}`;
    expect(alertPost?.text).toMatch(
      /^Step-in alert \(.+\): .+\nAsked: .+ · Team A · https:\/\/tagteam\S+(\n|$)/,
    );
    expect(alertPost?.text.split("\n")[1]?.endsWith(` · Team A · ${link}`)).toBe(true);

    const escalation = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/escalate`,
      as: "agentA",
      payload: { reason: "Wants a refund over my limit" },
    });
    expect(escalation.statusCode).toBe(201);
    const mine = () => received.find((r) => r.text.includes("Wants a refund over my limit"));
    while (mine() === undefined) await new Promise<void>((resolve) => (onReceived = resolve));
    expect(mine()?.text).toMatch(
      new RegExp(`^Escalation to .+: Wants a refund over my limit · Team A · ${link}$`),
    );
  });

  it("posts an incident when it opens, naming the team, the count and one customer's words", async () => {
    const token = await world.token("leadA", ["ingest"]);
    for (let i = 0; i < 2; i++)
      await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: `webhook-outage-${i}`,
          text: "the app keeps crashing when I open it",
          at: new Date().toISOString(),
        }),
      );
    await world.app.ctx.incidents.idle();
    await world.app.ctx.bus.idle();
    const post = received.find((r) => r.text.startsWith("Possible incident"));
    expect(post?.text).toMatch(
      /^Possible incident in Team A: 2 customers report "app" not working\nOne customer's words: ".+" · incident [0-9a-f-]{36}$/,
    );
  });
});
