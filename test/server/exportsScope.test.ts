import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * GET /exports/:kind: what an export holds. Every conversation asked for (up to the limit, in the
 * period asked for), and the customer's name redacted from every row, whichever conversation a
 * scorecard or a debrief is about.
 */
let world: World;
let token: string;
beforeAll(async () => {
  world = await createWorld();
  token = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

const exportOf = async (query: string, as: "leadA" | "admin" = "leadA") => {
  const r = await world.inject({ method: "GET", url: `/api/v1/exports/${query}`, as });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { rows: Record<string, unknown>[] };
};

describe("who may export", () => {
  it("an agent is told exports are for leads and admins, and whom to ask", async () => {
    const r = await world.inject({ method: "GET", url: "/api/v1/exports/conversations", as: "agentA" });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toBe("Exports are for leads and admins: ask a lead of your team for one");
  });
});

describe("an export holds what was asked for", () => {
  it("redacts the customer's name from a scorecard's review note, whatever else the export lists", async () => {
    const post = (conversationId: string, i: number, line: Record<string, unknown>) =>
      world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId,
          senderMessageId: `${conversationId}-${i}`,
          ...line,
        }),
      );
    await post("exp-old", 0, { role: "customer", author: "Ottilie Marchbank", text: "Where is my refund?" });
    const r = await post("exp-old", 1, {
      role: "agent",
      author: world.people.agentA.email,
      text: "It left on Monday; you will have it by Friday.",
    });
    const oldId = r.json().results[0].conversationId as string;
    const closed = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/conversations/close",
      headers: { authorization: `Bearer ${token}` },
      payload: { conversationId: "exp-old" },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const review = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${oldId}/scorecard/review`,
      as: "leadA",
      payload: { items: {}, note: "Ottilie Marchbank calmed down once she had a date." },
    });
    expect(review.statusCode, review.body).toBe(200);
    // Another conversation is more recent than the scored one.
    await post("exp-new", 0, { role: "customer", text: "Hello?" });

    for (const limit of [1, 1000]) {
      const { rows } = await exportOf(`scorecards?limit=${limit}`);
      const row = rows.find((x) => x.conversationId === oldId);
      expect(row?.reviewNote).toBe("[PERSON] calmed down once she had a date.");
    }
  });

  it("exports more than 1,000 conversations when asked, and the period asked for", async () => {
    const many = Array.from({ length: 1_005 }, (_, i) =>
      message({
        teamId: world.teams.a,
        conversationId: `bulk-${i}`,
        senderMessageId: `bulk-${i}-0`,
        role: "customer",
        text: `Question number ${i}`,
        at: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 60_000).toISOString(),
      }),
    );
    for (let i = 0; i < many.length; i += 500) {
      const r = await world.postMessages(token, { messages: many.slice(i, i + 500) });
      expect(r.statusCode, r.body).toBe(200);
    }
    const conversationsIn = (rows: Record<string, unknown>[]) =>
      new Set(rows.filter((x) => String(x.externalId).startsWith("bulk-")).map((x) => x.externalId));
    const all = await exportOf("conversations?limit=5000");
    expect(conversationsIn(all.rows).size).toBe(1_005);
    // Conversations started in the period: bulk-10 … bulk-19.
    const period = await exportOf(
      `conversations?since=${encodeURIComponent("2026-01-01T00:10:00Z")}&until=${encodeURIComponent("2026-01-01T00:20:00Z")}`,
    );
    expect([...conversationsIn(period.rows)].sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `bulk-${i + 10}`).sort(),
    );
    // The audit log says which conversations went out.
    const audited = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 20 })).find(
      (e) => e.action === "export.downloaded" && JSON.stringify(e.details).includes("since"),
    );
    expect(audited?.details).toMatchObject({
      kind: "conversations",
      limit: 1000,
      since: "2026-01-01T00:10:00Z",
      until: "2026-01-01T00:20:00Z",
    });
    // The JSON is streamed too, not built whole in memory first, and is the same document.
    const json = await world.inject({
      method: "GET",
      url: "/api/v1/exports/conversations?limit=5000",
      as: "leadA",
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(json.headers["transfer-encoding"]).toBe("chunked");
    expect(json.headers["content-length"]).toBeUndefined();
    const streamed = json.json() as { kind: string; redacted: boolean; generatedAt: string; rows: unknown[] };
    expect(streamed).toMatchObject({ kind: "conversations", redacted: true });
    expect(streamed.rows).toEqual(all.rows);
    // The CSV is streamed (the download starts at once), whole: a header and one line per message.
    const csv = await world.inject({
      method: "GET",
      url: "/api/v1/exports/conversations?format=csv&limit=5000",
      as: "leadA",
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["transfer-encoding"]).toBe("chunked");
    expect(csv.headers["content-length"]).toBeUndefined();
    const lines = csv.body.split("\r\n");
    expect(lines[0]?.startsWith("\uFEFFconversationId,externalId,")).toBe(true);
    expect(lines.at(-1)).toBe("");
    expect(lines.length - 2).toBe(all.rows.length);
    expect(lines.filter((l) => l.includes(",bulk-")).length).toBe(1_005);
    const bad = await world.inject({
      method: "GET",
      url: "/api/v1/exports/conversations?since=yesterday",
      as: "leadA",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(["query", "since"]);
    // A period is the conversations': a scorecard export says so rather than ignore it.
    const notHere = await world.inject({
      method: "GET",
      url: `/api/v1/exports/scorecards?until=${encodeURIComponent("2026-01-01T00:20:00Z")}`,
      as: "leadA",
    });
    expect(notHere.statusCode).toBe(400);
    expect(notHere.json().error.details.issues).toEqual([
      expect.objectContaining({
        path: ["query", "until"],
        message: "A period applies to the conversations export only",
      }),
    ]);
  });
});
