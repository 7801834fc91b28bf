/**
 * An escalation is taken on the same way, and the same people hear who took it, whether a lead
 * presses "I'm on it" or is handed the conversation (a warm transfer, an accepted takeover). Handed
 * the conversation, the lead had it but the escalation still waited in the queue ("offered"), the
 * protocol kept moving it to the next level, and nobody was told it had been taken on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedTakeover, agentAConversation, createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
  // The admin works in team A too: someone with authority other than the lead it is asked of.
  const joined = await world.inject({
    method: "PATCH",
    url: `/api/v1/people/${world.people.admin.id}`,
    as: "admin",
    payload: { teamIds: [world.teams.a] },
  });
  expect(joined.statusCode, joined.body).toBe(200);
});
afterAll(async () => {
  await world?.close();
});

async function escalate(conversationId: string, as: keyof World["people"]): Promise<string> {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/escalate`,
    as,
    payload: { reason: "The customer asks for someone who can refund the fee" },
  });
  expect(r.statusCode, r.body).toBe(201);
  // The team's protocol asks its lead first.
  expect(r.json().intervention.toId).toBe(world.people.leadA.id);
  conversationOf.set(r.json().intervention.id, conversationId);
  return r.json().intervention.id as string;
}

/** Each escalation's conversation, to read it as the lead sees it. */
const conversationOf = new Map<string, string>();

async function transfer(conversationId: string, to: keyof World["people"]): Promise<void> {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people[to].id, note: "They want the fee refunded" },
  });
  expect(r.statusCode, r.body).toBe(201);
}

async function escalationOf(id: string): Promise<{ status: string; toId: string | null }> {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationOf.get(id)}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  const found = (
    r.json().conversation.interventions as { id: string; status: string; toId: string | null }[]
  ).find((i) => i.id === id);
  if (found === undefined) throw new Error("escalation not listed");
  return { status: found.status, toId: found.toId };
}

const nameOf = (id: string): string =>
  Object.values(world.people).find((p) => p.id === id)?.displayName ?? id;

/**
 * Who heard it was taken on, with what (names for the people, to read the failures): the private
 * notices (the team's leads also hear it through the team's room: alertNewsReaders.test.ts).
 */
async function takenNotices(interventionId: string) {
  const rows = await world.store.query<{ person_id: string; payload: Record<string, unknown> }>(
    `SELECT person_id, payload FROM events WHERE type = 'escalation.acknowledged' AND payload->>'interventionId' = $1
       AND person_id IS NOT NULL
     ORDER BY id`,
    [interventionId],
  );
  return rows.map((r) => ({
    to: nameOf(r.person_id),
    by: nameOf(String(r.payload.personId)),
    ...(r.payload.reason !== undefined ? { reason: r.payload.reason } : {}),
  }));
}

describe("an escalation taken on by being handed the conversation", () => {
  it("a warm transfer to the lead it was asked of: it is theirs, and whoever escalated hears who took it", async () => {
    const id = await agentAConversation(world, "taken-by-transfer");
    const escalationId = await escalate(id, "agentA");
    await transfer(id, "leadA");
    expect(await escalationOf(escalationId)).toEqual({ status: "accepted", toId: world.people.leadA.id });
    expect(await takenNotices(escalationId)).toEqual([{ to: "Aaron Agent", by: "Lena Lead" }]);
    // No longer waiting: the protocol's follow-up does not move it on.
    const waiting = await world.store.query(
      `SELECT id FROM interventions WHERE id = $1 AND state = 'offered'`,
      [escalationId],
    );
    expect(waiting).toEqual([]);
  });

  it("to someone else with authority: the one who escalated, the agent and the lead asked all hear who took it", async () => {
    const id = await agentAConversation(world, "taken-by-admin");
    const escalationId = await escalate(id, "peerA");
    await transfer(id, "admin");
    const admin = world.people.admin;
    expect(await escalationOf(escalationId)).toEqual({ status: "accepted", toId: admin.id });
    expect(await takenNotices(escalationId)).toEqual([
      { to: "Petra Peer", by: admin.displayName },
      { to: "Aaron Agent", by: admin.displayName, reason: "agent" },
      { to: "Lena Lead", by: admin.displayName, reason: "asked" },
    ]);
  });

  it("to a teammate without authority: it still waits for a lead", async () => {
    const id = await agentAConversation(world, "transfer-to-peer");
    const escalationId = await escalate(id, "agentA");
    await transfer(id, "peer2A");
    expect(await escalationOf(escalationId)).toEqual({ status: "offered", toId: world.people.leadA.id });
    expect(await takenNotices(escalationId)).toEqual([]);
  });

  it("a lead's takeover offer the agent accepts: the escalation is theirs too", async () => {
    const id = await agentAConversation(world, "taken-by-takeover");
    const escalationId = await escalate(id, "agentA");
    await acceptedTakeover(world, id, "leadA");
    expect(await escalationOf(escalationId)).toEqual({ status: "accepted", toId: world.people.leadA.id });
    expect(await takenNotices(escalationId)).toEqual([{ to: "Aaron Agent", by: "Lena Lead" }]);
  });
});

describe('an escalation taken on with "I\'m on it"', () => {
  it("by someone other than the lead asked: the same people hear who took it", async () => {
    const id = await agentAConversation(world, "taken-by-ack");
    const escalationId = await escalate(id, "peerA");
    const ack = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${escalationId}/acknowledge`,
      as: "admin",
      payload: {},
    });
    expect(ack.statusCode, ack.body).toBe(200);
    const admin = world.people.admin.displayName;
    expect(await takenNotices(escalationId)).toEqual([
      { to: "Petra Peer", by: admin },
      { to: "Aaron Agent", by: admin, reason: "agent" },
      { to: "Lena Lead", by: admin, reason: "asked" },
    ]);
  });
});
