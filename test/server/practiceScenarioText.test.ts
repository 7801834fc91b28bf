/**
 * What a drill's customer says, over in-process HTTP against a real (PGlite) store: a lead makes a
 * scenario from a closed conversation, a teammate drills on it. The scenario keeps no reference the
 * customer gave in a sentence ("my order is 4521"). practice.test.ts covers the drill's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
let ingestToken: string;

type Line = { role: "customer" | "agent"; text: string };
type Scenario = { id: string; title: string; persona: { wants: string }; customerLines: string[] };
type Session = { id: string; status: string; turns: { role: string; text: string }[] };

beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

/** A closed conversation of team A from these lines, made into a scenario by its lead. */
async function scenarioFrom(name: string, lines: readonly Line[], topic: string): Promise<Scenario> {
  let conversationId = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.postMessages(
      ingestToken,
      message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        topic,
        role: line.role,
        text: line.text,
        author: line.role === "agent" ? world.people.agentA.email : "Maren Olsen",
      }),
    );
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId;
  }
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  const made = await world.inject({
    method: "POST",
    url: "/api/v1/practice/scenarios",
    as: "leadA",
    payload: { conversationId },
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().scenario;
}

/** A solo drill by peerA with these replies, ended if the customer has not ended it. */
async function drill(scenarioId: string, replies: readonly string[]): Promise<Session> {
  const started = await world.inject({
    method: "POST",
    url: "/api/v1/practice/sessions",
    as: "peerA",
    payload: { scenarioId },
  });
  expect(started.statusCode, started.body).toBe(201);
  let session: Session = started.json().session;
  for (const text of replies) {
    if (session.status !== "active") break;
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${session.id}/replies`,
      as: "peerA",
      payload: { text },
    });
    expect(r.statusCode, r.body).toBe(200);
    session = r.json().session;
  }
  return session;
}

describe("a scenario's customer lines", () => {
  it("keep no order number or account name the customer gave as a sentence", async () => {
    const scenario = await scenarioFrom(
      "references-said",
      [
        { role: "customer", text: "My order is 4521 and it never came. I want a refund." },
        { role: "agent", text: "Sorry, I'm not sure, maybe it's the warehouse." },
        {
          role: "customer",
          text: "I already told you! The order ID was 7731 on the second one. This is ridiculous.",
        },
        { role: "agent", text: "Well, I don't know what to say." },
        { role: "customer", text: "My account's mo1987 if that helps. Get me a manager now." },
      ],
      "refunds",
    );
    const text = JSON.stringify(scenario);
    for (const secret of ["4521", "7731", "mo1987"]) expect(text, secret).not.toContain(secret);
    expect(scenario.customerLines[0]).toBe("My order is [REFERENCE] and it never came. I want a refund.");
    const session = await drill(scenario.id, []);
    expect(session.turns[0]?.text).not.toContain("4521");
  });
});
