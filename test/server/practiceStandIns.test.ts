/**
 * A drill's customer says believable stand-ins where the scenario redacted the real customer's
 * data: "it was shipped to [ADDRESS]" was said aloud, as were "[EMAIL]", "[PHONE]" and order
 * "[REFERENCE]"s. Each kind is said as one made-up value, the same on every line and every drill of
 * the scenario, and never the real customer's. Over in-process HTTP against a real (PGlite) store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, practiceScenarioFrom, type World } from "./factories.ts";

let world: World;

const REAL = ["Maren", "Olsen", "12 Fjord Street", "maren.olsen@mail.no", "+47 912 34 567", "88412093"];

const LINES = [
  {
    role: "customer",
    text: "Hi, I'm Maren Olsen. My order 88412093 was shipped to 12 Fjord Street, Bergen 5003 and never came.",
  },
  { role: "agent", text: "Sorry, I'm not sure where it is, maybe the courier has it." },
  {
    role: "customer",
    text: "I already told you, order 88412093 went to 12 Fjord Street, Bergen 5003. Email me at maren.olsen@mail.no or call +47 912 34 567.",
  },
  { role: "agent", text: "Well, that's the policy." },
  { role: "customer", text: "This is ridiculous. Get me a manager." },
] as const;

let scenarioId = "";
beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  const conversation = { name: "lost-parcel", topic: "shipping", customer: "Maren Olsen" };
  scenarioId = (await practiceScenarioFrom(world, token, conversation, LINES)).id;
});
afterAll(async () => {
  await world?.close();
});

async function customerLines(): Promise<string[]> {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/practice/scenarios/${scenarioId}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().scenario.customerLines as string[];
}

describe("a drill's customer", () => {
  it("says a made-up address, order number, e-mail and phone, never a placeholder or the real ones", async () => {
    const lines = await customerLines();
    const all = lines.join("\n");
    expect(all).not.toMatch(/\[[A-Z_]+\]/);
    for (const real of REAL) expect(all).not.toContain(real);
    expect(all).toMatch(/@example\.com/);
    expect(all).toMatch(/\b555-01\d\d\b/);
  });

  it("says the same stand-in for a kind on every line and every drill", async () => {
    const [first = "", second = ""] = await customerLines();
    const order = (line: string) => /order (\S+) (?:was|went)/.exec(line)?.[1];
    const address = (line: string) => /(?:shipped to|went to) (.+?)(?: and never|\.(?:\s|$))/.exec(line)?.[1];
    expect(order(first)).toBeDefined();
    expect(order(second)).toBe(order(first));
    expect(address(first)).toBeDefined();
    expect(address(second)).toBe(address(first));

    const started = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId },
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().session.turns[0].text).toBe(first);
  });
});
