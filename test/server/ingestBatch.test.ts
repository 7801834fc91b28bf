import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findConversationsByExternalIds } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("a group of new conversations", () => {
  it("creates them together with their customers and first agent, and a retry creates nothing more", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const ids = ["batch-a", "batch-b", "batch-c"];
    const payload = {
      messages: ids.flatMap((conversationId, i) => [
        message({ teamId: world.teams.a, conversationId, role: "customer", author: `Customer ${i}` }),
        message({
          teamId: world.teams.a,
          conversationId,
          role: "agent",
          author: world.people.agentA.email,
          text: "Happy to help.",
        }),
      ]),
    };
    const post = () =>
      world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const first = await post();
    expect(first.statusCode).toBe(200);
    const conversations = await findConversationsByExternalIds(world.store, world.orgId, ids);
    expect(
      conversations.map((c) => [c.externalId, c.customerName, c.assignedPersonId, c.messageCount]).sort(),
    ).toEqual(ids.map((id, i) => [id, `Customer ${i}`, world.people.agentA.id, 2]));
    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(again.json().results.every((r: { created: boolean }) => !r.created)).toBe(true);
    expect(await findConversationsByExternalIds(world.store, world.orgId, ids)).toHaveLength(3);
  });

  it("makes the first recognised agent of an unassigned conversation its agent, in a later request", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const post = (payload: Record<string, unknown>) => world.postMessages(token, payload);
    const ids = ["later-a", "later-b"];
    for (const conversationId of ids)
      expect(
        (await post(message({ teamId: world.teams.a, conversationId, role: "customer" }))).statusCode,
      ).toBe(200);
    const before = await findConversationsByExternalIds(world.store, world.orgId, ids);
    expect(before.map((c) => c.assignedPersonId)).toEqual([null, null]);
    const replies = {
      messages: ids.map((conversationId) =>
        message({ teamId: world.teams.a, conversationId, role: "agent", author: world.people.agentA.email }),
      ),
    };
    expect((await post(replies)).statusCode).toBe(200);
    const after = await findConversationsByExternalIds(world.store, world.orgId, ids);
    expect(after.map((c) => c.assignedPersonId)).toEqual([world.people.agentA.id, world.people.agentA.id]);
  });

  it("gives a conversation to the assignee the sender names, from the customer's first line, and only once", async () => {
    // The floor listed a routed chat as "unassigned" until its agent's first reply.
    const token = await world.token("agentA", ["ingest"]);
    const post = (payload: Record<string, unknown>) => world.postMessages(token, payload);
    const assigned = async (id: string) =>
      (await findConversationsByExternalIds(world.store, world.orgId, [id]))[0]?.assignedPersonId;
    const line = (i: number, role: string, extra: Record<string, unknown>) =>
      message({
        teamId: world.teams.a,
        conversationId: "routed-a",
        senderMessageId: `routed-a-${i}`,
        role,
        ...extra,
      });
    expect((await post(line(0, "customer", { assignee: world.people.agentA.email }))).statusCode).toBe(200);
    expect(await assigned("routed-a")).toBe(world.people.agentA.id);
    // Another assignee, or another agent writing, does not take it from them.
    expect((await post(line(1, "customer", { assignee: world.people.peerA.id }))).statusCode).toBe(200);
    expect(
      (await post(line(2, "agent", { author: world.people.peerA.email, assignee: world.people.peerA.email })))
        .statusCode,
    ).toBe(200);
    expect(await assigned("routed-a")).toBe(world.people.agentA.id);
    // Nobody tagteam knows: unassigned, as without one.
    const unknown = message({
      teamId: world.teams.a,
      conversationId: "routed-b",
      role: "customer",
      assignee: "nobody@example.com",
    });
    expect((await post(unknown)).statusCode).toBe(200);
    expect(await assigned("routed-b")).toBeNull();
  });

  it("names the customer of a conversation the agent began, from the customer's first named message, once", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const post = (payload: Record<string, unknown>) => world.postMessages(token, payload);
    const named = async () =>
      (await findConversationsByExternalIds(world.store, world.orgId, ["outbound-a"]))[0]?.customerName;
    const line = (role: string, i: number, author?: string) =>
      message({
        teamId: world.teams.a,
        conversationId: "outbound-a",
        senderMessageId: `outbound-a-${i}`,
        role,
        ...(author !== undefined ? { author } : {}),
      });
    expect((await post(line("agent", 0, world.people.agentA.email))).statusCode).toBe(200);
    expect(await named()).toBeNull();
    // A customer's message without a name leaves it unnamed; the first with one names it.
    expect((await post(line("customer", 1))).statusCode).toBe(200);
    expect(await named()).toBeNull();
    expect((await post(line("customer", 2, "Olu Ade"))).statusCode).toBe(200);
    expect(await named()).toBe("Olu Ade");
    const page = await world.inject({ method: "GET", url: "/api/v1/conversations?status=all", as: "leadA" });
    expect(
      page.json().conversations.find((c: { externalId: string }) => c.externalId === "outbound-a")
        ?.customerName,
    ).toBe("Olu Ade");
    // A name once given is kept.
    expect((await post(line("customer", 3, "Someone Else"))).statusCode).toBe(200);
    expect(await named()).toBe("Olu Ade");
  });
});
