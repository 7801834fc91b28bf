// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { buildSummary } from "../../testing/factories.ts";
import { FloorTable, rowForKey } from "./FloorTable.tsx";

afterEach(cleanup);

describe("FloorTable", () => {
  it("shows each conversation's risk, customer state, agent, cues and running time, linking to it", () => {
    const c = buildSummary({
      id: "c42",
      customerName: "Dana Whitfield",
      agentName: "Sam Ortiz",
      risk: 0.72,
      customerEmotion: "angry",
      frustration: 0.81,
      activeCues: ["repeated_apology", "hedging", "jargon", "blame"],
      openAlertCount: 1,
      startedAt: "2026-03-02T10:00:00Z",
    });
    render(<FloorTable rows={[c]} nowMs={Date.parse("2026-03-02T10:04:05Z")} />);
    const row = screen.getByRole("link", { name: "Dana Whitfield" }).closest("tr");
    expect(row).not.toBeNull();
    const cells = within(row as HTMLElement);
    expect(screen.getByRole("link", { name: "Dana Whitfield" }).getAttribute("href")).toBe(
      "/conversations/c42",
    );
    expect(cells.getByText("72%")).toBeTruthy();
    // The percentage is the customer's frustration, named as such (it read "angry 81%", and a
    // "satisfied 12%" beside it as if tagteam were 12% sure of the state).
    expect(screen.getByRole("columnheader", { name: "Customer state · frustration" })).toBeTruthy();
    const state = cells.getByText(
      (_, el) => el?.classList.contains("badge") === true && /^angry/.test(el.textContent ?? ""),
    );
    // Seen as "angry · 81%" under that header; heard as "angry, frustration 81%".
    expect(state.querySelector('[aria-hidden="true"]')?.textContent).toBe(" · ");
    expect(state.querySelector(".visually-hidden")?.textContent).toBe(", frustration ");
    expect(state.textContent).toMatch(/^angry.*81%$/);
    expect(cells.getByText("Sam Ortiz")).toBeTruthy();
    expect(cells.getByText("repeated apology")).toBeTruthy();
    expect(cells.getByText("+2")).toBeTruthy();
    // The cues past the first two, which a pointer reads in the tooltip, are read out too.
    expect(cells.getByText("and jargon, blame")).toBeTruthy();
    expect(cells.getByText("4m")).toBeTruthy();
    expect((row as HTMLElement).className).toContain("is-hot");
  });

  it('says a conversation in its first minute has just started (it read "0m")', () => {
    const c = buildSummary({ customerName: "New Customer", startedAt: "2026-03-02T10:00:00Z" });
    render(<FloorTable rows={[c]} nowMs={Date.parse("2026-03-02T10:00:40Z")} />);
    const row = screen.getByRole("link", { name: "New Customer" }).closest("tr") as HTMLElement;
    expect(within(row).getByText("just started")).toBeTruthy();
    expect(within(row).queryByText("0m")).toBeNull();
  });

  it("says how long a customer has waited for a reply, from a minute on, long waits standing out", () => {
    const now = Date.parse("2026-03-02T10:10:00Z");
    render(
      <FloorTable
        rows={[
          buildSummary({ customerName: "Short Wait", waitingSince: "2026-03-02T10:08:30Z" }),
          buildSummary({ customerName: "Long Wait", waitingSince: "2026-03-02T10:04:00Z" }),
          buildSummary({ customerName: "Just Now", waitingSince: "2026-03-02T10:09:30Z" }),
          buildSummary({ customerName: "Answered", waitingSince: null }),
        ]}
        nowMs={now}
      />,
    );
    const row = (name: string) => within(screen.getByRole("link", { name }).closest("tr") as HTMLElement);
    expect(row("Short Wait").getByText("waits 1m").className).toContain("muted");
    expect(row("Long Wait").getByText("waits 6m").className).toContain("waiting-long");
    expect(row("Just Now").queryByText(/waits/)).toBeNull();
    expect(row("Answered").queryByText(/waits/)).toBeNull();
  });

  it("marks the conversations that reported an open incident", () => {
    const rows = [
      buildSummary({ id: "c1", customerName: "Hannah Okafor" }),
      buildSummary({ id: "c2", customerName: "Omar Haddad" }),
    ];
    render(<FloorTable rows={rows} nowMs={0} incidents={new Map([["c1", "checkout"]])} />);
    const hannah = screen.getByRole("link", { name: "Hannah Okafor" }).closest("tr") as HTMLElement;
    const omar = screen.getByRole("link", { name: "Omar Haddad" }).closest("tr") as HTMLElement;
    expect(within(hannah).getByText("incident: checkout")).toBeTruthy();
    expect(within(omar).queryByText(/incident:/)).toBeNull();
  });

  it("says so when nothing matches", () => {
    render(<FloorTable rows={[]} nowMs={0} />);
    expect(screen.getByText("No live conversations match these filters.")).toBeTruthy();
  });

  it("is one Tab stop: the arrow keys move from row to row, and the row moved to keeps the stop", () => {
    const rows = ["Ana", "Ben", "Cho", "Dev"].map((n, i) => buildSummary({ id: `c${i}`, customerName: n }));
    render(<FloorTable rows={rows} nowMs={0} />);
    const link = (name: string) => screen.getByRole("link", { name });
    const tabbable = () =>
      screen
        .getAllByRole("link")
        .filter((a) => a.getAttribute("tabindex") !== "-1")
        .map((a) => a.textContent);
    // One link in the tab order, not one a row: Tab leaves the table after it.
    expect(tabbable()).toEqual(["Ana"]);
    link("Ana").focus();
    fireEvent.keyDown(link("Ana"), { key: "ArrowDown" });
    expect(document.activeElement).toBe(link("Ben"));
    expect(tabbable()).toEqual(["Ben"]);
    fireEvent.keyDown(link("Ben"), { key: "End" });
    expect(document.activeElement).toBe(link("Dev"));
    fireEvent.keyDown(link("Dev"), { key: "ArrowDown" });
    expect(document.activeElement).toBe(link("Dev"));
    fireEvent.keyDown(link("Dev"), { key: "Home" });
    expect(document.activeElement).toBe(link("Ana"));
    // The table says how, to a screen reader (and on screen while the focus is in it).
    const table = screen.getByRole("table", { name: "Live conversations by risk" });
    expect(table.getAttribute("aria-describedby")).toBe("floor-keys");
    expect(document.getElementById("floor-keys")?.textContent).toContain("arrows move");
  });

  it("moves by one, by a page of ten, or to either end, never past them", () => {
    expect(rowForKey("ArrowDown", 3, 70)).toBe(4);
    expect(rowForKey("ArrowUp", 0, 70)).toBe(0);
    expect(rowForKey("PageDown", 65, 70)).toBe(69);
    expect(rowForKey("PageUp", 12, 70)).toBe(2);
    expect(rowForKey("End", 0, 70)).toBe(69);
    expect(rowForKey("Home", 40, 70)).toBe(0);
    expect(rowForKey("a", 4, 70)).toBeNull();
  });
});
