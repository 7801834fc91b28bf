// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GapQuestion, KnowledgeGap } from "../../../protocol/index.ts";
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

function show(page: "knowledge" | "practice", loaded: readonly (readonly unknown[])[] = []) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  for (const key of loaded) client.setQueryData(key, []);
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

    show("knowledge", [knowledgeKeys.insights, knowledgeKeys.gaps, knowledgeKeys.answered]);
    expect(body()).toContain("Drafts to review (0)");
    expect(body()).toContain("Published insights (0)");
    // Says what would be listed, and how a gap leaves the list.
    expect(body()).toContain("No open gaps. A customer’s question an agent hedged on");
    expect(screen.queryByText("Loading…")).toBeNull();
  });

  it("Knowledge: an answered gap says how often it was asked, beside the fact that answers it", () => {
    const gap = (id: string): KnowledgeGap => ({
      id,
      teamId: "t1",
      conversationId: `c-${id}`,
      question: "Do I have to pay for shipping on a $60 order?",
      title: "Do I have to pay for shipping on a $60 order?",
      topic: "pay shipping order",
      reason: "hedged",
      status: "resolved",
      answeredByFactId: "f1",
      createdAt: `2026-12-0${id}T10:00:00.000Z`,
    });
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    client.setQueryData(knowledgeKeys.insights, []);
    client.setQueryData(knowledgeKeys.gaps, []);
    client.setQueryData(knowledgeKeys.answered, [gap("1"), gap("2"), gap("3")]);
    client.setQueryData(knowledgeKeys.facts, [
      { id: "f1", statement: "Shipping is free on orders over $50." },
    ]);
    render(
      <QueryClientProvider client={client}>
        <KnowledgePage me={lead} />
      </QueryClientProvider>,
    );
    const row = screen.getByRole("list", { name: "Answered gaps" }).textContent ?? "";
    expect(row).toContain("Answered by the fact Shipping is free on orders over $50.");
    expect(row).toContain("asked 3 times");
    // One wording: nothing more to list.
    expect(row).not.toContain("wordings");
  });

  it("Knowledge: the wordings of what one fact answers are one answered row, each wording under it", () => {
    const gap = (id: string, question: string): KnowledgeGap => ({
      id,
      teamId: "t1",
      conversationId: `c-${id}`,
      question,
      title: question,
      topic: "shipping",
      reason: "hedged",
      status: "resolved",
      answeredByFactId: "f1",
      createdAt: `2026-12-0${id}T10:00:00.000Z`,
    });
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    client.setQueryData(knowledgeKeys.insights, []);
    client.setQueryData(knowledgeKeys.gaps, []);
    client.setQueryData(knowledgeKeys.answered, [
      gap("1", "Is shipping free on a $60 order?"),
      gap("2", "Do you charge shipping on $60 orders?"),
      gap("3", "Is shipping free on a $60 order?"),
    ]);
    client.setQueryData(knowledgeKeys.facts, [
      { id: "f1", statement: "Shipping is free on orders over $50." },
    ]);
    render(
      <QueryClientProvider client={client}>
        <KnowledgePage me={lead} />
      </QueryClientProvider>,
    );
    const list = screen.getByRole("list", { name: "Answered gaps" });
    expect(list.querySelectorAll(":scope > li")).toHaveLength(1);
    expect(list.textContent).toContain("asked 3 times");
    expect(screen.getByText("Asked in 2 wordings")).toBeTruthy();
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
      const answer = init?.method === "POST" ? { resolved: 2211 } : { questions: [], total: 0 };
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    });
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    client.setQueryData(knowledgeKeys.insights, []);
    client.setQueryData(knowledgeKeys.gaps, [question]);
    client.setQueryData(knowledgeKeys.answered, []);
    render(
      <QueryClientProvider client={client}>
        <KnowledgePage me={lead} />
      </QueryClientProvider>,
    );
    const table = screen.getByRole("table", { name: "Knowledge gaps" });
    expect(table.querySelectorAll("tbody tr")).toHaveLength(1);
    expect(table.textContent).toContain("2,211 times");
    expect(table.textContent).toContain("Asked: “hi, quick question - do I have to pay");
    expect(screen.getByRole("link", { name: question.title }).getAttribute("href")).toBe(
      "/conversations/c-newest",
    );
    fireEvent.click(screen.getByRole("button", { name: `Resolved: ${question.title}` }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toContain("/knowledge/gap-questions/g-newest/resolve");
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
