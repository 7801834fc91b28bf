import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

/*
 * The knowledge base refuses a fact value no claim could ever be checked against, saying why: the
 * engine only ever finds a text value said (FACT-5), so "30 days" as text, or "thirty" under the
 * unit "day", would never catch an agent's wrong number; an empty text would match everything.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

const post = (payload: Record<string, unknown>) =>
  world.inject({
    method: "POST",
    url: "/api/v1/knowledge/facts",
    as: "admin",
    payload: { statement: "Items can be returned within 30 days of delivery.", topic: "returns", ...payload },
  });

describe("knowledge facts whose value cannot be checked", () => {
  it("refuses a quantity written as text, text under a unit that asks for a number, and an empty value", async () => {
    const list = async () =>
      (await world.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "admin" })).json()
        .facts as unknown[];
    const before = (await list()).length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { value: "30 days" },
        /“30 days” is a number with its unit: write 30 as the value and “days” as the unit/,
      ],
      [{ value: "$15" }, /write 15 as the value and “\$” as the unit/],
      [{ value: "thirty", unit: "day" }, /is text, but the unit “day” asks for a number/],
      [{ value: "30" }, /is a number kept as text/],
      [{ value: "  " }, /must not be empty/],
    ];
    for (const [payload, message] of cases) {
      const r = await post(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      const issues = r.json().error.details.issues as { path: string[]; message: string }[];
      expect(issues[0]?.path).toEqual(["body", "value"]);
      expect(issues[0]?.message).toMatch(message);
    }
    expect((await list()).length).toBe(before);
  });

  it("keeps what can be checked: numbers with units, yes or no, text without a unit", async () => {
    for (const payload of [
      { value: 30, unit: "day" },
      { value: true },
      { value: "Royal Mail" },
      { value: "24 hours a day" },
      { value: "8am to 8pm" },
    ]) {
      const r = await post(payload);
      expect(r.statusCode, r.body).toBe(201);
    }
  });

  it("refuses a correction that would leave the value unchecked, against the fact as stored", async () => {
    const created = await post({ value: 14, unit: "day", key: "exchange_window" });
    const id = created.json().fact.id as string;
    const patch = (payload: Record<string, unknown>) =>
      world.inject({ method: "PATCH", url: `/api/v1/knowledge/facts/${id}`, as: "admin", payload });
    const r = await patch({ value: "fourteen" });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.issues[0].message).toMatch(/the unit “day” asks for a number/);
    expect((await patch({ value: 21 })).statusCode).toBe(200);
    expect((await patch({ value: "Exchanges at any store", unit: null })).statusCode).toBe(200);
  });

  it("refuses to publish an insight as a fact with such a value, and publishes it once it has a number", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "insight-values",
        author: world.people.agentA.email,
        role: "agent",
        text: "Exchanges are accepted within 60 days.",
      }),
    );
    const conversationId = r.json().results[0].conversationId as string;
    const drafted = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/insights`,
      as: "agentA",
      payload: { text: "Customers ask how long exchanges take; 60 days is the answer." },
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const id = drafted.json().insight.id as string;
    const review = (payload: Record<string, unknown>) =>
      world.inject({ method: "POST", url: `/api/v1/insights/${id}/review`, as: "leadA", payload });
    const refused = await review({ decision: "publish", key: "exchange_window", value: "60 days" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[0]).toMatchObject({
      path: ["body", "value"],
      message: expect.stringMatching(/write 60 as the value and “days” as the unit/),
    });
    const published = await review({ decision: "publish", key: "exchange_window", value: 60, unit: "day" });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().insight.factId).toEqual(expect.any(String));
  });
});
