import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/* POST /import: transcripts in the `tagteam analyze` input format, idempotent. */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

const importing = async (conversations: unknown[]) =>
  world.app.app.inject({
    method: "POST",
    url: "/api/v1/import",
    headers: { authorization: `Bearer ${await world.token("leadA", ["ingest"])}` },
    payload: { teamId: world.teams.a, conversations },
  });

describe("POST /import", () => {
  it("takes a number as a conversation id, as `tagteam analyze` does, and imports nothing new twice", async () => {
    const transcript = [
      {
        id: 4711,
        messages: [
          { role: "customer", text: "Hello, where is my order?" },
          { role: "agent", text: "It ships today." },
        ],
      },
    ];
    const first = await importing(transcript);
    expect([first.statusCode, first.json()]).toEqual([
      200,
      { conversations: 1, messages: 2, created: 2, alerts: 0, alreadyStored: [] },
    ]);
    expect((await importing(transcript)).json()).toMatchObject({
      messages: 2,
      created: 0,
      alreadyStored: [{ conversationId: "4711", lines: 2, differing: [] }],
    });
    const [row] = await world.store.query(
      "SELECT message_count FROM conversations WHERE external_id = '4711'",
    );
    expect(row?.message_count).toBe(2);
  });

  it("names the lines of another transcript reusing a conversation id that differ from those stored, and keeps the stored ones", async () => {
    const first = await importing([
      {
        id: "reused-id",
        messages: [
          { role: "customer", text: "My parcel never came." },
          { role: "agent", text: "Sorry, I will look into it." },
          { role: "customer", text: "Thanks." },
        ],
      },
      { id: "other-id", messages: [{ role: "customer", text: "Hi" }] },
    ]);
    expect(first.json()).toMatchObject({ created: 4, alreadyStored: [] });

    // Another file that happens to use the same id: its first line is the same, the next two not.
    const second = await importing([
      { id: "other-id", messages: [{ role: "customer", text: "Hi" }] },
      {
        id: "reused-id",
        messages: [
          { role: "customer", text: "My parcel never came." },
          { role: "agent", text: "Which order number is it?" },
          { role: "agent", text: "Thanks." },
          { role: "customer", text: "It is 1234." },
        ],
      },
    ]);
    expect([second.statusCode, second.json()]).toEqual([
      200,
      {
        conversations: 2,
        messages: 5,
        created: 1,
        alerts: 0,
        alreadyStored: [
          { conversationId: "other-id", lines: 1, differing: [] },
          { conversationId: "reused-id", lines: 3, differing: [1, 2] },
        ],
      },
    ]);
    const stored = await world.store.query<{ role: string; text: string }>(
      `SELECT m.role, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.external_id = 'reused-id' ORDER BY m.position`,
    );
    expect(stored.map((m) => `${m.role}: ${m.text}`)).toEqual([
      "customer: My parcel never came.",
      "agent: Sorry, I will look into it.",
      "customer: Thanks.",
      "customer: It is 1234.",
    ]);
  });

  it("refuses a bad transcript, naming every problem, and imports none of it", async () => {
    const r = await importing([
      { id: "fine", messages: [{ role: "customer", text: "Hi" }] },
      { id: 1.5, messages: [{ role: "robot", text: "" }] },
    ]);
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.issues.map((i: { path: (string | number)[] }) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "body.conversations.1.id",
        "body.conversations.1.messages.0.role",
        "body.conversations.1.messages.0.text",
      ]),
    );
    const [row] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id = 'fine'",
    );
    expect(row?.n).toBe(0);
  });
});
