/**
 * One offer to take a conversation over at a time: the agent answers it before another is made.
 * Walking loop 1, the conversation page still offered "Offer to take over" while an offer waited,
 * and a second one sat beside the first on the agent's console.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("an offer to take over while another waits", () => {
  it("is refused, naming whose offer waits, until the agent has answered it", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const posted = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "one-offer-at-a-time",
        role: "agent",
        author: world.people.agentA.email,
        text: "Hello, how can I help?",
      }),
    );
    const conversationId = posted.json().results[0].conversationId as string;
    const offer = (as: "peerA" | "peer2A") =>
      world.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/step-in`,
        as,
        payload: { kind: "takeover_offer" },
      });
    const offersStored = async () =>
      (
        await world.store.query(
          `SELECT count(*)::int AS n FROM interventions WHERE conversation_id = $1 AND kind = 'takeover_offer'`,
          [conversationId],
        )
      )[0]!.n as number;

    const first = await offer("peerA");
    expect(first.statusCode, first.body).toBe(201);

    const second = await offer("peer2A");
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain("an offer from Petra Peer");
    const again = await offer("peerA");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain("your offer");
    expect(await offersStored()).toBe(1);

    // A signal or a whisper is still welcome meanwhile.
    const signal = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: "peer2A",
      payload: { kind: "signal" },
    });
    expect(signal.statusCode, signal.body).toBe(201);

    const declined = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${first.json().intervention.id}/decline`,
      as: "agentA",
      payload: {},
    });
    expect(declined.statusCode, declined.body).toBe(200);
    const after = await offer("peer2A");
    expect(after.statusCode, after.body).toBe(201);
    expect(await offersStored()).toBe(2);
  });
});
