// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PracticeSession } from "../../../protocol/practice.ts";
import { DrillView } from "./DrillView.tsx";

afterEach(cleanup);

const REPLY = "Sorry, I'm not sure, maybe it's pending.";

function buildSession(overrides: Partial<PracticeSession> = {}): PracticeSession {
  return {
    id: "s1",
    scenarioId: "sc1",
    scenarioTitle: "Billing: frustrated, wants a refund",
    persona: "frustrated, has asked twice, wants a refund",
    teamId: "t1",
    traineeId: "p1",
    traineeName: "Sam Ortiz",
    mode: "solo",
    customerPlayerId: null,
    customerPlayerName: null,
    myRole: "agent",
    turn: "agent",
    prompts: null,
    status: "active",
    turns: [
      { role: "customer", text: "I was charged twice. Email [EMAIL].", real: true, reading: null },
      {
        role: "agent",
        text: REPLY,
        real: false,
        reading: {
          landing: "escalated",
          good: [],
          bad: [{ kind: "hedging", polarity: "bad", start: 7, end: 17, text: "I'm not su" }],
          risk: 0.4,
          reasons: [],
          why: "The customer heard hedging, so they push harder.",
        },
      },
      { role: "customer", text: "This is ridiculous.", real: true, reading: null },
    ],
    repliesUsed: 1,
    maxReplies: 8,
    score: null,
    review: null,
    canReply: true,
    canEnd: true,
    canReview: false,
    createdAt: "2030-01-01T09:00:00.000Z",
    endedAt: null,
    ...overrides,
  };
}

function view(session: PracticeSession, handlers: Partial<Parameters<typeof DrillView>[0]> = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <DrillView
        session={session}
        busy={false}
        onReply={handlers.onReply ?? (() => Promise.resolve())}
        onEnd={handlers.onEnd ?? (() => {})}
        onReview={handlers.onReview ?? (() => {})}
        {...(handlers.onSwap !== undefined ? { onSwap: handlers.onSwap } : {})}
      />
    </QueryClientProvider>,
  );
}

describe("DrillView", () => {
  it("shows how each reply landed, with the cue marked on its words, and sends a reply on Enter", () => {
    const onReply = vi.fn(() => Promise.resolve());
    const { container } = view(buildSession(), { onReply });
    expect(screen.getByText("Missed: the customer escalates")).toBeTruthy();
    const mark = container.querySelector('mark.ev.bad[data-kind="hedging"]');
    expect(mark?.textContent).toBe(REPLY.slice(7, 17));
    const box = screen.getByLabelText("Your reply to the customer");
    fireEvent.change(box, { target: { value: "I'll refund it today." } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onReply).toHaveBeenCalledWith("I'll refund it today.");
  });

  it("has no reply box once the drill is over, and shows the score", () => {
    view(
      buildSession({
        status: "satisfied",
        canReply: false,
        canEnd: false,
        turn: null,
        score: {
          items: [{ item: "empathy", score: 3, applicable: true, note: "Acknowledged feelings." }],
          overall: 3,
          percent: 75,
          landings: { calmed: 2, neutral: 0, escalated: 1 },
        },
      }),
    );
    expect(screen.queryByLabelText("Your reply to the customer")).toBeNull();
    expect(screen.getByRole("region", { name: "Drill score" }).textContent).toContain("3.0 / 4");
    expect(screen.getByText("customer satisfied")).toBeTruthy();
  });

  it("gives the customer's player in a pair drill the prompts, and 'Use it' fills their line", () => {
    const onEnd = vi.fn();
    view(
      buildSession({
        mode: "pair",
        myRole: "customer",
        turn: "customer",
        customerPlayerId: "p2",
        customerPlayerName: "Jon Reyes",
        prompts: { lines: ["I was charged twice. Email [EMAIL]."], suggestion: "This is ridiculous." },
      }),
      { onEnd },
    );
    const prompts = screen.getByRole("region", { name: "Prompts for the customer" });
    expect(prompts.textContent).toContain("frustrated, has asked twice");
    fireEvent.click(screen.getByRole("button", { name: "Use it" }));
    expect((screen.getByLabelText("Your line as the customer") as HTMLTextAreaElement).value).toBe(
      "This is ridiculous.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Customer walks away" }));
    expect(onEnd).toHaveBeenCalledWith("walked_away");
  });

  it("tells a lead watching a running pair drill who plays the customer, not to play it", () => {
    view(
      buildSession({
        mode: "pair",
        myRole: "reviewer",
        turn: "agent",
        canReply: false,
        canEnd: false,
        customerPlayerId: "p2",
        customerPlayerName: "Jon Reyes",
        prompts: { lines: ["I was charged twice. Email [EMAIL]."], suggestion: null },
      }),
    );
    const prompts = screen.getByRole("region", { name: "Prompts for the customer" });
    expect(prompts.textContent).toMatch(/^Jon Reyes plays the customer: frustrated, has asked twice/);
    expect(prompts.textContent).not.toContain("You play");
    expect(screen.queryByLabelText("Your line as the customer")).toBeNull();
  });

  it("tells a player whose turn it is not to wait, and shows the agent's side no prompts", () => {
    view(buildSession({ mode: "pair", turn: "customer", canReply: false, customerPlayerName: "Jon Reyes" }));
    expect(screen.getByRole("status").textContent).toContain("Waiting for Jon Reyes’s line");
    expect(screen.queryByRole("region", { name: "Prompts for the customer" })).toBeNull();
  });

  it("says an abandoned drill was left a day without a turn, has no score and is to be started again", () => {
    view(
      buildSession({
        status: "abandoned",
        canReply: false,
        canEnd: false,
        turn: null,
        endedAt: "2030-01-02T09:00:00.000Z",
      }),
    );
    expect(screen.getByText("abandoned")).toBeTruthy();
    expect(screen.queryByText("in progress")).toBeNull();
    expect(screen.queryByLabelText("Your reply to the customer")).toBeNull();
    expect(screen.queryByRole("button", { name: "End drill" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe(
      "Nobody wrote in this drill for a day, so it was closed as abandoned. It has no score and does not count as a finished drill. Start the scenario again to practise it.",
    );
  });
});
