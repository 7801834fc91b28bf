/**
 * The Knowledge page's two lists of questions come a page at a time, by cursor. The open list
 * stopped at 200 questions without saying so; the Answered list read 1,000 resolved gaps and grouped
 * them in the browser (a busy team's answers beyond those never showed, and counts were of the
 * 1,000). GET /knowledge/gap-questions and GET /knowledge/answered-questions give `total` and
 * `nextCursor`; following it gives every row once, in order, whatever ties. Over in-process HTTP
 * against a real (PGlite) store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeFact } from "../../src/store/index.ts";
import { closedUnansweredQuestion, createWorld, type World } from "./factories.ts";

let world: World;
let conversationA: string;
let conversationB: string;

beforeAll(async () => {
  world = await createWorld();
  conversationA = await closedUnansweredQuestion(world, "pages-a", "2026-03-02T10:00:00.000Z");
  const [b] = await world.store.query(
    `INSERT INTO conversations (org_id, team_id, channel, external_id) VALUES ($1, $2, 'chat', 'pages-b')
     RETURNING id`,
    [world.orgId, world.teams.b],
  );
  conversationB = String(b?.id);
  // The one the conversation recorded is not part of these lists.
  await world.store.query("DELETE FROM knowledge_gaps WHERE conversation_id = $1", [conversationA]);
});
afterAll(async () => {
  await world?.close();
});

/** The next free question index of the conversations' gaps. */
let nextQuestionIndex = 1000;

/** Gaps of team A's conversation: `count` askings of each question, all at `at` (ties on purpose). */
async function insertGaps(
  rows: { question: string; key: string; count: number; at: string; factId?: string; teamB?: boolean }[],
): Promise<void> {
  for (const r of rows) {
    // Each asking its own question index: a random start could overlap an earlier call's range
    // (CI on a clean clone failed on it once).
    const base = nextQuestionIndex;
    nextQuestionIndex += r.count + 1;
    await world.store.query(
      `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason,
                                   question_key, status, answered_by_fact_id, created_at)
       SELECT $1, $2, $3, $4, $5 + g, 'topic', 'hedged', $6, $7, $8, $9::timestamptz
         FROM generate_series(1, $10::int) g`,
      [
        world.orgId,
        r.teamB === true ? world.teams.b : world.teams.a,
        r.teamB === true ? conversationB : conversationA,
        r.question,
        base,
        r.key,
        r.factId === undefined ? "open" : "resolved",
        r.factId ?? null,
        r.at,
        r.count,
      ],
    );
  }
}

type Page<T> = { questions: T[]; total: number; nextCursor: string | null };
async function get<T>(url: string, as: "leadA" | "leadB" | "admin" | "agentA" = "leadA"): Promise<Page<T>> {
  const r = await world.inject({ method: "GET", url, as });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Page<T>;
}
async function everyPage<T>(url: string, limit: number): Promise<{ rows: T[]; pages: Page<T>[] }> {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes("?") ? "&" : "?";
    const page: Page<T> = await get<T>(
      `${url}${sep}limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return { rows: pages.flatMap((p) => p.questions), pages };
}

describe("GET /knowledge/gap-questions, page by page", () => {
  it("gives all 250 open questions once each, in order, and says how many there are on every page", async () => {
    // 250 questions: asked 1 to 5 times, many with the same count and the same time.
    await insertGaps(
      Array.from({ length: 250 }, (_, i) => ({
        question: `Open question number ${i}?`,
        key: `|open ${i}`,
        count: 1 + (i % 5),
        at: `2026-03-0${1 + (i % 3)}T10:00:00.000Z`,
      })),
    );
    type Row = { id: string; questionKey: string; asked: number; lastAt: string };
    const whole = await get<Row>("/api/v1/knowledge/gap-questions?limit=1000");
    expect(whole.total).toBe(250);
    expect(whole.nextCursor).toBeNull();
    expect(whole.questions).toHaveLength(250);

    const first = await get<Row>("/api/v1/knowledge/gap-questions");
    // The page's default of 200 says there are 50 more, and where they start.
    expect(first.questions).toHaveLength(200);
    expect(first.total).toBe(250);
    expect(first.nextCursor).not.toBeNull();

    const { rows, pages } = await everyPage<Row>("/api/v1/knowledge/gap-questions", 60);
    expect(pages.map((p) => p.questions.length)).toEqual([60, 60, 60, 60, 10]);
    expect(pages.every((p) => p.total === 250)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(rows.map((r) => r.questionKey)).toEqual(whole.questions.map((r) => r.questionKey));
    expect(new Set(rows.map((r) => r.id)).size).toBe(250);
    expect(rows.map((r) => r.asked)).toEqual([...rows.map((r) => r.asked)].sort((a, b) => b - a));
  });

  it("refuses a cursor it did not give, naming it, and a lead of another team or an agent gets none", async () => {
    for (const cursor of ["abc", "1.2.not-a-uuid", "-1.5.00000000-0000-0000-0000-000000000000"]) {
      const r = await world.inject({
        method: "GET",
        url: `/api/v1/knowledge/gap-questions?cursor=${encodeURIComponent(cursor)}`,
        as: "leadA",
      });
      expect(r.statusCode, cursor).toBe(400);
      expect(r.body).toContain("cursor");
    }
    expect((await get("/api/v1/knowledge/gap-questions", "leadB")).total).toBe(0);
    const agent = await world.inject({ method: "GET", url: "/api/v1/knowledge/gap-questions", as: "agentA" });
    expect(agent.statusCode).toBe(403);
  });
});

describe("GET /knowledge/answered-questions", () => {
  it("gives the gaps each fact answered as one row with its wordings, every row once across pages", async () => {
    type Row = {
      factId: string;
      teamId: string;
      statement: string;
      title: string;
      asked: number;
      conversationId: string;
      wordings: { title: string; asked: number; questionKey: string | null }[];
      wordingCount: number;
    };
    const fact = async (statement: string, teamId: string | null) =>
      (
        await createKnowledgeFact(world.store, {
          orgId: world.orgId,
          teamId,
          key: `k_${Math.random().toString(36).slice(2)}`,
          value: 1,
          unit: null,
          topic: "shipping",
          statement,
          status: "published",
          createdBy: world.people.admin.id,
        })
      ).id;
    // 25 facts of team A, each answering two wordings; one of the organisation answering both teams.
    const facts: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = await fact(`Fact number ${i}.`, world.teams.a);
      facts.push(id);
      await insertGaps([
        {
          question: `Is it true that ${i}?`,
          key: `|true ${i}`,
          count: 1 + (i % 4),
          at: "2026-03-05T10:00:00Z",
          factId: id,
        },
        {
          question: `Tell me about ${i}?`,
          key: `|about ${i}`,
          count: 2,
          at: "2026-03-04T10:00:00Z",
          factId: id,
        },
      ]);
    }
    const shared = await fact("Shipping is free on orders over $50.", null);
    await insertGaps([
      {
        question: "Does a $60 order ship free?",
        key: "|60 free order ship",
        count: 40,
        at: "2026-03-06T10:00:00Z",
        factId: shared,
      },
      {
        question: "How much is postage on a $60 order?",
        key: "what|60 order postag",
        count: 30,
        at: "2026-03-06T09:00:00Z",
        factId: shared,
      },
      {
        question: "Does a $60 order ship free?",
        key: "|60 free order ship",
        count: 5,
        at: "2026-03-06T10:00:00Z",
        factId: shared,
        teamB: true,
      },
    ]);

    const first = await get<Row>("/api/v1/knowledge/answered-questions");
    expect(first.total).toBe(26);
    expect(first.questions).toHaveLength(20);
    // Most asked first: the shared fact's 70 askings of team A, in two wordings, with its statement.
    expect(first.questions[0]).toMatchObject({
      factId: shared,
      teamId: world.teams.a,
      statement: "Shipping is free on orders over $50.",
      asked: 70,
      conversationId: conversationA,
      wordingCount: 2,
      wordings: [
        { title: "Does a $60 order ship free?", asked: 40, questionKey: "|60 free order ship" },
        { title: "How much is postage on a $60 order?", asked: 30, questionKey: "what|60 order postag" },
      ],
    });
    const { rows, pages } = await everyPage<Row>("/api/v1/knowledge/answered-questions", 7);
    expect(pages.map((p) => p.questions.length)).toEqual([7, 7, 7, 5]);
    expect(new Set(rows.map((r) => r.factId))).toEqual(new Set([shared, ...facts]));
    expect(rows.map((r) => r.asked)).toEqual([...rows.map((r) => r.asked)].sort((a, b) => b - a));
    expect(rows.find((r) => r.factId === facts[3])).toMatchObject({ asked: 6, wordingCount: 2 });

    // Team B's lead sees team B's row of the shared fact only; the admin both teams'; an agent none.
    const b = await get<Row>("/api/v1/knowledge/answered-questions", "leadB");
    expect(b.questions.map((r) => [r.factId, r.teamId, r.asked])).toEqual([[shared, world.teams.b, 5]]);
    expect((await get<Row>("/api/v1/knowledge/answered-questions?limit=200", "admin")).total).toBe(27);
    const agent = await world.inject({
      method: "GET",
      url: "/api/v1/knowledge/answered-questions",
      as: "agentA",
    });
    expect(agent.statusCode).toBe(403);
    const bad = await world.inject({
      method: "GET",
      url: "/api/v1/knowledge/answered-questions?cursor=x",
      as: "leadA",
    });
    expect(bad.statusCode).toBe(400);
  });
});
