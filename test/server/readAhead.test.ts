import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observeConversation, type EngineMessage } from "../../src/engine/index.ts";
import { agentAIngestPrincipal, createWorld, message, TROUBLED_LINES, type World } from "./factories.ts";

let world: World;
let token = "";
beforeAll(async () => {
  world = await createWorld();
  token = await world.token("agentA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

const post = (payload: Record<string, unknown>) => world.postMessages(token, payload);
const LINES = TROUBLED_LINES.slice(0, 6);

const readingsOf = async (world: World) =>
  (await world.app.ctx.metrics.ingestEngineReadings.get()).values.reduce<Record<string, number>>(
    (out, v) => ({ ...out, [String(v.labels.when)]: v.value }),
    {},
  );

/** What is stored for a conversation's messages, and what the engine reads straight through them. */
async function storedAndStraight(externalId: string) {
  const rows = await world.store.query(
    `SELECT m.role, m.text, m.sent_at, m.author_name, m.risk, m.rung
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.org_id = $1 AND c.external_id = $2 ORDER BY m.position`,
    [world.orgId, externalId],
  );
  const messages: EngineMessage[] = rows.map((r) => ({
    role: r["role"] as EngineMessage["role"],
    text: String(r["text"]),
    at: new Date(r["sent_at"] as string | Date).getTime(),
    ...(r["author_name"] !== null ? { author: String(r["author_name"]) } : {}),
  }));
  const context = await world.app.ctx.engine.contextFor(world.store, world.orgId, world.teams.a);
  const straight = observeConversation(messages, context);
  return {
    stored: rows.map((r) => ({ rung: r["rung"], risk: Number(r["risk"]) })),
    straight: straight.map((a) => ({ rung: a.stepIn.rung, risk: Math.min(1, Math.max(0, a.risk)) })),
  };
}

function expectSameReadings(got: Awaited<ReturnType<typeof storedAndStraight>>): void {
  expect(got.stored.map((r) => r.rung)).toEqual(got.straight.map((r) => r.rung));
  got.stored.forEach((r, i) => expect(r.risk).toBeCloseTo(got.straight[i]?.risk ?? Number.NaN, 5));
}

describe("messages read by the engine while an earlier group is written", () => {
  it("are read ahead and stored exactly as a straight read of each conversation", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `ahead-${i}`);
    const before = await readingsOf(world);
    for (const line of LINES) {
      // One message of every conversation at once: the first request starts a group, the others
      // arrive while it is written.
      const responses = await Promise.all(
        ids.map((conversationId) =>
          post(
            message({
              teamId: world.teams.a,
              conversationId,
              role: line.role,
              text: line.text,
              ...(line.role === "agent" ? { author: world.people.agentA.email } : {}),
            }),
          ),
        ),
      );
      for (const r of responses) expect(r.statusCode).toBe(200);
    }
    const after = await readingsOf(world);
    expect((after["ahead"] ?? 0) - (before["ahead"] ?? 0)).toBeGreaterThan(0);
    for (const id of ids) expectSameReadings(await storedAndStraight(id));
  });

  it("are read again in the transaction when a message before them was not written", async () => {
    const conversationId = "ahead-failed";
    const first = await post(message({ teamId: world.teams.a, conversationId, text: LINES[0]?.text }));
    expect(first.statusCode).toBe(200);
    // A conversation of team B, which agentA may not post into.
    const teamB = await world.postMessages(
      await world.token("leadB", ["ingest"]),
      message({ teamId: world.teams.b, conversationId: "ahead-team-b" }),
    );
    expect(teamB.statusCode).toBe(200);

    // Straight into the pipeline, in this order within one tick: a request that starts a group; a
    // request whose first message is fine and whose second names team B's conversation as team
    // A's (refused inside the transaction, so its first message is never stored); the
    // conversation's next message, read ahead from a state that includes the refused one.
    const principal = agentAIngestPrincipal(world);
    const input = (conversationId: string, text: string) => {
      const m = message({ teamId: world.teams.a, conversationId, text });
      return {
        senderMessageId: String(m["senderMessageId"]),
        conversationId,
        teamId: world.teams.a,
        channel: "chat" as const,
        role: "customer" as const,
        text,
        at: String(m["at"]),
      };
    };
    const before = await readingsOf(world);
    const { ingest } = world.app.ctx;
    const busy = ingest.submit(principal, [input("ahead-busy", "Hello there")]);
    const refused = ingest.submit(principal, [
      input(conversationId, LINES[2]?.text ?? ""),
      input("ahead-team-b", "Hello from the wrong team"),
    ]);
    const next = ingest.submit(principal, [input(conversationId, LINES[4]?.text ?? "")]);
    await expect(refused).rejects.toThrow(/may not post into/);
    await busy;
    await next;
    const after = await readingsOf(world);
    // The refused request's first message and the next one were read ahead; the next one was
    // read again, from the state without the refused message.
    expect((after["in_group"] ?? 0) - (before["in_group"] ?? 0)).toBeGreaterThanOrEqual(1);
    const got = await storedAndStraight(conversationId);
    expect(got.stored).toHaveLength(2);
    expectSameReadings(got);
  });
});
