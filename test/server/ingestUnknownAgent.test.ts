import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * Agents are matched by their e-mail. A helpdesk that sends an agent's line with an e-mail no
 * tagteam person has (a typo, or an agent not added yet) got 200 and nothing else: the line was
 * stored, the conversation stayed unassigned on the floor, and nobody was ever asked to help that
 * agent. POST /messages and the generic webhook now name such agents in `unknownAgents`.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const agentOf = async (externalId: string) =>
  (
    await world.store.query<{ agent_id: string | null }>(
      "SELECT assigned_person_id AS agent_id FROM conversations WHERE external_id = $1",
      [externalId],
    )
  )[0]?.agent_id;

describe("ingest names the agents it could not match to a person", () => {
  it("POST /messages: an unknown author or assignee is named once, as sent; a known one is not", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const line = (n: number, extra: Record<string, unknown>) => ({
      senderMessageId: `ua-${n}`,
      conversationId: "ua-1",
      teamId: world.teams.a,
      text: "Let me check that order for you.",
      ...extra,
    });
    const r = await world.postMessages(token, {
      messages: [
        line(1, { role: "customer", author: "Nia Okafor", assignee: "Carl@Acme.test" }),
        line(2, { role: "agent", author: "carl@acme.test" }),
        line(3, { role: "agent", author: "AGENT.A@example.com" }),
        line(4, { role: "agent", author: "dora@acme.test" }),
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().results).toHaveLength(4);
    expect(r.json().unknownAgents).toEqual(["Carl@Acme.test", "dora@acme.test"]);
    // The words are stored all the same; the known agent became the conversation's agent.
    expect(await agentOf("ua-1")).toBe(world.people.agentA.id);

    const known = await world.postMessages(token, {
      senderMessageId: "ua-5",
      conversationId: "ua-2",
      teamId: world.teams.a,
      role: "agent",
      author: "agent.a@example.com",
      text: "Hello, how can I help?",
    });
    expect(known.json()).not.toHaveProperty("unknownAgents");
    // A customer's author is a customer's name, never an agent to match.
    const customer = await world.postMessages(token, {
      senderMessageId: "ua-6",
      conversationId: "ua-3",
      teamId: world.teams.a,
      role: "customer",
      author: "Nia Okafor",
      text: "Hello",
    });
    expect(customer.json()).not.toHaveProperty("unknownAgents");
  });

  it("POST /webhooks/generic: an agent's e-mail no person has is named", async () => {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/webhooks/generic",
      headers: { authorization: `Bearer ${await world.token("leadA", ["ingest"])}` },
      payload: {
        event: "message.created",
        team: world.teams.a,
        conversation: { id: "ua-g" },
        message: {
          id: "1",
          author: { type: "agent", name: "Carl", email: "carl@acme.test" },
          body: "Hi, I am looking into it.",
        },
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().unknownAgents).toEqual(["carl@acme.test"]);
    expect(await agentOf("ua-g")).toBeNull();
  });
});
