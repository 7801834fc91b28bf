/**
 * Debrief cards, feedback and journal entries a page at a time (limit, after → nextAfter). Each list
 * used to stop at its newest 200 (debriefs) or 100 (feedback, journal) with no way past them: the
 * demo's agents already have more than 200 debrief cards after eight weeks, so their older cards,
 * and a lead's, could not be found. Paged through, every item comes once, newest first, items made
 * at the same moment included; a cursor that is not an id is a 400 naming it; the pages stay the
 * reader's own (another person's journal cursor reaches nothing of theirs).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrCreateConversation } from "../../src/store/conversations.ts";
import { createDebriefs } from "../../src/store/debriefs.ts";
import { createFeedback } from "../../src/store/feedback.ts";
import { createJournalEntry } from "../../src/store/journal.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
const CARDS = 205;
const FEEDBACK = 103;

/** Every page of a list, following nextAfter; the ids in order and the pages' sizes. */
async function pages(
  as: keyof World["people"],
  path: string,
  key: "debriefs" | "feedback" | "entries",
): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const r = await world.inject({
      method: "GET",
      url: `/api/v1${path}${after !== null ? `${sep}after=${after}` : ""}`,
      as,
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as Record<string, { id: string }[]> & { nextAfter: string | null };
    ids.push(...(body[key] ?? []).map((x) => x.id));
    sizes.push((body[key] ?? []).length);
    after = body.nextAfter;
    if (sizes.length > 20) throw new Error("paging does not end");
  } while (after !== null);
  return { ids, sizes };
}

beforeAll(async () => {
  world = await createWorld();
  const rows = [];
  for (let n = 0; n < CARDS; n++) {
    const { conversation } = await findOrCreateConversation(world.store, {
      orgId: world.orgId,
      teamId: world.teams.a,
      channel: "chat",
      externalId: `lists-paging-${n}`,
      assignedPersonId: world.people.agentA.id,
    });
    rows.push({
      orgId: world.orgId,
      teamId: world.teams.a,
      conversationId: conversation.id,
      personId: world.people.agentA.id,
      role: "agent" as const,
      wentWell: [`card ${n}`],
      tricky: [],
      tryNext: "",
      // Ten cards made at the same moment: the order of ties decides where a page ends.
      createdAt: n < 10 ? Date.parse("2026-01-01T00:00:00Z") : Date.parse("2026-01-02T00:00:00Z") + n * 1000,
    });
  }
  await createDebriefs(world.store, rows);
  for (let n = 0; n < FEEDBACK; n++)
    await createFeedback(world.store, {
      orgId: world.orgId,
      authorId: world.people.peerA.id,
      receiverId: world.people.agentA.id,
      text: `When you said ${n}, the customer calmed down.`,
      check: {},
    });
  await world.store.query(
    `UPDATE feedback SET created_at = '2026-01-01T00:00:00Z' WHERE org_id = $1 AND text LIKE '%said 1_,%'`,
    [world.orgId],
  );
  for (let n = 0; n < 3; n++)
    await createJournalEntry(world.store, {
      orgId: world.orgId,
      authorId: world.people.agentA.id,
      text: `entry ${n}`,
    });
  await createJournalEntry(world.store, {
    orgId: world.orgId,
    authorId: world.people.peerA.id,
    text: "peer's own",
  });
}, 120_000);

afterAll(async () => {
  await world.close();
});

describe("debrief cards a page at a time", () => {
  it("the agent reaches every one of their cards, the oldest included, each once", async () => {
    const { ids, sizes } = await pages("agentA", "/debriefs", "debriefs");
    expect(sizes).toEqual([200, 5]);
    expect(new Set(ids).size).toBe(CARDS);
  });

  it("a lead pages the team's cards the same way, ties included, in one order", async () => {
    const small = await pages("leadA", "/debriefs?limit=25", "debriefs");
    expect(new Set(small.ids).size).toBe(CARDS);
    const whole = await pages("leadA", "/debriefs", "debriefs");
    expect(small.ids).toEqual(whole.ids);
  });

  it("a lead of another team pages nothing of this team's", async () => {
    const { ids } = await pages("leadB", "/debriefs?limit=5", "debriefs");
    expect(ids).toEqual([]);
  });

  it("a cursor that is not an id, or a limit out of range, is a 400 naming it", async () => {
    for (const [query, field] of [
      ["after=card-7", "after"],
      ["limit=0", "limit"],
      ["limit=201", "limit"],
    ] as const) {
      const r = await world.inject({ method: "GET", url: `/api/v1/debriefs?${query}`, as: "agentA" });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details.issues[0].path).toEqual(["query", field]);
    }
  });
});

describe("feedback a page at a time", () => {
  it("the receiver finds every piece of feedback, past the newest 100", async () => {
    const received = await pages("agentA", "/feedback?box=received", "feedback");
    expect(received.sizes).toEqual([100, 3]);
    expect(new Set(received.ids).size).toBe(FEEDBACK);
    const small = await pages("agentA", "/feedback?limit=9", "feedback");
    expect(small.ids).toEqual(received.ids);
  });

  it("the writer pages what they sent; nobody else sees any of it", async () => {
    const sent = await pages("peerA", "/feedback?box=sent&limit=50", "feedback");
    expect(new Set(sent.ids).size).toBe(FEEDBACK);
    const lead = await pages("leadA", "/feedback?limit=50", "feedback");
    expect(lead.ids).toEqual([]);
  });
});

describe("journal entries a page at a time", () => {
  it("the author pages their own entries; another person's cursor reaches none of them", async () => {
    const mine = await pages("agentA", "/journal?limit=2", "entries");
    expect(mine.sizes).toEqual([2, 1]);
    const peer = await world.inject({ method: "GET", url: "/api/v1/journal", as: "peerA" });
    const peerEntry = (peer.json() as { entries: { id: string }[] }).entries[0]?.id;
    const r = await world.inject({ method: "GET", url: `/api/v1/journal?after=${mine.ids[0]}`, as: "peerA" });
    expect(r.statusCode).toBe(200);
    expect((r.json() as { entries: unknown[] }).entries).toEqual([]);
    expect(peerEntry).toBeDefined();
  });
});
