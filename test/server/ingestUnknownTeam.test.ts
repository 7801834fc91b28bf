import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * An admin's ingest token may post into any team, so a mistyped team id is not caught by the
 * team check every other role gets. Each ingest route answers 404 naming the team, and writes
 * nothing (it was a 500 from a failed insert, or from a malformed uuid).
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const MISSING = "6f30e375-162d-4b37-a0cc-1c890ce9e6b3";

const send = async (url: string, payload: Record<string, unknown>) =>
  world.app.app.inject({
    method: "POST",
    url,
    headers: { authorization: `Bearer ${await world.token("admin", ["ingest"])}` },
    payload,
  });

const routes = (team: string, id: string): [string, string, Record<string, unknown>][] => [
  [
    "POST /messages",
    "/api/v1/messages",
    { senderMessageId: `${id}-m`, conversationId: `${id}-m`, teamId: team, role: "customer", text: "Hello" },
  ],
  [
    "POST /import",
    "/api/v1/import",
    { teamId: team, conversations: [{ id: `${id}-i`, messages: [{ role: "customer", text: "Hello" }] }] },
  ],
  [
    "POST /webhooks/generic",
    "/api/v1/webhooks/generic",
    {
      event: "message.created",
      team,
      conversation: { id: `${id}-g` },
      message: { id: `${id}-g`, author: { type: "end_user", name: "Nia" }, body: "Hello" },
    },
  ],
  [
    "POST /webhooks/chatwoot",
    `/api/v1/webhooks/chatwoot?team=${encodeURIComponent(team)}`,
    {
      event: "message_created",
      id: 1,
      content: "Hello",
      message_type: "incoming",
      account: { id: 1 },
      conversation: { id: id.length },
      sender: { name: "Nia" },
    },
  ],
];

describe("ingest into a team that does not exist, with an admin's token", () => {
  for (const [team, id] of [
    [MISSING, "missing-uuid"],
    ["support-team", "not-a-uuid"],
  ] as const) {
    it(`answers 404 naming the team (${id}) on every ingest route, and writes nothing`, async () => {
      for (const [name, url, payload] of routes(team, id)) {
        const r = await send(url, payload);
        expect([name, r.statusCode, r.json().error?.code]).toEqual([name, 404, "NOT_FOUND"]);
        expect(r.json().error.message).toContain(`Team ${team} not found`);
        // Where to find the id, for whoever holds this ingest token (GET /teams would be 403).
        expect(r.json().error.message).toContain("Admin → Teams");
      }
      const [row] = await world.store.query("SELECT count(*)::int AS n FROM conversations");
      expect(row?.n).toBe(0);
    });
  }

  it("still posts into a team that exists", async () => {
    const [name, url, payload] = routes(world.teams.b, "real")[1]!;
    const r = await send(url, payload);
    expect([name, r.statusCode]).toEqual([name, 200]);
  });
});
