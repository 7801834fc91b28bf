// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Insight } from "../../../protocol/index.ts";
import { InsightReview } from "./InsightReview.tsx";

afterEach(cleanup);

const INSIGHT: Insight = {
  id: "i1",
  teamId: "t1",
  conversationId: "c-42",
  text: 'Customers were confused by: "How do I send it back?". This worked: "You\'ll get the label by email tonight."',
  topic: "returns",
  key: null,
  value: null,
  unit: null,
  status: "draft",
  factId: null,
  createdBy: "p1",
  reviewedBy: null,
  reviewedAt: null,
  reviewNote: null,
  createdAt: "2026-12-06T07:00:00.000Z",
};

describe("an insight on the Knowledge page", () => {
  it("links to the conversation it was learnt in, for the lead reviewing the draft and for the team reading it published", () => {
    for (const [status, canReview] of [
      ["draft", true],
      ["published", false],
    ] as const) {
      render(
        <InsightReview
          insight={{ ...INSIGHT, status }}
          canReview={canReview}
          onReview={() => {}}
          busy={false}
        />,
      );
      const card = screen.getByRole("article", { name: `Insight (${status})` });
      expect(within(card).getByRole("link", { name: "From this conversation" }).getAttribute("href")).toBe(
        "/conversations/c-42",
      );
      cleanup();
    }
  });

  it("has no link when the conversation is gone (erased) or there never was one (an incident's stub)", () => {
    render(
      <InsightReview
        insight={{ ...INSIGHT, conversationId: null }}
        canReview
        onReview={() => {}}
        busy={false}
      />,
    );
    expect(screen.queryByRole("link", { name: "From this conversation" })).toBeNull();
  });

  it("gives the fact fields hints that read as hints, not as values already filled in", () => {
    render(<InsightReview insight={INSIGHT} canReview onReview={() => {}} busy={false} />);
    for (const name of ["Short name (optional)", "Value", "Unit"]) {
      const input = screen.getByLabelText<HTMLInputElement>(name);
      expect(input.value).toBe("");
      expect(input.placeholder).toMatch(/^e\.g\. /);
    }
    // The short name says what it is for, and waits behind "More" until wanted.
    const key = screen.getByLabelText<HTMLInputElement>("Short name (optional)");
    const help = document.getElementById(key.getAttribute("aria-describedby") ?? "");
    expect(help?.textContent).toContain("helps search find the fact");
    expect(key.closest("details")?.open).toBe(false);
  });
});
