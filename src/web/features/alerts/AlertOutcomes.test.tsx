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
});
