// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { enps, PULSE_TOO_FEW_EXPLANATION, type Pulse, type PulsePrompt } from "../../../protocol/pulses.ts";
import { PulsePromptCard } from "./PulsePrompt.tsx";
import { PulseBody } from "./PulseSection.tsx";
import { enpsSeries, enpsSummary, formatEnps } from "./pulsesModel.ts";

afterEach(cleanup);

const withQueries = (node: ReactNode) =>
  render(<QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>);

const pulse = (o: Partial<Pulse> & { id: string; openedAt: string }): Pulse => ({
  teamId: "team-1",
  closesAt: new Date(Date.parse(o.openedAt) + 3 * 86_400_000).toISOString(),
  closedAt: new Date(Date.parse(o.openedAt) + 3 * 86_400_000).toISOString(),
  closedEarly: false,
  status: "closed",
  invited: 5,
  answers: 5,
  visibility: "shown",
  results: null,
  ...o,
});

const older = pulse({
  id: "p1",
  openedAt: "2026-03-02T09:00:00.000Z",
  results: {
    promoters: 1,
    passives: 2,
    detractors: 2,
    enps: -20,
    comments: ["Too many chats back to back."],
  },
});
const newer = pulse({
  id: "p2",
  openedAt: "2026-03-16T09:00:00.000Z",
  results: { promoters: 3, passives: 2, detractors: 0, enps: 60, comments: [] },
});
const tooFew = pulse({ id: "p3", openedAt: "2026-03-30T09:00:00.000Z", answers: 3, visibility: "too_few" });

describe("the eNPS", () => {
  it("is the share of promoters minus the share of detractors, in whole points with a sign", () => {
    expect(enps({ promoters: 2, detractors: 1, answers: 5 })).toBe(20);
    expect(enps({ promoters: 0, detractors: 5, answers: 5 })).toBe(-100);
    expect(enps({ promoters: 1, detractors: 1, answers: 6 })).toBe(0);
    expect(Object.is(enps({ promoters: 0, detractors: 0, answers: 6 }), 0)).toBe(true);
    expect(enps({ promoters: 1, detractors: 0, answers: 3 })).toBe(33);
    expect([formatEnps(20), formatEnps(0), formatEnps(-20)]).toEqual(["+20", "0", "−20"]);
  });

  it("draws only the pulses with results, oldest first, and says the change in words", () => {
    const series = enpsSeries([tooFew, newer, older]);
    expect(series.y).toEqual([-20, 60]);
    expect(series.x).toEqual([Date.parse(older.openedAt) / 1000, Date.parse(newer.openedAt) / 1000]);
    expect(enpsSummary([tooFew, newer, older])).toMatch(
      /^The latest eNPS is \+60 .*; \+80 points since the first of 2 pulses/,
    );
    expect(enpsSummary([tooFew])).toBe("No pulse has results yet.");
  });
});

describe("the Numbers page's pulse section", () => {
  it("lists each closed pulse with its counts, says why one shows nothing, and shows the comments", () => {
    withQueries(<PulseBody teamId="team-1" pulses={[tooFew, newer, older]} />);
    const table = screen.getByRole("table", { name: "Past pulses" });
    const rows = within(table).getAllByRole("row").slice(1);
    // eNPS, the number the section is about, stands next to the day it opened: on a phone the
    // table scrolls sideways and the last columns start out of view.
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((h) => h.textContent),
    ).toEqual(["Opened", "eNPS", "Answered", "Promoters", "Passives", "Detractors"]);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Too few answers to show3 \/ 5$/),
      expect.stringMatching(/\+605 \/ 5320$/),
      expect.stringMatching(/−205 \/ 5122$/),
    ]);
    expect(screen.getByText(PULSE_TOO_FEW_EXPLANATION)).toBeTruthy();
    expect(screen.getByText("Too many chats back to back.")).toBeTruthy();
    // No pulse open: a lead may start one, 3 days unless they choose otherwise.
    const start = screen.getByRole("form", { name: "Start a pulse" });
    expect((within(start).getByLabelText("Open for") as HTMLSelectElement).value).toBe("3");
  });

  it("shows an open pulse's count only, and warns before closing it with too few answers", async () => {
    const open = pulse({
      id: "p4",
      openedAt: "2026-04-06T09:00:00.000Z",
      status: "open",
      closedAt: null,
      answers: 2,
      visibility: "open",
    });
    withQueries(<PulseBody teamId="team-1" pulses={[open, older]} />);
    expect(screen.getByText("2 of 5 answered")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Start a pulse" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Close now…" }));
    expect(screen.getByRole("group", { name: "Close the pulse now?" }).textContent).toMatch(
      /Only 2 people have answered\. Closed now, this pulse will never show results/,
    );
  });
});

describe("the prompt", () => {
  const prompt: PulsePrompt = {
    id: "p5",
    team: { id: "team-1", name: "Support" },
    question: "How likely are you to recommend working on this team to a friend?",
    commentPrompt: "What would make this team a better place to work?",
    closesAt: "2026-04-09T09:00:00.000Z",
  };

  it("asks with eleven labelled choices the keyboard can move through, and promises anonymity", async () => {
    let dismissed = false;
    withQueries(
      <PulsePromptCard
        pulse={prompt}
        now={Date.parse("2026-04-07T09:00:00.000Z")}
        onDismiss={() => (dismissed = true)}
        onSent={() => undefined}
      />,
    );
    const group = screen.getByRole("group", { name: prompt.question });
    const choices = within(group).getAllByRole("radio");
    expect(choices.map((c) => c.getAttribute("aria-label"))).toEqual([
      "0, not at all likely",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10, extremely likely",
    ]);
    expect(group.getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByText("0 = not at all likely, 10 = extremely likely")).toBeTruthy();
    expect(screen.getByText(/Your answer is anonymous/)).toBeTruthy();
    // Sending without a choice says what is missing.
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.getByRole("alert").textContent).toBe("Choose a number from 0 to 10 first.");
    // Keyboard: Tab into the group, arrows move the choice.
    await userEvent.click(choices[7] as HTMLElement);
    await userEvent.keyboard("{ArrowRight}");
    expect((choices[8] as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(
      screen.getByLabelText(/What would make this team a better place to work\? \(optional\)/),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Not now" }));
    expect(dismissed).toBe(true);
  });
});
