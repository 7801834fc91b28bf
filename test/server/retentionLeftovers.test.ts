import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * Retention erases a conversation with everything derived from it: after the sweep, no table of
 * the database holds anything the customer wrote or was called, whatever tagteam built from it.
 */
const DAY_MS = 86_400_000;
const NAME = "Quillon Vasquez";
const EMAIL = "quillon.vasquez@example.com";
const WORD = "zephyrcrate";
let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_RETENTION_DAYS: "30" } });
  await world.app.start();
});
afterAll(async () => {
  await world.close();
});

/** Every table of the database whose rows, as text, contain `needle` (case-insensitive). */
async function tablesHolding(needle: string): Promise<string[]> {
  const tables = await world.store.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const found: string[] = [];
  for (const t of tables) {
    const name = String(t.table_name);
    const [row] = await world.store.query(
      `SELECT count(*)::int AS n FROM "${name}" x WHERE x::text ILIKE $1`,
      [`%${needle}%`],
    );
    if (Number(row?.n) > 0) found.push(name);
  }
  return found;
}

describe("retention leaves nothing personal behind", () => {
  it("after the sweep, no table holds the customer's name, e-mail or words", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const lines = [
      {
        role: "customer",
        text: `My ${WORD} refund never came, I told you twice! Write to ${EMAIL}.`,
        author: NAME,
      },
      {
        role: "agent",
        text: `Sorry Quillon, it's not my fault. I will call you back tomorrow about the ${WORD}.`,
        author: world.people.agentA.email,
      },
      { role: "customer", text: `You are useless. I want a manager for my ${WORD} now.` },
    ];
    let id = "";
    for (const [i, line] of lines.entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "ret-pii",
          senderMessageId: `ret-pii-${i}`,
          ...line,
        }),
      );
      expect(r.statusCode, r.body).toBe(200);
      id = r.json().results[0].conversationId as string;
    }
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text: `Tell Quillon the ${WORD} refund left yesterday.` },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    const closed = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/conversations/close",
      headers: { authorization: `Bearer ${token}` },
      payload: { conversationId: "ret-pii", at: new Date(Date.now() - 40 * DAY_MS).toISOString() },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const insight = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/insights`,
      as: "leadA",
      payload: {
        text: `Customers like Quillon Vasquez ask where their ${WORD} refund is; the status page helped.`,
      },
    });
    expect(insight.statusCode, insight.body).toBe(201);
    const journal = await world.inject({
      method: "POST",
      url: "/api/v1/journal",
      as: "peerA",
      payload: {
        conversationId: id,
        text: `Quillon Vasquez (${EMAIL}) was upset about the ${WORD}; I waited too long.`,
      },
    });
    expect(journal.statusCode, journal.body).toBe(201);
    const feedback = await world.inject({
      method: "POST",
      url: "/api/v1/feedback",
      as: "leadA",
      payload: {
        receiverId: world.people.agentA.id,
        conversationId: id,
        text: `When Quillon said the ${WORD} refund never came, you said it was not your fault; he got angrier. Next time, say what you will check.`,
      },
    });
    expect(feedback.statusCode, feedback.body).toBe(201);
    // Before the sweep the words are there (the probe finds what it looks for).
    expect(await tablesHolding(WORD)).toContain("messages");

    await world.app.sweeper.run();
    expect((await world.store.query("SELECT 1 FROM conversations WHERE id = $1", [id])).length).toBe(0);
    // The team's knowledge and teammates' own writing stay, without the customer in them.
    expect({
      name: await tablesHolding("Quillon"),
      email: await tablesHolding(EMAIL),
      words: (await tablesHolding(WORD)).sort(),
    }).toEqual({ name: [], email: [], words: ["feedback", "insights", "journal_entries"] });
    const [entry] = await world.store.query("SELECT text, conversation_id FROM journal_entries");
    expect(entry).toEqual({
      text: `[PERSON] ([EMAIL]) was upset about the ${WORD}; I waited too long.`,
      conversation_id: null,
    });
    const mine = await world.inject({ method: "GET", url: "/api/v1/feedback?box=sent", as: "leadA" });
    expect(mine.json().feedback[0].text).toContain(`When [PERSON] said the ${WORD} refund never came`);
  });
});
