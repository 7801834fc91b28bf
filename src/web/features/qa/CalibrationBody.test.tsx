// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { QA_ITEM_NAMES } from "../../../protocol/index.ts";
import { CalibrationBody } from "./QaPage.tsx";

afterEach(cleanup);

const items = (reviewed: (item: string) => number, mean = 0) =>
  QA_ITEM_NAMES.map((item) => ({ item, reviewed: reviewed(item), disagreements: 0, meanDifference: mean }));

describe("the Scorecards page's calibration", () => {
  it("before any review says what will show there, not a table of zeros that reads as full agreement", () => {
    render(<CalibrationBody data={{ items: items(() => 0), disagreements: [] }} />);
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText(/^No reviewed scorecards yet\. Once a lead saves a review/)).toBeTruthy();
  });

  it("gives no average for an item nobody reviewed", () => {
    render(
      <CalibrationBody data={{ items: items((i) => (i === "empathy" ? 2 : 0), 0), disagreements: [] }} />,
    );
    const table = screen.getByRole("table", { name: "Calibration per item" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(
      within(rows[0]!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["2", "0", "0"]);
    expect(
      within(rows[1]!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["0", "0", "—"]);
  });
});
