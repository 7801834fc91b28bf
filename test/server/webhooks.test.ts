import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const event = (over: {
  id: string;
  type: string;
  body: string;
  email?: string;
  name?: string;
  at: string;
}) => ({
  event: "message.created",
  team: world.teams.a,
  conversation: { id: "HD-4411", channel: "email", topic: "refunds" },
  message: {
    id: over.id,
    author: {
      type: over.type,
      ...(over.email ? { email: over.email } : {}),
      ...(over.name ? { name: over.name } : {}),
    },
    body: over.body,
    created_at: over.at,
  },
});

const post = async (token: string, payload: unknown) =>
  world.app.app.inject({
    method: "POST",
    url: "/api/v1/webhooks/generic",
    headers: { authorization: `Bearer ${token}` },
    payload: payload as Record<string, unknown>,
  });

describe("generic inbound webhook", () => {
  it("maps events onto messages through the ingest path: stored, attributed, analysed, idempotent", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const first = await post(token, {
      events: [
        event({
          id: "m1",
          type: "end_user",
          name: "Nia Okafor",
          body: "My refund never came and I already told you twice!",
          at: "2026-03-02T10:00:00Z",
        }),
        event({
          id: "m2",
          type: "agent",
          email: world.people.agentA.email,
          body: "Sorry, sorry, it's not my fault, billing messed up.",
          at: "2026-03-02T10:01:00Z",
        }),
      ],
    });
    expect(first.statusCode).toBe(200);
    const results = first.json().results;
    expect(
      results.map((r: { senderMessageId: string; created: boolean }) => [r.senderMessageId, r.created]),
    ).toEqual([
      ["webhook:HD-4411:m1", true],
      ["webhook:HD-4411:m2", true],
    ]);
    const conversationId = results[0].conversationId as string;

    const single = await post(
      token,
      event({
        id: "m3",
        type: "customer",
        body: "You are useless. Get me a manager.",
        at: "2026-03-02T10:02:00Z",
      }),
    );
    expect(single.statusCode).toBe(200);
    const retry = await post(
      token,
      event({ id: "m1", type: "end_user", body: "changed", at: "2026-03-02T10:00:00Z" }),
    );
    expect(retry.json().results[0]).toMatchObject({ created: false, messageId: results[0].messageId });

    const detail = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "leadA" })
    ).json().conversation;
    expect(detail.channel).toBe("email");
    expect(detail.agentId).toBe(world.people.agentA.id);
    expect(detail.messages.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ["customer", "My refund never came and I already told you twice!"],
      ["agent", "Sorry, sorry, it's not my fault, billing messed up."],
      ["customer", "You are useless. Get me a manager."],
    ]);
    // Analysed like any other message: the floor has a reading for it.
    expect(detail.risk).toBeGreaterThan(0);
  });

  it("keeps messages of two conversations that number their messages alike (each ticket's first is 1)", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const first = (conversation: string, name: string, body: string) => ({
      ...event({ id: "1", type: "end_user", name, body, at: "2026-03-02T11:00:00Z" }),
      conversation: { id: conversation },
    });
    const a = await post(token, first("HD-7001", "Ann Lee", "Where is my order?"));
    const b = await post(token, first("HD-7002", "Bob Roy", "My card was declined."));
    // The second used to answer created: false with the first ticket's conversation, and was lost.
    expect([a.json().results[0].created, b.json().results[0].created]).toEqual([true, true]);
    const ids = [a, b].map((r) => r.json().results[0].conversationId as string);
    expect(new Set(ids).size).toBe(2);
    const texts = await Promise.all(
      ids.map(async (id) =>
        (await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" }))
          .json()
          .conversation.messages.map((m: { text: string }) => m.text),
      ),
    );
    expect(texts).toEqual([["Where is my order?"], ["My card was declined."]]);
  });

  it("answers a malformed event with 400 listing every problem, and writes nothing", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const count = async () =>
      (await world.inject({ method: "GET", url: "/api/v1/conversations?status=all", as: "admin" })).json()
        .conversations.length as number;
    const before = await count();
    const r = await post(token, {
      event: "message.created",
      team: world.teams.a,
      conversation: { id: "HD-bad", channel: "fax" },
      message: { id: "", author: { type: "robot" }, body: "" },
    });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.issues.map((i: { path: (string | number)[] }) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "body.conversation.channel",
        "body.message.id",
        "body.message.author.type",
        "body.message.body",
      ]),
    );
    expect(await count()).toBe(before);
  });

  it("needs an ingest token for the team", async () => {
    const anon = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/webhooks/generic",
      payload: event({ id: "x", type: "customer", body: "hi", at: "2026-03-02T10:00:00Z" }),
    });
    expect(anon.statusCode).toBe(401);
    const other = await post(
      await world.token("agentB", ["ingest"]),
      event({ id: "y", type: "customer", body: "hi", at: "2026-03-02T10:00:00Z" }),
    );
    expect(other.statusCode).toBe(403);
  });
});
