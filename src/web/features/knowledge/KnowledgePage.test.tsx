// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AnsweredGapQuestion, GapQuestion } from "../../../protocol/index.ts";
import type { Me } from "../../../protocol/resources.ts";
import { PracticePage } from "../practice/PracticePage.tsx";
import { practiceKeys } from "../practice/api.ts";
import { knowledgeKeys } from "./api.ts";
import { KnowledgePage } from "./KnowledgePage.tsx";

const lead: Me = {
  id: "p1",
  email: "lee@example.com",
  name: "Lee Lead",
  role: "lead",
  teamIds: ["t1"],
  topics: [],
  availability: "available",
  load: 0,
  active: true,
  present: true,
  orgId: "o1",
  orgName: "Acme",
};

// The server has not answered yet: every request waits.
beforeEach(() => vi.stubGlobal("fetch", () => new Promise<Response>(() => undefined)));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A paged list as the page's infinite query holds it. */
function pages<T>(...list: { questions: T[]; total: number; nextCursor: string | null }[]) {
  return { pages: list, pageParams: list.map((_, i) => (i === 0 ? null : list[i - 1]?.nextCursor)) };
}
const paged = new Set<unknown>([knowledgeKeys.open, knowledgeKeys.answered]);

function show(page: "knowledge" | "practice", loaded: readonly (readonly unknown[])[] = []) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  for (const key of loaded)
    client.setQueryData(key, paged.has(key) ? pages({ questions: [], total: 0, nextCursor: null }) : []);
  render(
    <QueryClientProvider client={client}>
      {page === "knowledge" ? <KnowledgePage me={lead} /> : <PracticePage me={lead} />}
    </QueryClientProvider>,
  );
}
const body = () => document.body.textContent ?? "";

describe("loop 2 pages say they are loading, not that there is nothing", () => {
  it("Knowledge: no 'No open gaps' or '(0)' before the server answers; the empty states once it has", () => {
    show("knowledge");
    expect(body()).not.toContain("No open gaps");
    expect(body()).not.toContain("No drafts");
    expect(body()).not.toContain("(0)");
    expect(screen.getAllByText("Loading…").length).toBeGreaterThanOrEqual(3);
    cleanup();

    show("knowledge", [knowledgeKeys.insights, knowledgeKeys.open, knowledgeKeys.answered]);
    expect(body()).toContain("Drafts to review (0)");
    expect(body()).toContain("Published insights (0)");
    // Says what would be listed, and how a gap leaves the list.
    expect(body()).toContain("No open gaps. A customer’s question an agent hedged on");
    expect(screen.queryByText("Loading…")).toBeNull();
  });

  const answeredRow = (over: Partial<AnsweredGapQuestion> = {}): AnsweredGapQuestion => ({
    factId: "f1",
    teamId: "t1",
    statement: "Shipping is free on orders over $50.",
    title: "Do I have to pay for shipping on a $60 order?",
    asked: 3,
    conversationId: "c-3",
    lastAt: "2026-12-03T10:00:00.000Z",
    wordings: [
      {
        title: "Do I have to pay for shipping on a $60 order?",
        asked: 3,
        conversationId: "c-3",
        questionKey: "k1",
      },
    ],
    wordingCount: 1,
    ...over,
  });
  const showWith = (open: ReturnType<typeof pages>, answered: ReturnType<typeof pages>) => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    client.setQueryData(knowledgeKeys.insights, []);
    client.setQueryData(knowledgeKeys.open, open);
    client.setQueryData(knowledgeKeys.answered, answered);
    render(
      <QueryClientProvider client={client}>
        <KnowledgePage me={lead} />
      </QueryClientProvider>,
    );
  };
  const none = () => pages({ questions: [], total: 0, nextCursor: null });

  it("Knowledge: an answered gap says how often it was asked, beside the fact that answers it", () => {
    showWith(none(), pages({ questions: [answeredRow()], total: 1, nextCursor: null }));
    const row = screen.getByRole("list", { name: "Answered gaps" }).textContent ?? "";
    expect(row).toContain("Answered by the fact Shipping is free on orders over $50.");
    expect(row).toContain("asked 3 times");
    // One wording: nothing more to list.
    expect(row).not.toContain("wordings");
  });

  it("Knowledge: the wordings of what one fact answers are one answered row, each wording under it", () => {
    const row = answeredRow({
      wordings: [
        { title: "Is shipping free on a $60 order?", asked: 2, conversationId: "c-3", questionKey: "k1" },
        {
          title: "Do you charge shipping on $60 orders?",
          asked: 1,
          conversationId: "c-2",
          questionKey: "k2",
        },
      ],
      wordingCount: 23,
    });
    showWith(none(), pages({ questions: [row], total: 1, nextCursor: null }));
    const list = screen.getByRole("list", { name: "Answered gaps" });
    expect(list.querySelectorAll(":scope > li")).toHaveLength(1);
    expect(list.textContent).toContain("asked 3 times");
    expect(screen.getByText("Asked in 23 wordings")).toBeTruthy();
    expect(list.textContent).toContain("and 21 more, asked less often");
    expect(
      screen.getByRole("link", { name: "Do you charge shipping on $60 orders?" }).getAttribute("href"),
    ).toBe("/conversations/c-2");
  });

  it("Knowledge: an open question says how many times it was asked as the server counts it, and resolves in one request", async () => {
    // A busy team's question asked 2,211 times: the page grouped the newest 1,000 gaps itself and
    // said "1000 times". The server sends the question once, with its count.
    const question: GapQuestion = {
      id: "g-newest",
      teamId: "t1",
      questionKey: "pay|ship order",
      title: "Do I have to pay for shipping on a $60 order?",
      question: "hi, quick question - do I have to pay for shipping on a $60 order?",
      topic: "pay shipping order",
      reason: "hedged",
      asked: 2211,
      conversationId: "c-newest",
      lastAt: "2026-12-06T10:00:00.000Z",
    };
    const posts: string[] = [];
    vi.stubGlobal("fetch", (url: string, init?: RequestInit) => {
      if (init?.method === "POST") posts.push(url);
      const answer =
        init?.method === "POST" ? { resolved: 2211 } : { questions: [], total: 0, nextCursor: null };
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    });
    showWith(pages({ questions: [question], total: 1, nextCursor: null }), none());
    const table = screen.getByRole("table", { name: "Knowledge gaps" });
    expect(table.querySelectorAll("tbody tr")).toHaveLength(1);
    expect(table.textContent).toContain("2,211 times");
    // Why it is listed, in a lead's words, not the engine's ("Hedged").
    expect(table.textContent).toContain("The agent sounded unsure (“I think…”, “maybe”)");
    expect(table.textContent).toContain("Asked: “hi, quick question - do I have to pay");
    expect(screen.getByRole("link", { name: question.title }).getAttribute("href")).toBe(
      "/conversations/c-newest",
    );
    // The button says what it does: "Resolved" read as the question's state.
    const resolve = screen.getByRole("button", { name: `Mark resolved: ${question.title}` });
    expect(resolve.textContent).toBe("Mark resolved");
    fireEvent.click(resolve);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toContain("/knowledge/gap-questions/g-newest/resolve");
  });

  it("Knowledge: the open list says how many questions are past its page and loads them, and so does the answered list", async () => {
    // The list stopped at the first 200 questions without a word about the rest.
    const q = (n: number): GapQuestion => ({
      id: `g${n}`,
      teamId: "t1",
      questionKey: `k${n}`,
      title: `Question number ${n}?`,
      question: `Question number ${n}?`,
      topic: "question number",
      reason: "hedged",
      asked: 10 - n,
      conversationId: `c${n}`,
      lastAt: "2026-12-06T10:00:00.000Z",
    });
    const cursor = "8.1765015200000000.00000000-0000-4000-8000-000000000002";
    const asked: string[] = [];
    vi.stubGlobal("fetch", (url: string) => {
      asked.push(url);
      const answer = url.includes("/gap-questions")
        ? { questions: [q(3), q(4), q(5)], total: 5, nextCursor: null }
        : { questions: [], total: 0, nextCursor: null };
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    });
    showWith(
      pages({ questions: [q(1), q(2)], total: 5, nextCursor: cursor }),
      pages({ questions: [answeredRow()], total: 26, nextCursor: cursor }),
    );
    expect(body()).toContain("Showing 2 of 5 questions: 3 more.");
    expect(body()).toContain("Showing 1 of 26 answered questions: 25 more.");
    expect(screen.getByRole("button", { name: "Show 20 more" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Show the last 3" }));
    await waitFor(() =>
      expect(screen.getByRole("table", { name: "Knowledge gaps" }).querySelectorAll("tbody tr")).toHaveLength(
        5,
      ),
    );
    expect(asked).toEqual([`/api/v1/knowledge/gap-questions?cursor=${encodeURIComponent(cursor)}`]);
    expect(body()).toContain("All 5 questions.");
    expect(screen.queryByRole("button", { name: /Show the last|Show 200 more/ })).toBeNull();
  });

  it("Practice: no 'No closed conversation with a high peak risk' while the suggestions are read", () => {
    show("practice", [practiceKeys.scenarios, [...practiceKeys.sessions, "mine"]]);
    expect(body()).not.toContain("No closed conversation with a high peak risk");
    expect(body()).not.toContain("No teammate has drilled yet");
    cleanup();

    show("practice", [
      practiceKeys.scenarios,
      [...practiceKeys.sessions, "mine"],
      [...practiceKeys.sessions, "team"],
      practiceKeys.candidates,
    ]);
    expect(body()).toContain("No closed conversation with a high peak risk or an escalation yet.");
    expect(body()).toContain("No teammate has drilled yet.");
  });
});
