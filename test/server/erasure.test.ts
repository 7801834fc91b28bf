import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETENTION_ERASE_BATCH } from "../../src/server/commands/eraseConversations.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * Erasing conversations: an admin on a customer's request, and the retention period. Everything
 * recorded about the conversation goes; the audit log keeps only that it was erased.
 */
const DAY_MS = 86_400_000;
let world: World;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_RETENTION_DAYS: "30" } });
  await world.app.start();
});
afterAll(async () => {
  await world.close();
});

/** Rows still referring to a conversation, table by table (only the tables that hold any). */
async function leftovers(conversationId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    "messages",
    "alerts",
    "interventions",
    "commitments",
    "scorecards",
    "debriefs",
    "knowledge_gaps",
    "conversation_engine_states",
  ]) {
    const [row] = await world.store.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE conversation_id = $1`,
      [conversationId],
    );
    if (Number(row?.n) > 0) out[table] = Number(row?.n);
  }
  const [conversation] = await world.store.query(
    "SELECT count(*)::int AS n FROM conversations WHERE id = $1",
    [conversationId],
  );
  if (Number(conversation?.n) > 0) out.conversations = Number(conversation?.n);
  return out;
}

/** A hard conversation with an alert, a step-in and a promise, closed and scored by loop 2. */
async function hardConversation(externalId: string, closedAt?: number): Promise<string> {
  const token = await world.token("leadA", ["ingest"]);
  const lines = [
    { role: "customer", text: "My refund never came and I already told you twice!", author: "Nia Brown" },
    {
      role: "agent",
      text: "Sorry, sorry, it's not my fault. I will call you back tomorrow.",
      author: world.people.agentA.email,
    },
    { role: "customer", text: "You are useless. I want to speak to a manager right now." },
  ];
  let id = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: externalId,
        senderMessageId: `${externalId}-${i}`,
        ...line,
      }),
    );
    expect(r.statusCode).toBe(200);
    id = r.json().results[0].conversationId as string;
  }
  const whisper = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/step-in`,
    as: "peerA",
    payload: { kind: "whisper", text: "Offer the refund status page link." },
  });
  expect(whisper.statusCode).toBe(201);
  const closed = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/conversations/close",
    headers: { authorization: `Bearer ${token}` },
    payload: {
      conversationId: externalId,
      ...(closedAt !== undefined ? { at: new Date(closedAt).toISOString() } : {}),
    },
  });
  expect(closed.statusCode).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  return id;
}

describe("an admin erases a conversation (DELETE /conversations/:id)", () => {
  it("erases it and everything recorded about it, audits that it happened, and tells open views", async () => {
    const id = await hardConversation("erase-me");
    const before = await leftovers(id);
    expect(Object.keys(before).sort()).toEqual(
      expect.arrayContaining(["alerts", "conversations", "interventions", "messages", "scorecards"]),
    );
    const r = await world.inject({ method: "DELETE", url: `/api/v1/conversations/${id}`, as: "admin" });
    expect([r.statusCode, r.json()]).toEqual([200, { erased: true }]);
    expect(await leftovers(id)).toEqual({});
    // The customer had no other conversation: their name goes too.
    const [customers] = await world.store.query(
      "SELECT count(*)::int AS n FROM customers WHERE name = 'Nia Brown'",
    );
    expect(Number(customers?.n)).toBe(0);
    const audit = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 })).find(
      (e) => e.action === "conversation.erased" && e.targetId === id,
    );
    expect(audit).toMatchObject({ actorKind: "person", actorId: world.people.admin.id });
    expect(audit?.details).toMatchObject({ why: "request", teamId: world.teams.a, messages: 4 });
    expect(JSON.stringify(audit?.details)).not.toMatch(/refund|useless|Nia/);
    const [event] = await world.store.query(
      "SELECT team_id FROM events WHERE type = 'conversation.erased' AND conversation_id = $1",
      [id],
    );
    expect(event?.team_id).toBe(world.teams.a);
    expect(
      (await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "admin" })).statusCode,
    ).toBe(404);
    expect(
      (await world.inject({ method: "DELETE", url: `/api/v1/conversations/${id}`, as: "admin" })).statusCode,
    ).toBe(404);
    const metrics = (await world.app.app.inject({ url: "/metrics" })).body;
    expect(metrics).toMatch(/tagteam_conversations_erased_total\{reason="request"\} 1/);
  });

  it("is for admins only: leads and agents are refused and nothing is erased", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const r = await world.postMessages(token, message({ teamId: world.teams.a, conversationId: "keep-me" }));
    const id = r.json().results[0].conversationId as string;
    for (const as of ["agentA", "leadA"] as const) {
      expect(
        (await world.inject({ method: "DELETE", url: `/api/v1/conversations/${id}`, as })).statusCode,
      ).toBe(403);
    }
    expect(
      (await world.inject({ method: "DELETE", url: `/api/v1/conversations/${id}`, as: "leadB" })).statusCode,
    ).toBe(404);
    expect(await leftovers(id)).toMatchObject({ conversations: 1, messages: 1 });
  });
});

describe("the retention period (TAGTEAM_RETENTION_DAYS)", () => {
  it("erases conversations closed longer ago than the period, and keeps newer and open ones", async () => {
    const now = Date.now();
    const old = await hardConversation("retention-old", now - 40 * DAY_MS);
    const recent = await hardConversation("retention-recent", now - 10 * DAY_MS);
    const token = await world.token("leadA", ["ingest"]);
    const open = (
      await world.postMessages(token, message({ teamId: world.teams.a, conversationId: "retention-open" }))
    ).json().results[0].conversationId as string;
    await world.app.sweeper.run();
    expect(await leftovers(old)).toEqual({});
    expect(await leftovers(recent)).toMatchObject({ conversations: 1 });
    expect(await leftovers(open)).toMatchObject({ conversations: 1 });
    const audit = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 })).find(
      (e) => e.action === "conversation.erased" && e.targetId === old,
    );
    expect(audit).toMatchObject({ actorKind: "system", actorId: null });
    expect(audit?.details).toMatchObject({ why: "retention" });
  });

  it("erases many in short transactions of RETENTION_ERASE_BATCH, so waiting messages get in between", async () => {
    // 120 conversations of one line, closed 40 days ago, as a bulk import would leave them.
    await world.store.query(
      `WITH c AS (
         INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count,
                                    created_at, updated_at, closed_at, closed_reason)
         SELECT $1, $2, 'chat', 'retention-batch-' || g, 'closed', 1,
                now() - interval '41 days', now() - interval '40 days', now() - interval '40 days', 'sender'
         FROM generate_series(1, 120) g
         RETURNING org_id, id, created_at)
       INSERT INTO messages (org_id, conversation_id, position, role, text, sent_at)
       SELECT org_id, id, 0, 'customer', 'Where is my parcel?', created_at FROM c`,
      [world.orgId, world.teams.a],
    );
    await world.app.sweeper.run();
    const [left] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE org_id = $1 AND external_id LIKE 'retention-batch-%'",
      [world.orgId],
    );
    expect(Number(left?.n)).toBe(0);
    // An audit entry's time is its transaction's start (now()): one time per transaction.
    const [transactions] = await world.store.query(
      `SELECT count(DISTINCT a.created_at)::int AS n, count(*)::int AS erased FROM audit_log a
       WHERE a.org_id = $1 AND a.action = 'conversation.erased' AND a.details->>'why' = 'retention'
         AND a.created_at > now() - interval '1 minute'
         AND (a.details->>'messages')::int = 1`,
      [world.orgId],
    );
    expect(transactions).toEqual({ n: Math.ceil(120 / RETENTION_ERASE_BATCH), erased: 120 });
  });
});
