import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAlertById, transitionAlert } from "../../src/store/index.ts";
import { alertWaitingCustomers } from "../../src/server/commands/alertWaitingCustomers.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * A chat customer left without a reply for TAGTEAM_UNANSWERED_ALERT_MS alerts the best-placed
 * teammate, once per wait; not for email, not for a short wait, not for an old (imported) one.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld({
    env: { TAGTEAM_UNANSWERED_ALERT_MS: "300000", TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS: "900000" },
  });
});
afterAll(async () => {
  await world?.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
/** Different calm lines, so the engine sees no repetition and raises nothing of its own. */
const CUSTOMER_LINES = [
  "Could you check the status of order 4471, please?",
  "It was a blue kettle, ordered on Monday.",
  "I can also send the receipt if that helps.",
  "My postcode is on the order as well.",
  "The tracking page shows nothing yet.",
  "I am at home all afternoon today.",
  "Is there a phone number I could call instead?",
  "Also, can I add a second kettle to the same parcel?",
];
let said = 0;

async function say(conversationId: string, role: string, at: string, extra: Record<string, unknown> = {}) {
  const token = await world.token("admin", ["ingest"]);
  const r = await world.postMessages(
    token,
    message({
      teamId: world.teams.a,
      conversationId,
      role,
      at,
      text: role === "customer" ? CUSTOMER_LINES[said++ % CUSTOMER_LINES.length] : "Let me look at that.",
      ...(role === "agent" ? { author: world.people.agentA.email } : { author: "Kim Novak" }),
      ...extra,
    }),
  );
  expect(r.statusCode).toBe(200);
  return r.json().results[0].conversationId as string;
}
const alertsOf = (conversationId: string) =>
  world.store.query("SELECT id, state, why, rung, helper_person_id FROM alerts WHERE conversation_id = $1", [
    conversationId,
  ]);

describe("customers left waiting", () => {
  it("a chat waiting 5 minutes alerts a teammate once per wait; email, short and old waits do not", async () => {
    const chat = await say("wait-chat", "customer", minutesAgo(10));
    await say("wait-chat", "agent", minutesAgo(9));
    await say("wait-chat", "customer", minutesAgo(6));
    const email = await say("wait-email", "customer", minutesAgo(8), { channel: "email" });
    const short = await say("wait-short", "customer", minutesAgo(2));
    const old = await say("wait-old", "customer", minutesAgo(20));

    expect(await alertWaitingCustomers(world.app.ctx, Date.now())).toBe(1);
    const [alert] = await alertsOf(chat);
    expect(alert).toMatchObject({
      state: "raised",
      rung: "signal",
      why: "Kim Novak has waited 6 min for a reply from Aaron Agent",
    });
    expect(alert?.helper_person_id).not.toBe(world.people.agentA.id);
    expect(alert?.helper_person_id).not.toBeNull();
    for (const id of [email, short, old]) expect(await alertsOf(id)).toEqual([]);

    // Told once: not again while it is open, nor after it is closed, for the same wait.
    expect(await alertWaitingCustomers(world.app.ctx, Date.now())).toBe(0);
    await transitionAlert(world.store, {
      orgId: world.orgId,
      alertId: String(alert?.id),
      to: "dismissed_not_useful",
    });
    expect(await alertWaitingCustomers(world.app.ctx, Date.now())).toBe(0);

    // Answered, then a new wait: told again, once it has lasted 5 minutes (the others closed first).
    await world.store.query("UPDATE conversations SET status = 'closed' WHERE id = ANY($1::uuid[])", [
      [email, short, old],
    ]);
    await say("wait-chat", "agent", new Date().toISOString(), {
      text: "Found it: it left the warehouse today.",
    });
    await say("wait-chat", "customer", new Date().toISOString(), { text: "Great, thanks." });
    expect(await alertWaitingCustomers(world.app.ctx, Date.now() + 4 * 60_000)).toBe(0);
    expect(await alertWaitingCustomers(world.app.ctx, Date.now() + 5 * 60_000 + 1_000)).toBe(1);
    const again = (await alertsOf(chat)).filter((a) => a.state === "raised");
    expect(again).toHaveLength(1);
    expect((await findAlertById(world.store, world.orgId, String(again[0]?.id)))?.why).toMatch(
      /^Kim Novak has waited 5 min for a reply from Aaron Agent$/,
    );
  });

  it("a chat nobody has picked up says so", async () => {
    const id = await say("wait-unassigned", "customer", minutesAgo(7));
    expect(await alertWaitingCustomers(world.app.ctx, Date.now())).toBe(1);
    const [alert] = await alertsOf(id);
    expect(alert?.why).toBe("Kim Novak has waited 7 min and nobody has picked the chat up");
    // Counted under its own reason in the team's alert outcomes.
    expect((await findAlertById(world.store, world.orgId, String(alert?.id)))?.reasons).toEqual([
      "customer_waiting",
    ]);
  });
});
