/**
 * A drill built from a hard conversation keeps none of the customer's card or bank details. The
 * PII redactor finds a whole card number, but a customer who says "the refund for my card ending
 * 4421" or "my sort code is 20-00-00" gave the digits that, with their bank, point at their card or
 * account, and the drill's customer said them to every trainee (found walking loop 3 with a
 * conversation of our own). Over in-process HTTP, real PGlite store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, practiceScenarioFrom, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("a drill from a conversation with card and bank details", () => {
  it("says none of their digits", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const scenario = await practiceScenarioFrom<{ id: string; opening: string; customerLines: string[] }>(
      world,
      token,
      { name: "drill-card-digits", topic: "refunds", customer: "Maren Olsen" },
      [
        {
          role: "customer",
          text: "You promised the refund for my card ending 4421 would be back by Friday. It isn't. This is ridiculous.",
        },
        { role: "agent", text: "I think it might take longer, I'm not sure." },
        {
          role: "customer",
          text: "I already told you! Pay it into my bank then, sort code 20-00-00. The last four digits of my Visa are 7788, if you need them. I want a manager.",
        },
        { role: "agent", text: "That's not my department, billing handles it." },
        { role: "customer", text: "Unbelievable. I'm taking this to my bank." },
      ],
    );
    const said = [scenario.opening, ...scenario.customerLines].join("\n");
    // A made-up number in their place (69b5e4a), never the placeholder.
    expect(said).toMatch(/card ending \d{4}\b/);
    expect(said).not.toContain("[NUMBER]");
    for (const digits of ["4421", "20-00-00", "7788"]) expect(said).not.toContain(digits);
  });
});
