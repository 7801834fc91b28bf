/**
 * The huddle credits a conversation to its agent, as My numbers do (conversationAgentSql): the person
 * its scorecard scores as the agent. Two hard conversations agentA handled and then handed to peerA
 * (a warm transfer) were peerA's in the huddle, their last assignee: peerA's check-in counted them,
 * agentA's said "No conversations of yours", the lead was told to check on peerA, and the warm-up's
 * hardest conversation was linked for peerA instead of agentA. peerA's part is on their helper card.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
const DAY = "2026-03-20";
const agendaUrl = () => {
  const since = `${DAY}T08:00:00.000Z`;
  const until = `${DAY}T18:00:00.000Z`;
  return `/api/v1/huddles/agenda?teamId=${world.teams.a}&date=${DAY}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`;
};

/** A customer getting angrier while agentA hedges (the huddle's hard conversation). */
const HARD = [
  ["customer", "Hi, my order arrived broken and I need it for Friday."],
  ["agentA", "Sorry, sorry, I think maybe it is with the courier, I'm not sure."],
  ["customer", "I already told you it arrived broken. This is ridiculous."],
  ["agentA", "Sorry again, I think it might be possible, maybe, I'd have to check."],
  ["customer", "You are useless. I want to speak to a manager now."],
] as const;

async function handedOver(name: string, startIso: string): Promise<string> {
  const token = await world.token("leadA", ["ingest"]);
  const start = Date.parse(startIso);
  const post = async (i: number, who: string, text: string) => {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        role: who === "customer" ? "customer" : "agent",
        text,
        topic: "returns",
        at: new Date(start + i * 40_000).toISOString(),
        author: who === "customer" ? "Marta Kowalski" : world.people[who as "agentA" | "peerA"].email,
      }),
    );
    expect(r.statusCode, r.body).toBe(200);
    return r.json().results[0].conversationId as string;
  };
  let id = "";
  for (const [i, [who, text]] of HARD.entries()) id = await post(i, who, text);
  const transfer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id },
  });
  expect(transfer.statusCode, transfer.body).toBe(201);
  await post(HARD.length, "peerA", "Hi, Petra here: a replacement goes out today by express.");
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/close`,
    as: "peerA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  return id;
}

const ids: string[] = [];
beforeAll(async () => {
  world = await createWorld();
  ids.push(await handedOver("handed-hard-1", `${DAY}T16:10:00Z`));
  ids.push(await handedOver("handed-hard-2", `${DAY}T16:40:00Z`));
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

const agendaOf = async (who: "agentA" | "peerA" | "leadA") => {
  const r = await world.inject({ method: "GET", url: agendaUrl(), as: who });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe("a huddle of conversations handed from one agent to another", () => {
  it("counts them in their agent's check-in, not the receiver's", async () => {
    expect((await agendaOf("agentA")).checkIn.mine.conversations).toBe(2);
    expect((await agendaOf("peerA")).checkIn.mine.conversations).toBe(0);
  });

  it("tells the lead to check on their agent", async () => {
    const checkOn = (await agendaOf("leadA")).checkIn.checkOn as {
      person: { id: string };
      hardConversations: number;
    }[];
    expect(checkOn.map((c) => [c.person.id, c.hardConversations])).toEqual([[world.people.agentA.id, 2]]);
  });

  it("links the warm-up's hardest conversation for its agent", async () => {
    const forAgent = (await agendaOf("agentA")).warmUp.hardConversation;
    expect(ids).toContain(forAgent.conversationId);
    expect((await agendaOf("peerA")).warmUp.hardConversation.conversationId).toBeNull();
  });
});
