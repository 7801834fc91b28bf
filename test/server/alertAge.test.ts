import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/*
 * History alerts nobody: lines said longer ago than TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS (an imported
 * transcript, a helpdesk's backlog after an outage) are analysed and stored, but raise no alert.
 */
const MINUTE_MS = 60_000;
let world: World;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS: String(15 * MINUTE_MS) } });
});
afterAll(async () => {
  await world.close();
});

const STRUGGLE = [
  { role: "customer" as const, text: "My refund never came and I already told you twice!" },
  { role: "agent" as const, text: "Sorry, sorry, it's not my fault, billing messed up." },
  { role: "customer" as const, text: "You are useless. I want to speak to a manager right now." },
];

/** Posts the struggle said `agoMs` ago; returns the alerts raised and the analyses stored. */
async function struggle(conversationId: string, agoMs: number) {
  const token = await world.token("leadA", ["ingest"]);
  const alerts: string[] = [];
  let id = "";
  for (const [i, line] of STRUGGLE.entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId,
        senderMessageId: `${conversationId}-${i}`,
        ...line,
        ...(line.role === "agent" ? { author: world.people.agentA.email } : {}),
        at: new Date(Date.now() - agoMs + i * 1000).toISOString(),
      }),
    );
    expect(r.statusCode).toBe(200);
    id = r.json().results[0].conversationId as string;
    if (r.json().results[0].alertId !== null) alerts.push(r.json().results[0].alertId as string);
  }
  const [analysed] = await world.store.query(
    "SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND analysis IS NOT NULL",
    [id],
  );
  return { alerts, analysed: Number(analysed?.n) };
}

describe("lines said long ago", () => {
  it("are analysed and stored but alert nobody; the same lines said now do", async () => {
    const old = await struggle("age-old", 2 * 60 * MINUTE_MS);
    expect(old).toEqual({ alerts: [], analysed: 3 });
    const now = await struggle("age-now", 0);
    expect(now.alerts.length).toBeGreaterThan(0);
    expect(now.analysed).toBe(3);
  });

  it("an imported transcript from yesterday alerts nobody", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const yesterday = Date.now() - 24 * 60 * MINUTE_MS;
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/import",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        teamId: world.teams.a,
        conversations: [
          {
            id: "age-import",
            messages: STRUGGLE.map((l, i) => ({ ...l, at: new Date(yesterday + i * 60_000).toISOString() })),
          },
        ],
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ conversations: 1, messages: 3, created: 3, alerts: 0 });
  });
});
