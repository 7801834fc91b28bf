import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentAIngestPrincipal, createWorld, message, type World } from "./factories.ts";

/*
 * A teammate's reply that a delivery loop posts (here the reply webhook) is stored with its
 * delivery row and its `reply.sent` event in one transaction: a reply is never stored without
 * them (it would read as sent and never go), and when the write is refused none of the three is
 * left behind. Nothing listens on the webhook's port: these tests read what was stored, not what
 * was posted (test/server/replyDelivery.test.ts checks the posting).
 */

const env = {
  TAGTEAM_REPLY_WEBHOOK_URL: "http://127.0.0.1:3963/helpdesk",
  TAGTEAM_REPLY_WEBHOOK_SECRET: "reply-webhook-secret-atomic-0123",
};

describe("a reply for the reply webhook", () => {
  let world: World;
  let conversationId: string;

  beforeAll(async () => {
    world = await createWorld({ env });
    const posted = await world.postMessages(
      await world.token("leadA", ["ingest"]),
      message({ teamId: world.teams.a, conversationId: "hd-atomic", text: "Where is my refund?" }),
    );
    expect(posted.statusCode).toBe(200);
    conversationId = posted.json().results[0].conversationId;
    // A conversation of team B, which agentA may not post into.
    const teamB = await world.postMessages(
      await world.token("leadB", ["ingest"]),
      message({ teamId: world.teams.b, conversationId: "hd-atomic-team-b" }),
    );
    expect(teamB.statusCode).toBe(200);
  });
  afterAll(async () => world.close());

  const stored = async (text: string) => {
    const messages = await world.store.query<{ id: string }>(
      `SELECT id FROM messages WHERE org_id = $1 AND text = $2`,
      [world.orgId, text],
    );
    const ids = messages.map((m) => m.id);
    const deliveries = await world.store.query<{ message_id: string; via: string; state: string }>(
      `SELECT message_id, via, state FROM reply_deliveries WHERE org_id = $1 AND message_id = ANY($2::uuid[])`,
      [world.orgId, ids],
    );
    const events = await world.store.query<{ person_id: string | null; payload: { messageId: string } }>(
      `SELECT person_id, payload FROM events WHERE org_id = $1 AND type = 'reply.sent'`,
      [world.orgId],
    );
    return { ids, deliveries, events: events.filter((e) => ids.includes(e.payload.messageId)) };
  };

  it("is stored with its delivery row and its event", async () => {
    const text = "I have found your refund: it went out this morning.";
    const res = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/messages`,
      as: "agentA",
      payload: { text },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().delivery).toEqual({ via: "webhook", state: "waiting" });
    const got = await stored(text);
    expect(got.ids).toHaveLength(1);
    expect(got.deliveries).toEqual([{ message_id: got.ids[0], via: "webhook", state: expect.any(String) }]);
    expect(got.events).toHaveLength(1);
    expect(got.events[0]?.person_id).toBe(world.people.agentA.id);
  });

  it("leaves no delivery row and no event when its write is refused", async () => {
    const { agentA } = world.people;
    const principal = agentAIngestPrincipal(world);
    const text = "A reply written in the same request as a refused line.";
    // The second line names team B's conversation as team A's: refused inside the transaction.
    const refused = world.app.ctx.ingest.submit(principal, [
      {
        senderMessageId: "reply:atomic-1",
        conversationId: "hd-atomic",
        teamId: world.teams.a,
        channel: "chat",
        role: "agent",
        text,
        author: agentA.id,
        replyVia: "webhook",
      },
      {
        senderMessageId: "atomic-wrong-team",
        conversationId: "hd-atomic-team-b",
        teamId: world.teams.a,
        channel: "chat",
        role: "customer",
        text: "Hello from the wrong team",
      },
    ]);
    await expect(refused).rejects.toThrow(/may not post into/);
    expect(await stored(text)).toEqual({ ids: [], deliveries: [], events: [] });
    // The same reply alone is then stored with both.
    await world.app.ctx.ingest.submit(principal, [
      {
        senderMessageId: "reply:atomic-2",
        conversationId: "hd-atomic",
        teamId: world.teams.a,
        channel: "chat",
        role: "agent",
        text,
        author: agentA.id,
        replyVia: "webhook",
      },
    ]);
    const got = await stored(text);
    expect(got.ids).toHaveLength(1);
    expect(got.deliveries.map((d) => d.message_id)).toEqual(got.ids);
    expect(got.events).toHaveLength(1);
  });
});
