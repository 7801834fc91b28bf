import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * A sender message id names one message of the organisation. A helpdesk whose ids restart per
 * ticket sends "7" for two different messages of two conversations; the second used to be answered
 * `created: false` with the FIRST conversation's message: acknowledged, and stored nowhere. Now the
 * request is refused with a 409 naming the id, and nothing of it is written (not even the new
 * conversation); a true retry (same conversation) is still answered from what is stored.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const post = async (payload: Record<string, unknown>) =>
  world.app.app.inject({
    method: "POST",
    url: "/api/v1/messages",
    headers: { authorization: `Bearer ${await world.token("admin", ["ingest"])}` },
    payload,
  });

const count = async (sql: string): Promise<number> => ((await world.store.query(sql))[0]?.n as number) ?? 0;

describe("POST /messages with a sender message id already stored in another conversation", () => {
  it("refuses it with a 409 naming the id and writes nothing; a retry in its own conversation is still idempotent", async () => {
    const team = world.teams.a;
    const first = await post({
      senderMessageId: "7",
      conversationId: "ticket-1",
      teamId: team,
      role: "customer",
      text: "My order has not arrived",
    });
    expect(first.statusCode).toBe(200);
    const messagesBefore = await count("SELECT count(*)::int AS n FROM messages");
    const conversationsBefore = await count("SELECT count(*)::int AS n FROM conversations");

    const clash = await post({
      senderMessageId: "7",
      conversationId: "ticket-2",
      teamId: team,
      role: "customer",
      text: "I was charged twice",
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe("CONFLICT");
    expect(clash.json().error.message).toContain(
      'senderMessageId "7" is already stored in another conversation',
    );
    expect(await count("SELECT count(*)::int AS n FROM messages")).toBe(messagesBefore);
    expect(await count("SELECT count(*)::int AS n FROM conversations")).toBe(conversationsBefore);

    // In a batch, the whole request is refused and its other messages are not written either.
    const batch = await post({
      messages: [
        { senderMessageId: "8", conversationId: "ticket-3", teamId: team, role: "customer", text: "Hi" },
        { senderMessageId: "7", conversationId: "ticket-3", teamId: team, role: "customer", text: "Hello?" },
      ],
    });
    expect(batch.statusCode).toBe(409);
    expect(batch.json().error.details.senderMessageIds).toEqual(["7"]);
    expect(await count("SELECT count(*)::int AS n FROM messages")).toBe(messagesBefore);

    const retry = await post({
      senderMessageId: "7",
      conversationId: "ticket-1",
      teamId: team,
      role: "customer",
      text: "My order has not arrived",
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().results[0]).toMatchObject({
      created: false,
      conversationId: first.json().results[0].conversationId,
    });
  });
});
