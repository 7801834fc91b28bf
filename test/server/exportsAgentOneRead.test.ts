/**
 * The conversations export takes each conversation's agent (conversationAgentSql) from the page of
 * conversations it lists, not from a second read of the same conversations' scorecards: one read
 * per page. The rows say the same: a conversation handed on is its first agent's, one still open
 * its assignee's, and assignedTo names who handles it now.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { conversationAgentSql } from "../../src/store/conversationAgent.ts";
import { createWorld, handedOnAndClosed, postScript, type World } from "./factories.ts";

let world: World;
let handedOn: string;
let stillOpen: string;

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  handedOn = await handedOnAndClosed(world, token);
  stillOpen = await postScript(world, token, { name: "open-1", topic: "billing", customer: "Rosa Lind" }, [
    ["customer", "I was charged twice this month."],
    ["agentA", "Let me hand you to Petra, she can refund the second charge."],
  ]);
  const transfer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${stillOpen}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id },
  });
  expect(transfer.statusCode, transfer.body).toBe(201);
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

/** The export's body, and every SQL statement the store ran while answering it. */
async function exportWithStatements(format: "json" | "csv") {
  const statements: string[] = [];
  const store = world.store as { query: World["store"]["query"] };
  const query = store.query;
  store.query = <T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> => {
    statements.push(sql);
    return query.call<World["store"], [string, unknown[] | undefined], Promise<T[]>>(
      world.store,
      sql,
      params,
    );
  };
  try {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/exports/conversations?format=${format}`,
      as: "admin",
    });
    expect(r.statusCode, r.body).toBe(200);
    return { body: r.body, statements };
  } finally {
    store.query = query;
  }
}

describe("the conversations export's agent column", () => {
  it("is read with the list of conversations, in one query, not a second read of their scorecards", async () => {
    const { statements } = await exportWithStatements("json");
    const agentReads = statements.filter((sql) => sql.includes("sa.role = 'agent'"));
    expect(agentReads).toHaveLength(1);
    expect(agentReads[0]).toMatch(/ORDER BY c\.created_at DESC/);
  });

  it("says whose each conversation is by the one rule, as the store reads it on its own", async () => {
    const rows = await world.store.query<{ id: string; agent_id: string | null; assigned: string | null }>(
      `SELECT c.id, ${conversationAgentSql("c")} AS agent_id, c.assigned_person_id AS assigned
         FROM conversations c WHERE c.org_id = $1`,
      [world.orgId],
    );
    const nameOf = new Map(Object.values(world.people).map((p) => [p.id, p.displayName]));
    const expected = new Map(
      rows.map((r) => [
        r.id,
        {
          agent: r.agent_id === null ? null : (nameOf.get(r.agent_id) ?? null),
          assignedTo: r.assigned === null ? null : (nameOf.get(r.assigned) ?? null),
        },
      ]),
    );
    const { body } = await exportWithStatements("json");
    const exported = (
      JSON.parse(body) as { rows: { conversationId: string; agent: string; assignedTo: string }[] }
    ).rows;
    expect(new Set(exported.map((r) => r.conversationId))).toEqual(new Set([handedOn, stillOpen]));
    for (const row of exported) {
      expect({ agent: row.agent, assignedTo: row.assignedTo }).toEqual(expected.get(row.conversationId));
    }
    // Handed on and closed: agentA's by the scorecard, Petra's to handle. Still open: Petra's both.
    expect(exported.find((r) => r.conversationId === handedOn)).toMatchObject({
      agent: "Aaron Agent",
      assignedTo: "Petra Peer",
    });
    expect(exported.find((r) => r.conversationId === stillOpen)).toMatchObject({
      agent: "Petra Peer",
      assignedTo: "Petra Peer",
    });
  });
});
