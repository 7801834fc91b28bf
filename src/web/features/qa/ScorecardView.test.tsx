// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QA_ITEM_NAMES, type Scorecard } from "../../../protocol/index.ts";
import { cardWhen, evidenceLabel, ScorecardView, type DisputeActions } from "./ScorecardView.tsx";

afterEach(cleanup);

function buildScorecard(overrides: Partial<Scorecard> = {}): Scorecard {
  return {
    conversationId: "c1",
    teamId: "t1",
    agentId: "p1",
    agentName: "Sam Ortiz",
    role: "agent",
    items: QA_ITEM_NAMES.map((item) => ({
      item,
      auto: 2,
      override: item === "empathy" ? 4 : null,
      score: item === "empathy" ? 4 : 2,
      applicable: true,
      note: `${item} note`,
      evidence: [],
    })),
    autoOverall: 2,
    overall: 2.33,
    reviewed: true,
    reviewNote: "Warmer than tagteam says",
    reviewedBy: "p2",
    reviewedAt: "2030-01-01T10:00:00.000Z",
    scoredMessages: 7,
    rescoredAt: null,
    rescoredAfterReview: false,
    scope: null,
    createdAt: "2030-01-01T09:00:00.000Z",
    ...overrides,
  };
}

const view = (card: Scorecard, canReview = true) =>
  render(<ScorecardView card={card} canReview={canReview} busy={false} onReview={() => {}} />);

describe("a card in the list of scorecards", () => {
  it("says when its conversation closed, not when tagteam scored it", () => {
    // Eight weeks of history (or an import) scored in one minute: every card read "04:54".
    const now = Date.parse("2030-01-08T05:00:00.000Z");
    const card = buildScorecard({
      createdAt: "2030-01-08T04:54:41.000Z",
      closedAt: "2030-01-06T15:59:05.000Z",
    });
    const expected = `closed ${new Date(card.closedAt ?? "").toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}`;
    expect(cardWhen(card, now)).toBe(expected);
    expect(cardWhen(card, now)).not.toContain(
      new Date(card.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
    );
    // A card whose close is not known says what its time is.
    expect(cardWhen(buildScorecard({ createdAt: "2030-01-08T04:54:41.000Z", closedAt: null }), now)).toMatch(
      /^scored /,
    );
  });
});

describe("ScorecardView", () => {
  it("gives the overall score as the list beside it and the skill map do: one decimal, 'of 4'", () => {
    view(buildScorecard());
    expect(screen.getByText(/Sam Ortiz · overall 2\.3 of 4/)).toBeTruthy();
    // Each item's row is titled as the skill map titles it ("Active listening", not "active listening").
    expect(screen.getAllByRole("rowheader").map((h) => h.textContent)).toEqual([
      "Empathy",
      "Active listening",
      "Accuracy",
      "Ownership",
      "Clear next steps",
      "Habits",
    ]);
  });

  it("says a reviewed scorecard was re-scored after the review, keeping the lead's scores", () => {
    view(buildScorecard({ rescoredAt: "2030-01-02T10:00:00.000Z", rescoredAfterReview: true }));
    expect(screen.getByText("Re-scored after review")).toBeTruthy();
    expect(screen.getByText("Reviewed")).toBeTruthy();
    const note = screen.getByRole("note");
    expect(note.textContent).toBe(
      "The customer wrote again after the review, and tagteam re-scored the whole conversation (7 messages). " +
        "The lead’s scores and note are kept; the other scores are new. Save the review again once you have looked.",
    );
    expect((screen.getByLabelText("empathy score") as HTMLSelectElement).value).toBe("4");
  });

  it("tells the agent without asking them to review", () => {
    view(buildScorecard({ rescoredAt: "2030-01-02T10:00:00.000Z", rescoredAfterReview: true }), false);
    expect(screen.getByRole("note").textContent).not.toContain("Save the review");
    expect(screen.getByText("Lead’s note: Warmer than tagteam says")).toBeTruthy();
  });

  it("mentions a re-scoring before any review quietly, and nothing for a card scored once", () => {
    view(buildScorecard({ reviewed: false, reviewedAt: null, rescoredAt: "2030-01-02T10:00:00.000Z" }));
    expect(screen.queryByText("Re-scored after review")).toBeNull();
    expect(screen.queryByRole("note")).toBeNull();
    expect(
      screen.getByText("Re-scored after the customer wrote again, over the whole conversation (7 messages)."),
    ).toBeTruthy();
    cleanup();
    view(buildScorecard());
    expect(screen.queryByText(/Re-scored/)).toBeNull();
  });

  it("says plainly that a teammate took over and that their lines are not scored as the agent's", () => {
    view(
      buildScorecard({
        scope: {
          agentLines: 2,
          customerLines: 3,
          excludedLines: 4,
          handover: {
            index: 6,
            personId: "p3",
            personName: "Dev Patel",
            kind: "takeover",
            at: "2030-01-01T08:40:00.000Z",
          },
        },
      }),
    );
    const note = screen.getByRole("note", { name: "Whose lines are scored" });
    expect(note.textContent).toMatch(
      /^Dev Patel took over from line 7 of the conversation \(.+\)\. This scorecard scores Sam Ortiz’s part only: Sam Ortiz’s 2 lines and the customer’s 3 lines while Sam Ortiz was handling it\. The other 4 lines \(Dev Patel’s, and the customer’s to them\) are not scored here\.$/,
    );
    cleanup();
    // The agent handled it all: nothing to say.
    view(buildScorecard({ scope: { agentLines: 3, customerLines: 4, excludedLines: 0, handover: null } }));
    expect(screen.queryByRole("note")).toBeNull();
  });

  it("says a helper's card scores the helper's part, the rest being on the agent's card", () => {
    view(
      buildScorecard({
        agentId: "p3",
        agentName: "Dev Patel",
        role: "helper",
        scope: {
          agentLines: 2,
          customerLines: 2,
          excludedLines: 5,
          handover: {
            index: 6,
            personId: "p3",
            personName: "Dev Patel",
            kind: "takeover",
            at: "2030-01-01T08:40:00.000Z",
          },
        },
      }),
    );
    expect(screen.getByRole("note", { name: "Whose lines are scored" }).textContent).toMatch(
      /^The conversation left its agent at line 7 \(.+\)\. This scorecard scores Dev Patel’s part as a helper: Dev Patel’s 2 lines and the customer’s 2 lines while Dev Patel was handling it\. The other 5 lines are on the agent’s scorecard\.$/,
    );
  });

  it("shows an item tagteam found nothing to score as n/a, not as a score, and sends it only when the lead scores it", async () => {
    const sent: unknown[] = [];
    const card = buildScorecard({
      reviewed: false,
      reviewNote: null,
      items: QA_ITEM_NAMES.map((item) => ({
        item,
        auto: item === "habits" ? 3 : 2,
        override: null,
        score: item === "habits" ? 3 : 2,
        applicable: item !== "habits",
        note: `${item} note`,
        evidence: [],
      })),
    });
    render(<ScorecardView card={card} canReview busy={false} onReview={(b) => sent.push(b)} />);
    const habits = screen.getByLabelText("habits score") as HTMLSelectElement;
    expect(habits.value).toBe("");
    expect(habits.selectedOptions[0]?.textContent).toBe("n/a");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Save review" }));
    const itemsSent = () => (sent.at(-1) as { items: unknown }).items;
    expect(sent).toHaveLength(1);
    expect(itemsSent()).toEqual({});
    await user.selectOptions(habits, "1");
    await user.click(screen.getByRole("button", { name: "Save review" }));
    expect(itemsSent()).toEqual({ habits: 1 });
  });

  it("shows the same quoted words once per item", () => {
    const quote = (index: number) => ({
      index,
      start: 0,
      end: 3,
      cueKind: "wrong_fact",
      polarity: "bad" as const,
      quote: "$40",
    });
    const card = buildScorecard();
    const [first, ...rest] = card.items;
    if (first === undefined) throw new Error("no items");
    view({ ...card, items: [{ ...first, evidence: [quote(1), quote(3)] }, ...rest] });
    expect(screen.getAllByText("“$40”")).toHaveLength(1);
  });

  it("shows an item's first three quotes and the rest on asking, none cut off without a word", async () => {
    const user = userEvent.setup();
    const quote = (index: number) => ({
      index,
      start: 0,
      end: 9,
      cueKind: "hedging",
      polarity: "bad" as const,
      quote: `hedge ${index}`,
    });
    const card = buildScorecard();
    const [first, ...rest] = card.items;
    if (first === undefined) throw new Error("no items");
    view({ ...card, items: [{ ...first, evidence: [1, 2, 3, 4, 5].map(quote) }, ...rest] });
    expect(screen.queryByText("“hedge 4”")).toBeNull();
    const more = screen.getByRole("button", { name: `Show 2 more ${first.item.replace(/_/g, " ")} quotes` });
    expect(more.textContent).toBe("2 more");
    await user.click(more);
    expect(screen.getByText("“hedge 4”")).toBeTruthy();
    expect(screen.getByText("“hedge 5”")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: /Show fewer/ }));
    expect(screen.queryByText("“hedge 5”")).toBeNull();
  });

  it("has no 'more' button for three quotes or fewer", () => {
    const card = buildScorecard();
    const [first, ...rest] = card.items;
    if (first === undefined) throw new Error("no items");
    const three = [1, 2, 3].map((index) => ({
      index,
      start: 0,
      end: 3,
      cueKind: "empathy",
      polarity: "good" as const,
      quote: `warm ${index}`,
    }));
    view({ ...card, items: [{ ...first, evidence: three }, ...rest] });
    expect(screen.getAllByText(/“warm \d”/)).toHaveLength(3);
    expect(screen.queryByRole("button", { name: /more .* quotes/ })).toBeNull();
  });
});

describe("evidenceLabel", () => {
  it("quotes words, and names what a redacted quote was", () => {
    expect(evidenceLabel({ quote: "I've reset", cueKind: "commitment" })).toBe("“I've reset”");
    expect(evidenceLabel({ quote: "[PERSON]", cueKind: "customer_name" })).toBe("used the customer’s name");
    expect(evidenceLabel({ quote: "[EMAIL]", cueKind: "wrong_fact" })).toBe("(personal details, redacted)");
    expect(evidenceLabel({ quote: "Thanks [PERSON]", cueKind: "thanks" })).toBe("“Thanks [PERSON]”");
  });
});

describe("ScorecardView disputes", () => {
  const dispute = {
    id: "d1",
    conversationId: "c1",
    teamId: "t1",
    personId: "p1",
    personName: "Sam Ortiz",
    cardRole: "agent" as const,
    item: "accuracy" as const,
    reason: "The fee rule was right",
    disputedScore: 2,
    status: "open" as const,
    resolutionNote: null,
    changedScores: null,
    resolvedById: null,
    resolvedByName: null,
    resolvedAt: null,
    topic: "returns",
    createdAt: "2030-01-01T10:00:00.000Z",
  };
  const actions = (over: Partial<DisputeActions> = {}): DisputeActions => ({
    canDispute: false,
    canResolve: false,
    busy: false,
    error: null,
    onDispute: () => Promise.resolve(true),
    onResolve: () => Promise.resolve(true),
    ...over,
  });

  it("lets the scored agent dispute an item with a reason, and marks an item already disputed", async () => {
    const sent: unknown[] = [];
    render(
      <ScorecardView
        card={buildScorecard({ disputes: [dispute] })}
        canReview={false}
        busy={false}
        onReview={() => {}}
        disputes={actions({ canDispute: true, onDispute: (b) => (sent.push(b), Promise.resolve(true)) })}
      />,
    );
    // The disputed item has no second Dispute action.
    expect(screen.queryByRole("button", { name: "Dispute the accuracy score" })).toBeNull();
    expect(screen.getByText("disputed")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Dispute the empathy score" }));
    const send = screen.getByRole("button", { name: "Send dispute" });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(screen.getByLabelText("Why is the empathy score wrong?"), "  I said sorry  ");
    await userEvent.click(send);
    expect(sent).toEqual([{ item: "empathy", reason: "I said sorry" }]);
    // No resolve form for the agent.
    expect(screen.queryByRole("form", { name: /Resolve the dispute/ })).toBeNull();
  });

  it("gives a lead the resolve form: change the score with a note", async () => {
    const resolved: unknown[] = [];
    render(
      <ScorecardView
        card={buildScorecard({ disputes: [dispute] })}
        canReview
        busy={false}
        onReview={() => {}}
        disputes={actions({
          canResolve: true,
          onResolve: (id, b) => (resolved.push([id, b]), Promise.resolve(true)),
        })}
      />,
    );
    expect(screen.queryByRole("button", { name: /^Dispute/ })).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Decision"), "change");
    await userEvent.selectOptions(screen.getByLabelText("New accuracy score"), "3");
    await userEvent.type(screen.getByLabelText("Note to Sam Ortiz"), "Right, the rule was given");
    await userEvent.click(screen.getByRole("button", { name: "Resolve" }));
    expect(resolved).toEqual([["d1", { decision: "change", score: 3, note: "Right, the rule was given" }]]);
  });

  it("opens at the dispute the lead came for: its item's row marked and in view, the focus on the dispute", () => {
    const scrolled: Element[] = [];
    const scroll = vi.spyOn(Element.prototype, "scrollIntoView").mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    const other = { ...dispute, id: "d2", item: "empathy" as const, reason: "I said sorry" };
    render(
      <ScorecardView
        card={buildScorecard({ disputes: [other, dispute] })}
        canReview
        busy={false}
        onReview={() => {}}
        disputes={actions({ canResolve: true })}
        focusDispute="d1"
      />,
    );
    const row = screen.getByRole("rowheader", { name: "Accuracy" }).closest("tr");
    expect(row?.getAttribute("aria-current")).toBe("true");
    expect(
      screen.getByRole("rowheader", { name: "Empathy" }).closest("tr")?.getAttribute("aria-current"),
    ).toBe(null);
    expect(scrolled).toEqual([row]);
    // The keyboard is at the dispute: its reason and the resolve form come next.
    expect(document.activeElement).toBe(screen.getByRole("listitem", { name: "Dispute: accuracy" }));
    scroll.mockRestore();
  });

  it("brings a dispute of the whole card into view (it has no row)", () => {
    const scrolled: Element[] = [];
    const scroll = vi.spyOn(Element.prototype, "scrollIntoView").mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    render(
      <ScorecardView
        card={buildScorecard({ disputes: [{ ...dispute, item: null }] })}
        canReview
        busy={false}
        onReview={() => {}}
        disputes={actions({ canResolve: true })}
        focusDispute="d1"
      />,
    );
    const entry = screen.getByRole("listitem", { name: "Dispute: The whole scorecard" });
    expect(scrolled).toEqual([entry]);
    expect(document.activeElement).toBe(entry);
    expect(screen.getAllByRole("row").filter((r) => r.getAttribute("aria-current") === "true")).toEqual([]);
    scroll.mockRestore();
  });

  it("says a disputed item tagteam did not score was n/a, as the card reads", () => {
    render(
      <ScorecardView
        card={buildScorecard({ disputes: [{ ...dispute, disputedScore: null }] })}
        canReview={false}
        busy={false}
        onReview={() => {}}
        disputes={actions()}
      />,
    );
    expect(screen.getByRole("listitem", { name: "Dispute: accuracy" }).textContent).toContain("· was n/a");
  });

  it("opens at the card's top when no dispute is asked for", () => {
    const scroll = vi.spyOn(Element.prototype, "scrollIntoView").mockImplementation(() => {});
    render(
      <ScorecardView
        card={buildScorecard({ disputes: [dispute] })}
        canReview
        busy={false}
        onReview={() => {}}
        disputes={actions({ canResolve: true })}
      />,
    );
    expect(scroll).not.toHaveBeenCalled();
    expect(document.querySelector("[aria-current]")).toBeNull();
    scroll.mockRestore();
  });
});
