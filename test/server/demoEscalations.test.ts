/**
 * The demo's handled escalations look like a real team's: several customers, more than one agent
 * and topic, each with its reason. They were all one customer's (the same script, week after week),
 * with no reason given, which made the escalation queue look made up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/index.ts";
import { demoStore } from "./demoWorkspace.ts";

let store: Store;
let orgId: string;

beforeAll(async () => {
  ({ store, orgId } = await demoStore());
  // The history is some 640 conversations written through the store: a minute on a busy machine.
}, 300_000);
afterAll(() => store.close());

describe("the demo's escalations", () => {
  it("come from several customers, agents and topics, each with a reason", async () => {
    const rows = await store.query<{ customer: string; topic: string; agent: string; text: string | null }>(
      `SELECT cu.name AS customer, c.topic, c.assigned_person_id AS agent, i.text
       FROM interventions i
       JOIN conversations c ON c.org_id = i.org_id AND c.id = i.conversation_id
       JOIN customers cu ON cu.org_id = c.org_id AND cu.id = c.customer_id
       WHERE i.org_id = $1 AND i.kind = 'escalation'`,
      [orgId],
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.customer)).size).toBeGreaterThanOrEqual(Math.min(rows.length, 6));
    expect(new Set(rows.map((r) => r.topic)).size).toBeGreaterThan(2);
    // Not the same two problems week after week: the handled queue alternated a damaged sofa and
    // a cancelled subscription for eight weeks.
    expect(new Set(rows.map((r) => r.text)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((r) => r.agent)).size).toBeGreaterThan(1);
    expect(rows.every((r) => r.text !== null && r.text.length > 20)).toBe(true);
    // Nobody escalates the same problem twice: each time a situation comes up, it is someone else
    // (the queue listed one customer's damaged sofa three times, as each agent met six customers).
    const situations = rows.map((r) => `${r.customer}: ${r.text}`);
    expect(new Set(situations).size).toBe(situations.length);
  });

  it("keep each conversation's words about its own customer", async () => {
    const rows = await store.query<{ customer: string; text: string }>(
      `SELECT cu.name AS customer, m.text
       FROM messages m
       JOIN conversations c ON c.org_id = m.org_id AND c.id = m.conversation_id
       JOIN customers cu ON cu.org_id = c.org_id AND cu.id = c.customer_id
       WHERE m.org_id = $1 AND m.role = 'agent' AND m.text LIKE '%I''m bringing in my lead%'`,
      [orgId],
    );
    expect(rows.length).toBeGreaterThan(0);
    // "You're right, Helen, …" is said to whoever the customer is this time.
    for (const r of rows.filter((x) => /^You're right, /.test(x.text)))
      expect(r.text).toContain(`${r.customer.split(" ")[0]},`);
  });
});
