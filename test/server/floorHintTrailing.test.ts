/**
 * The floor never stays on a stale reading: a floor hint goes out at most once a second per
 * conversation, and a newer reading that came sooner was dropped. Two messages under a second
 * apart, then silence, left the floor on the first reading until the conversation's next message.
 * The newer reading is now held and sent once the second has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ServerFrame, type TagteamEvent } from "../../src/protocol/index.ts";
import { FLOOR_HINT_FLUSH_MS, FLOOR_HINT_MIN_INTERVAL_MS } from "../../src/server/ingest/pipeline.ts";
import { createWorld, message, type World } from "./factories.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

let world: World;
let wsUrl: string;
beforeAll(async () => {
  world = await createWorld();
  wsUrl = await startListening(world.app);
});
afterAll(async () => {
  await world?.close();
});

/** The first frame matching `match` within `ms`, or null. */
async function within(socket: TestSocket, match: (f: ServerFrame) => boolean, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  const frame = await Promise.race([socket.waitFor(match), late]);
  clearTimeout(timer);
  return frame;
}

const floorEvent = (conversationId: string, extra: (e: TagteamEvent) => boolean = () => true) => {
  return (f: ServerFrame): boolean =>
    f.type === "event" &&
    (f.event.type === "conversation.started" || f.event.type === "conversation.updated") &&
    f.event.conversationId === conversationId &&
    extra(f.event);
};

describe("floor hints after a quick pair of messages", () => {
  it("send the newer reading once the interval has passed, though no message follows", async () => {
    const peer = await openSocket(wsUrl, { cookie: await world.cookie("peer2A") });
    peer.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [{ kind: "team", id: world.teams.a }],
    });
    await peer.next(isType("welcome"));
    const token = await world.token("leadA", ["ingest"]);
    const post = async (i: number, text: string) => {
      const response = await world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: world.teams.a,
          conversationId: "quick-pair",
          senderMessageId: `quick-pair-${i}`,
          role: "customer",
          text,
        }),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().results[0].conversationId as string;
    };

    const conversationId = await post(0, "Hello, where is my parcel?");
    const started = await peer.waitFor(floorEvent(conversationId));
    const sentAt = Date.now();
    await post(1, "This is ridiculous, I am furious. Nobody ever answers me, I want a manager now!");
    expect(Date.now() - sentAt).toBeLessThan(FLOOR_HINT_MIN_INTERVAL_MS);

    const detail = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}`,
      as: "leadA",
    });
    const newest = detail.json().conversation as {
      risk: number;
      frustration: number;
      customerEmotion: string | null;
    };
    // The second message changed the reading the floor shows.
    const first = started.type === "event" ? started.event.data : {};
    expect([first.risk, first.frustration, first.customerEmotion]).not.toEqual([
      newest.risk,
      newest.frustration,
      newest.customerEmotion,
    ]);

    // No further message: the floor still gets the newest reading, once the interval has passed.
    const updated = await within(
      peer,
      floorEvent(
        conversationId,
        (e) =>
          e.type === "conversation.updated" &&
          e.data.risk === newest.risk &&
          e.data.frustration === newest.frustration &&
          e.data.customerEmotion === (newest.customerEmotion ?? undefined),
      ),
      FLOOR_HINT_MIN_INTERVAL_MS + FLOOR_HINT_FLUSH_MS + 1_000,
    );
    expect(updated, "the floor never received the second message's reading").not.toBeNull();
    // Not sooner than the interval allows, and only once.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(
      FLOOR_HINT_MIN_INTERVAL_MS - FLOOR_HINT_FLUSH_MS - 100,
    );
    expect(peer.frames.filter(floorEvent(conversationId))).toHaveLength(2);
    peer.close();
  });
});
