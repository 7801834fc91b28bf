/**
 * Closing a promise to a customer (PATCH /commitments/:id, docs/API.md): through the real API, from
 * an agent's message that promises something to the Follow-ups page, the audit log, the event log
 * and the reminders. Who may: the agent who owes it, a lead of its conversation's team, an admin;
 * anyone else gets what an unknown id gets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

type As = Parameters<World["inject"]>[0]["as"];

/** A conversation of team A in which agentA promises to call back tomorrow; its commitment's id. */
async function promise(name: string): Promise<{ conversationId: string; commitmentId: string }> {
  const lines = [
    { role: "customer", text: "My parcel never arrived and I need it this week." },
    { role: "agent", text: "I'll call you back tomorrow with the courier's answer." },
  ] as const;
  let conversationId = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${ingestToken}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        role: line.role,
        text: line.text,
        author: line.role === "agent" ? world.people.agentA.email : "Rosa Diaz",
        // Said now: a promise already due when stored (an import) is never reminded.
        at: new Date(Date.now() + i * 1_000).toISOString(),
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId;
  }
  const mine = (await world.inject({ method: "GET", url: "/api/v1/commitments", as: "agentA" })).json()
    .commitments as { id: string; conversationId: string }[];
  const commitment = mine.find((c) => c.conversationId === conversationId);
  expect(commitment, `no commitment recorded in ${name}`).toBeDefined();
  return { conversationId, commitmentId: commitment?.id ?? "" };
}

const close = (id: string, as: As, payload: unknown = { status: "done" }) =>
  world.inject({ method: "PATCH", url: `/api/v1/commitments/${id}`, as, payload: payload as object });

async function openIds(as: As): Promise<{ mine: string[]; overview: string[] }> {
  const mine = (await world.inject({ method: "GET", url: "/api/v1/commitments", as })).json().commitments as {
    id: string;
  }[];
  const overview = (await world.inject({ method: "GET", url: "/api/v1/commitments/overview", as })).json()
    .agents as { commitments: { id: string }[] }[];
  return { mine: mine.map((c) => c.id), overview: overview.flatMap((a) => a.commitments.map((c) => c.id)) };
}

async function eventsOf(conversationId: string, type: string) {
  return world.store.query<{ person_id: string | null; payload: { status?: string } }>(
    "SELECT person_id, payload FROM events WHERE type = $1 AND conversation_id = $2 ORDER BY id",
    [type, conversationId],
  );
}

async function auditOf(action: string) {
  const r = await world.inject({ method: "GET", url: `/api/v1/audit?action=${action}`, as: "admin" });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().entries as {
    actor: { id: string };
    target: { type: string; id: string; label: string | null };
    details: { commitmentId?: string; personId?: string };
  }[];
}

describe("closing a promise to a customer", () => {
  it("shows each follow-up with its customer, when it was promised, and whether the reader may close it", async () => {
    const { commitmentId } = await promise("close-overview");
    for (const who of ["agentA", "leadA"] as const) {
      const agents = (
        await world.inject({ method: "GET", url: "/api/v1/commitments/overview", as: who })
      ).json().agents as { commitments: Record<string, unknown>[] }[];
      const item = agents.flatMap((a) => a.commitments).find((c) => c.id === commitmentId);
      expect(item, who).toMatchObject({
        customerName: "Rosa Diaz",
        promisedAt: expect.any(String),
        closable: true,
      });
    }
  });

  it("lets the agent mark their own done: gone from their lists, audited, and their rooms told", async () => {
    const { conversationId, commitmentId } = await promise("close-done");
    expect((await openIds("agentA")).mine).toContain(commitmentId);
    const r = await close(commitmentId, "agentA");
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().commitment).toMatchObject({
      id: commitmentId,
      conversationId,
      personId: world.people.agentA.id,
      status: "done",
      completedAt: expect.any(String),
    });
    for (const who of ["agentA", "leadA"] as const) {
      const open = await openIds(who);
      expect(open.mine, who).not.toContain(commitmentId);
      expect(open.overview, who).not.toContain(commitmentId);
    }
    const [entry] = (await auditOf("commitment.done")).filter((e) => e.details.commitmentId === commitmentId);
    expect(entry).toMatchObject({
      actor: { id: world.people.agentA.id },
      target: { type: "conversation", id: conversationId, label: expect.stringContaining("Rosa Diaz") },
      details: { commitmentId, personId: world.people.agentA.id },
    });
    // The agent who kept it, and the team's lead, whose Follow-ups list it too.
    const events = await eventsOf(conversationId, "commitment.closed");
    expect(events.sort((x, y) => String(x.person_id).localeCompare(String(y.person_id)))).toEqual(
      [world.people.agentA.id, world.people.leadA.id]
        .sort()
        .map((id) => ({ person_id: id, payload: expect.objectContaining({ status: "done" }) })),
    );
  });

  it("lets a lead of the team cancel an agent's promise; the agent's room and the lead's hear of it", async () => {
    const { conversationId, commitmentId } = await promise("close-cancel");
    const r = await close(commitmentId, "leadA", { status: "cancelled" });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().commitment.status).toBe("cancelled");
    expect((await openIds("agentA")).mine).not.toContain(commitmentId);
    const [entry] = (await auditOf("commitment.cancelled")).filter(
      (e) => e.details.commitmentId === commitmentId,
    );
    expect(entry).toMatchObject({ actor: { id: world.people.leadA.id } });
    const rooms = (await eventsOf(conversationId, "commitment.closed")).map((e) => e.person_id).sort();
    expect(rooms).toEqual([world.people.agentA.id, world.people.leadA.id].sort());
    // The conversation shows it cancelled, not done.
    const detail = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "leadA" })
    ).json() as { conversation: { commitments: { id: string; status: string }[] } };
    expect(detail.conversation.commitments.find((c) => c.id === commitmentId)?.status).toBe("cancelled");
  });

  it("lets an admin close one", async () => {
    const { commitmentId } = await promise("close-admin");
    expect((await close(commitmentId, "admin")).statusCode).toBe(200);
  });

  it("answers a teammate, another team's agent and another team's lead as for an unknown id, and changes nothing", async () => {
    const { commitmentId } = await promise("close-denied");
    const unknown = await close("00000000-0000-4000-8000-000000000000", "agentA");
    expect(unknown.statusCode).toBe(404);
    expect((await close("not-an-id", "agentA")).statusCode).toBe(404);
    for (const who of ["peerA", "peer2A", "agentB", "leadB"] as const) {
      const r = await close(commitmentId, who);
      expect(r.statusCode, who).toBe(404);
      expect(r.json().error.code).toBe(unknown.json().error.code);
      expect(r.json().error.message).toBe(unknown.json().error.message);
    }
    expect((await openIds("agentA")).mine).toContain(commitmentId);
  });

  it("answers 409 for a promise closed already, whoever tries", async () => {
    const { commitmentId } = await promise("close-twice");
    expect((await close(commitmentId, "agentA")).statusCode).toBe(200);
    for (const [who, status] of [
      ["agentA", "done"],
      ["leadA", "cancelled"],
    ] as const) {
      const again = await close(commitmentId, who, { status });
      expect(again.statusCode, who).toBe(409);
      expect(again.json().error.code).toBe("INVALID_STATE");
    }
    expect(
      (await auditOf("commitment.")).filter((e) => e.details.commitmentId === commitmentId),
    ).toHaveLength(1);
  });

  it("refuses a body without a status it can set, naming the field", async () => {
    const { commitmentId } = await promise("close-bad-body");
    const paths = async (payload: unknown) => {
      const r = await close(commitmentId, "agentA", payload);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe("VALIDATION_FAILED");
      return r.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."));
    };
    expect(await paths({})).toEqual(["body.status"]);
    expect(await paths({ status: "missed" })).toEqual(["body.status"]);
    expect(await paths({ status: "open" })).toEqual(["body.status"]);
    expect(await paths({ status: "done", note: "x" })).toEqual(["body"]);
    expect((await openIds("agentA")).mine).toContain(commitmentId);
  });

  it("sends no due reminder and marks nothing missed for a promise closed before it fell due", async () => {
    const kept = await promise("close-reminder-kept");
    const owed = await promise("close-reminder-owed");
    expect((await close(kept.commitmentId, "agentA")).statusCode).toBe(200);
    const far = Date.now() + 30 * 24 * 3_600_000;
    await loop2ProcessorOf(world.app.ctx).sendReminders(far);
    const reminders = (conversationId: string) =>
      world.store.query<{ type: string }>(
        "SELECT DISTINCT type FROM events WHERE type IN ('commitment.due', 'commitment.overdue', 'commitment.missed') AND conversation_id = $1",
        [conversationId],
      );
    expect(await reminders(owed.conversationId)).toEqual([{ type: "commitment.missed" }]);
    expect(await reminders(kept.conversationId)).toEqual([]);
  });

  it("marks a promise missed by itself once its due time passes: still owed and overdue in the agent's and lead's lists, both told once, done late", async () => {
    const { conversationId, commitmentId } = await promise("close-missed");
    const processor = loop2ProcessorOf(world.app.ctx);
    // Before its due time nothing changes.
    await processor.sendReminders(Date.now());
    expect(await eventsOf(conversationId, "commitment.missed")).toEqual([]);
    const far = Date.now() + 30 * 24 * 3_600_000;
    await processor.sendReminders(far);
    const [row] = await world.store.query<{ status: string; completed_at: unknown }>(
      "SELECT status, completed_at FROM commitments WHERE id = $1",
      [commitmentId],
    );
    expect(row).toEqual({ status: "missed", completed_at: null });
    // The agent's console and Follow-ups page, and the team's lead's, are told (and only they).
    const told = await eventsOf(conversationId, "commitment.missed");
    expect(told.map((e) => e.person_id).sort()).toEqual(
      [world.people.agentA.id, world.people.leadA.id].sort(),
    );
    expect(told.every((e) => e.payload.status === "missed")).toBe(true);
    // Once: the next pass (or another instance's) finds it missed already.
    await processor.sendReminders(far + 60_000);
    expect(await eventsOf(conversationId, "commitment.missed")).toHaveLength(2);
    // Still owed: in the agent's own list (status missed) and, overdue, in both Follow-ups views.
    const mine = (await world.inject({ method: "GET", url: "/api/v1/commitments", as: "agentA" })).json()
      .commitments as { id: string; status: string }[];
    expect(mine.find((c) => c.id === commitmentId)?.status).toBe("missed");
    for (const who of ["agentA", "leadA"] as const) {
      const agents = (
        await world.inject({ method: "GET", url: "/api/v1/commitments/overview", as: who })
      ).json().agents as {
        personId: string;
        overdue: number;
        commitments: { id: string; state: string }[];
      }[];
      const own = agents.find((a) => a.personId === world.people.agentA.id);
      expect(own?.commitments.find((c) => c.id === commitmentId)?.state, who).toBe("overdue");
      expect(own?.overdue, who).toBeGreaterThan(0);
    }
    expect((await openIds("leadB")).overview).not.toContain(commitmentId);
    // Kept late: the agent marks it done, and it leaves the lists.
    const r = await close(commitmentId, "agentA");
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().commitment).toMatchObject({ status: "done", completedAt: expect.any(String) });
    expect((await openIds("agentA")).mine).not.toContain(commitmentId);
  });

  it("hands a missed promise on with the conversation: a warm transfer's summary names it, still owed", async () => {
    const { conversationId } = await promise("close-missed-transfer");
    await loop2ProcessorOf(world.app.ctx).sendReminders(Date.now() + 30 * 24 * 3_600_000);
    const [row] = await world.store.query<{ status: string }>(
      "SELECT status FROM commitments WHERE conversation_id = $1",
      [conversationId],
    );
    expect(row?.status).toBe("missed");
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/transfer`,
      as: "agentA",
      payload: { toPersonId: world.people.peerA.id },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().intervention.summary).toContain("Promised: \"I'll call you back tomorrow");
  });
});
