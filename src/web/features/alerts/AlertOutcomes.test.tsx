// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AlertOutcomesTable } from "./AlertOutcomes.tsx";

afterEach(cleanup);

const counts = (raised: number, actedOn: number, notUseful: number, expired: number, open: number) => ({
  raised,
  actedOn,
  notUseful,
  expired,
  open,
});

describe("AlertOutcomesTable", () => {
  it("lists each reason in words with its share marked not useful, then all alerts", () => {
    render(
      <AlertOutcomesTable
        outcomes={{
          since: "2026-11-05T00:00:00.000Z",
          teamIds: ["t1"],
          total: counts(10, 5, 3, 1, 1),
          byReason: [
            { reason: "needs_authority", ...counts(4, 1, 3, 0, 0) },
            { reason: "some_new_reason", ...counts(6, 4, 0, 1, 1) },
          ],
        }}
      />,
    );
    const rows = within(screen.getByRole("table", { name: "What became of the team's alerts" })).getAllByRole(
      "row",
    );
    expect(rows.slice(1).map((r) => r.querySelector("th")?.textContent)).toEqual([
      "Needs more authority",
      "some new reason",
      "All alerts",
    ]);
    expect(rows[1]?.textContent).toContain("3 (75 %)");
  });

  it("says there is nothing to tune when no alert was raised", () => {
    render(
      <AlertOutcomesTable
        outcomes={{
          since: "2026-11-05T00:00:00.000Z",
          teamIds: ["t1"],
          total: counts(0, 0, 0, 0, 0),
          byReason: [],
        }}
      />,
    );
    expect(screen.getByText(/nothing to tune yet/)).toBeTruthy();
  });

  it("names the reasons the team keeps marking not useful and the settings that decide them", () => {
    const outcomes = {
      since: "2026-11-05T00:00:00.000Z",
      teamIds: ["t1"],
      total: counts(52, 30, 17, 3, 2),
      byReason: [
        // 8 of 20 (40 %): worth a look.
        { reason: "customer_reacting_to_agent", ...counts(20, 10, 8, 1, 1) },
        // 9 of 12 (75 %): worst first.
        { reason: "not_solution_focused", ...counts(12, 2, 9, 1, 0) },
        // Too few to tell, and a raised hand has no setting.
        { reason: "wrong_information", ...counts(5, 1, 4, 0, 0) },
        { reason: "raised_hand", ...counts(15, 5, 10, 0, 0) },
      ],
    };
    const { rerender } = render(<AlertOutcomesTable outcomes={outcomes} canTune />);
    const items = within(screen.getByRole("list", { name: "Often marked not useful" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items).toEqual([
      "Defending, not solving: 9 of 12 marked not useful (75 %). What decides it: Apologies that raise an alert; High-frustration turns before a signal; High frustration (0–1).",
      "Customer reacting to the agent: 8 of 20 marked not useful (40 %). What decides it: Repetition overlap (0–1); Shortest message compared (words).",
    ]);
    expect(screen.getByRole("link", { name: "Admin → Thresholds" }).getAttribute("href")).toBe(
      "/admin/thresholds",
    );
    // A lead reads where, without a link they could not use.
    rerender(<AlertOutcomesTable outcomes={outcomes} />);
    expect(screen.queryByRole("link", { name: "Admin → Thresholds" })).toBeNull();
    expect(screen.getByText(/An admin can raise them/)).toBeTruthy();
  });

  it("names the reasons whose alerts mostly expire with nobody answering", () => {
    render(
      <AlertOutcomesTable
        outcomes={{
          since: "2026-11-05T00:00:00.000Z",
          teamIds: ["t1"],
          total: counts(40, 15, 1, 24, 0),
          byReason: [
            { reason: "needs_authority", ...counts(17, 5, 0, 12, 0) },
            { reason: "wrong_information", ...counts(23, 10, 1, 12, 0) },
          ],
        }}
      />,
    );
    expect(
      within(screen.getByRole("list", { name: "Often unanswered" }))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "Needs more authority: 12 of 17 expired with nobody answering (71 %).",
      "Wrong information: 12 of 23 expired with nobody answering (52 %).",
    ]);
    expect(screen.queryByText("Often marked not useful")).toBeNull();
  });

  it("says nothing about tuning when no reason is often marked not useful", () => {
    render(
      <AlertOutcomesTable
        outcomes={{
          since: "2026-11-05T00:00:00.000Z",
          teamIds: ["t1"],
          total: counts(30, 25, 2, 2, 1),
          byReason: [{ reason: "needs_authority", ...counts(30, 25, 2, 2, 1) }],
        }}
        canTune
      />,
    );
    expect(screen.queryByText("Often marked not useful")).toBeNull();
  });
});
