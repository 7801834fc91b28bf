/**
 * A drill's customer has a name the trainee can use. A scenario redacts the real customer's name
 * ("Hi, I'm [PERSON]"), so a trainee could not address them and every drill's scorecard said they
 * "did not use the customer's name", even for a trainee who tried. The simulated customer now
 * introduces themself with a stand-in first name, the same on every drill of the scenario, and
 * using it counts. Over in-process HTTP against a real (PGlite) store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, practiceScenarioFrom, type World } from "./factories.ts";

let world: World;

type Session = {
  id: string;
  status: string;
  turns: { role: string; text: string }[];
  score: { items: { item: string; score: number; note: string }[] } | null;
};

const LINES = [
  { role: "customer", text: "Hi, I'm Maren Olsen. I've been charged twice for order 4412, $89 each time." },
  { role: "agent", text: "Sorry, I'm not sure, maybe it's the bank." },
  { role: "customer", text: "I already told you, I was charged twice. I want one of them refunded." },
  { role: "agent", text: "Well, that's the policy." },
  { role: "customer", text: "This is ridiculous. Get me a manager." },
] as const;

let scenarioId = "";
beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  const conversation = { name: "double-charge", topic: "billing", customer: "Maren Olsen" };
  scenarioId = (await practiceScenarioFrom(world, token, conversation, LINES)).id;
});
afterAll(async () => {
  await world?.close();
});

async function start(): Promise<Session> {
  const r = await world.inject({
    method: "POST",
    url: "/api/v1/practice/sessions",
    as: "peerA",
    payload: { scenarioId },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().session;
}

async function replyAndEnd(session: Session, text: string): Promise<Session> {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/practice/sessions/${session.id}/replies`,
    as: "peerA",
    payload: { text },
  });
  expect(r.statusCode, r.body).toBe(200);
  const ended = await world.inject({
    method: "POST",
    url: `/api/v1/practice/sessions/${session.id}/end`,
    as: "peerA",
  });
  expect(ended.statusCode, ended.body).toBe(200);
  return ended.json().session;
}

const listeningOf = (s: Session) => s.score?.items.find((i) => i.item === "active_listening");

describe("a drill's customer", () => {
  it("introduces themself by a stand-in first name, never the real one, the same on every drill", async () => {
    const first = await start();
    const opening = first.turns[0]?.text ?? "";
    expect(opening).not.toContain("[PERSON]");
    expect(opening).not.toMatch(/Maren|Olsen|4412/);
    const name = /^Hi, I'm ([A-Z][a-z]+)\./.exec(opening)?.[1];
    expect(name).toBeDefined();
    const again = await start();
    expect(again.turns[0]?.text).toBe(opening);
  });

  it("is addressed by that name, and the scorecard credits it", async () => {
    const session = await start();
    const name = /^Hi, I'm ([A-Z][a-z]+)\./.exec(session.turns[0]?.text ?? "")?.[1] ?? "";
    const used = await replyAndEnd(
      session,
      `${name}, I can see the second $89 charge. I've refunded it now and you'll see it within 5 business days.`,
    );
    expect(listeningOf(used)?.note).toContain("used the customer's name");
    const unused = await replyAndEnd(
      await start(),
      "I can see the second $89 charge. I've refunded it now and you'll see it within 5 business days.",
    );
    expect(listeningOf(unused)?.note).toContain("did not use the customer's name");
    expect(listeningOf(used)?.score).toBe((listeningOf(unused)?.score ?? 0) + 1);
  });
});
