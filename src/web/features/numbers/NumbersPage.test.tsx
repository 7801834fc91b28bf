// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { NUMBER_DEFINITIONS, type NumbersPeriod, type NumbersResponse } from "../../../protocol/numbers.ts";
import type { Team } from "../../../protocol/resources.ts";
import { comparisonRows, describeTrend, formatSeconds, measuresOf, tickedStarts } from "./numbersModel.ts";
import { numbersPath } from "./api.ts";
import { filtersOf, formFromSearch, NumbersView, teamsToShow, type NumbersForm } from "./NumbersPage.tsx";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

const period = (start: string, end: string, o: Partial<NumbersPeriod> = {}): NumbersPeriod => ({
  start,
  end,
  conversations: 0,
  closed: 0,
  resolvedFirstContact: 0,
  escalated: 0,
  alerts: { raised: 0, actedOn: 0, notUseful: 0, expired: 0, open: 0 },
  timeToHelp: { helped: 0, medianSeconds: null, p90Seconds: null },
  stepIns: { total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 },
  survey: {
    answered: 0,
    skipped: 0,
    tags: {
      felt_heard: 0,
      agent_empathy: 0,
      problem_solved: 0,
      quick: 0,
      had_to_repeat: 0,
      not_solved: 0,
      too_slow: 0,
    },
  },
  ...o,
});

const weekOne = period("2026-03-02T12:00:00.000Z", "2026-03-09T12:00:00.000Z", {
  conversations: 10,
  closed: 8,
  resolvedFirstContact: 6,
  escalated: 1,
  alerts: { raised: 4, actedOn: 2, notUseful: 1, expired: 1, open: 0 },
  timeToHelp: { helped: 2, medianSeconds: 45, p90Seconds: 120 },
  stepIns: { total: 2, recovered: 1, notRecovered: 1, tooEarly: 0 },
});
const weekTwo = period("2026-03-09T12:00:00.000Z", "2026-03-16T12:00:00.000Z", {
  conversations: 12,
  closed: 12,
  resolvedFirstContact: 9,
  escalated: 0,
});
const total = period("2026-03-02T12:00:00.000Z", "2026-03-16T12:00:00.000Z", {
  conversations: 22,
  closed: 20,
  resolvedFirstContact: 15,
  escalated: 1,
  alerts: weekOne.alerts,
  timeToHelp: weekOne.timeToHelp,
  stepIns: weekOne.stepIns,
});
const data: NumbersResponse = {
  team: { id: "t1", name: "Support" },
  since: total.start,
  until: total.end,
  bucket: "week",
  periods: [weekOne, weekTwo],
  total,
  comparison: { at: weekTwo.start, before: weekOne, after: weekTwo },
};
const teams: Team[] = [
  buildTeam({ id: "t1", name: "Support", chatKey: "o.t1", createdAt: "2026-01-01T00:00:00Z" }),
  buildTeam({ id: "t2", name: "Billing", chatKey: "o.t2", createdAt: "2026-01-01T00:00:00Z" }),
];
const blank: NumbersForm = { team: "", from: "", to: "", compare: "" };

function view(props: Partial<Parameters<typeof NumbersView>[0]> = {}) {
  const changes: Partial<NumbersForm>[] = [];
  render(
    <NumbersView
      form={blank}
      teams={teams}
      teamId="t1"
      teamsLoading={false}
      data={data}
      loading={false}
      refreshing={false}
      error={null}
      onChange={(p) => changes.push(p)}
      onClear={() => undefined}
      {...props}
    />,
  );
  return changes;
}

describe("the Numbers page", () => {
  it("gives each measure a chart panel with its one-sentence definition and the counts behind it", () => {
    view();
    const fcr = screen.getByRole("region", { name: "First-contact resolution" });
    expect(within(fcr).getByText(NUMBER_DEFINITIONS.firstContactResolution)).toBeTruthy();
    expect(fcr.textContent).toContain("75% (15 of 20 closed conversations)");
    const help = screen.getByRole("region", { name: "Time to help" });
    expect(help.textContent).toContain(
      "Median 45 s, 90th percentile 2 min (2 of 4 alerts answered with a step-in)",
    );
    const recovered = screen.getByRole("region", { name: "Did the customer recover after a step-in?" });
    expect(recovered.textContent).toContain("1 recovered, 1 did not, 0 too early to tell");
    // The chart is named in words for screen readers.
    expect(within(fcr).getByRole("img").getAttribute("aria-label")).toContain("a point per week");
    // The exact figures, per period, on request.
    const figures = within(fcr).getByRole("table", { name: "First-contact resolution, per week" });
    expect(
      within(figures)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual(["Week fromResolved at first contact", "Mar 275% (6 of 8)", "Mar 975% (9 of 12)"]);
    // Nobody answered the survey: said, not drawn.
    const survey = screen.getByRole("region", { name: "What customers said afterwards" });
    expect(within(survey).getByText("Nothing to measure in this range yet.")).toBeTruthy();
    expect(within(survey).queryByRole("img")).toBeNull();
  });

  it("shows the survey's tags a row each, good news then bad, each with its share, counts and line in words", () => {
    const tags = (o: Partial<NumbersPeriod["survey"]["tags"]>) => ({ ...weekOne.survey.tags, ...o });
    const one = {
      ...weekOne,
      survey: { answered: 4, skipped: 1, tags: tags({ felt_heard: 1, too_slow: 2 }) },
    };
    const two = { ...weekTwo, survey: { answered: 0, skipped: 0, tags: tags({}) } };
    const three = period("2026-03-16T12:00:00.000Z", "2026-03-23T12:00:00.000Z", {
      survey: { answered: 6, skipped: 0, tags: tags({ felt_heard: 3, too_slow: 0 }) },
    });
    const all = {
      ...total,
      survey: { answered: 10, skipped: 1, tags: tags({ felt_heard: 4, too_slow: 2 }) },
    };
    view({ data: { ...data, periods: [one, two, three], total: all, comparison: null } });
    const survey = screen.getByRole("region", { name: "What customers said afterwards" });
    const table = within(survey).getByRole("table", { name: "What customers said, tag by tag" });
    const rows = within(table)
      .getAllByRole("row")
      .map((r) => r.textContent);
    expect(rows.slice(0, 3)).toEqual([
      "TagWeek by weekAll weeks",
      "Good news",
      "“I felt heard”4 of 10 answers40%",
    ]);
    expect(rows.indexOf("Bad news")).toBe(6);
    expect(rows.at(-1)).toBe("“It took too long”2 of 10 answers20%");
    // Each tag's line says the same in words: where it started and ended, skipping a week without answers.
    const heard = within(table).getByRole("row", { name: /I felt heard/ });
    expect(within(heard).getByRole("img").getAttribute("aria-label")).toBe(
      "“I felt heard”, week by week: from 25% (week of Mar 2) to 50% (week of Mar 16).",
    );
    const slow = within(table).getByRole("row", { name: /It took too long/ });
    expect(within(slow).getByRole("img").getAttribute("aria-label")).toBe(
      "“It took too long”, week by week: from 50% (week of Mar 2) to 0% (week of Mar 16).",
    );
    expect(survey.textContent).toContain("10 answers with a tag in the range (1 skipped).");
    // The exact figures per week are still there, every tag a column.
    const figures = within(survey).getByRole("table", { name: "What customers said afterwards, per week" });
    expect(within(figures).getAllByRole("columnheader")).toHaveLength(8);
    expect(within(figures).getAllByRole("row")[2]?.textContent).toBe("Mar 9———————");
  });

  it("describes a tag's line: its highest week when that is neither end, and a single week alone", () => {
    const starts = ["2026-03-02T12:00:00.000Z", "2026-03-09T12:00:00.000Z", "2026-03-16T12:00:00.000Z"];
    expect(describeTrend([0.1, 0.6, 0.2], starts, "week")).toBe(
      "from 10% (week of Mar 2) to 20% (week of Mar 16), highest 60% (week of Mar 9)",
    );
    expect(describeTrend([null, 0.5, null], starts, "day")).toBe("50% (Mar 9), the only day with answers");
    expect(describeTrend([null, null, null], starts, "week")).toBe("no answers in any week of the range");
  });

  it("compares before with after the chosen date, with the counts on each side", () => {
    view();
    const table = screen.getByRole("table", { name: /Before and after/ });
    const row = within(table).getByRole("row", { name: /First-contact resolution/ });
    expect(row.textContent).toContain("75% (6 of 8)");
    expect(row.textContent).toContain("75% (9 of 12)");
    const escalation = within(table).getByRole("row", { name: /Escalation rate/ });
    expect(escalation.textContent).toContain("−10 pts");
  });

  it("shows loading, failure and no-team states instead of charts", () => {
    view({ data: undefined, loading: true });
    expect(screen.getByRole("status").textContent).toContain("Loading the numbers");
    cleanup();
    view({ data: undefined, error: new Error("Invalid request: compareAt: must be inside the range") });
    expect(screen.getByRole("alert").textContent).toContain("compareAt");
    cleanup();
    view({ teams: [], teamId: "", data: undefined });
    expect(screen.getByText("You lead no team yet, so there are no numbers to show.")).toBeTruthy();
  });

  it("changes the team and the dates through the filters", async () => {
    const changes = view();
    await userEvent.selectOptions(screen.getByLabelText("Team"), "t2");
    const compare = screen.getByLabelText("Before / after");
    await userEvent.type(compare, "2026-03-09");
    expect(changes[0]).toEqual({ team: "t2" });
    expect(changes.at(-1)).toEqual({ compare: "2026-03-09" });
  });
});

describe("the page's filters and figures", () => {
  it("reads the form from the address and sends the API a range that includes the last day", () => {
    const form = formFromSearch(
      new URLSearchParams("team=t2&from=2026-03-01&to=2026-03-10&compare=2026-03-05"),
    );
    expect(form).toEqual({ team: "t2", from: "2026-03-01", to: "2026-03-10", compare: "2026-03-05" });
    const f = filtersOf(form, "t2");
    expect(f?.teamId).toBe("t2");
    expect(Date.parse(f?.until ?? "") - Date.parse(f?.since ?? "")).toBe(10 * 86_400_000);
    expect(Date.parse(f?.compareAt ?? "")).toBe(new Date(2026, 2, 5).getTime());
    expect(filtersOf(blank, undefined)).toBeNull();
    // Blank dates: the server's default; always the browser's time zone, so days start at local midnight.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(filtersOf(blank, "t1")).toEqual({ teamId: "t1", timeZone: zone });
    expect(f?.timeZone).toBe(zone);
    expect(numbersPath({ teamId: "t1", timeZone: "Europe/Berlin" })).toBe(
      "/api/v1/numbers?teamId=t1&timeZone=Europe%2FBerlin",
    );
  });

  it("offers leads the teams they lead, admins every team, agents none", () => {
    expect(teamsToShow({ role: "lead", teamIds: ["t2"] }, teams).map((t) => t.id)).toEqual(["t2"]);
    expect(teamsToShow({ role: "admin", teamIds: [] }, teams)).toHaveLength(2);
    expect(teamsToShow({ role: "agent", teamIds: ["t1"] }, teams)).toEqual([]);
  });

  it("draws this week, not over yet, at its pace and says so; the weekly rate counts time up to now", () => {
    // Three and a half days into the second week: 6 conversations so far.
    const now = Date.parse("2026-03-12T24:00:00.000Z");
    const running = { ...weekTwo, conversations: 6 };
    const measures = measuresOf({ periods: [weekOne, running], total, bucket: "week" }, now);
    const volume = measures.find((m) => m.id === "conversations");
    expect(volume?.lines[0]?.values).toEqual([10, 12]);
    expect(volume?.lines[0]?.detail).toEqual([null, "pace for a whole week: 6 in 3 days 12 h so far"]);
    expect(volume?.partialNote).toMatch(
      /^The week from Mar 9 is not over: 3 days 12 h so far, 6 conversations\./,
    );
    // Whole periods only: nothing to say.
    expect(
      measuresOf({ periods: [weekOne, weekTwo], total, bucket: "week" }, now + 7 * 86_400_000)[0]
        ?.partialNote,
    ).toBeUndefined();
    // Before and after a change made on the 9th: 6 in 3.5 days is 12 a week, not 6 over the 7.
    const rows = comparisonRows(weekOne, running, now);
    expect(rows[0]?.sides.after).toEqual({ value: "12", counts: "6 in 3 days 12 h" });
    expect(rows[0]?.change).toBe("+2");
  });

  it("leaves a period with nothing to divide by empty rather than zero", () => {
    const fcr = measuresOf(data).find((m) => m.id === "fcr");
    expect(fcr?.lines[0]?.values).toEqual([0.75, 0.75]);
    const help = measuresOf(data).find((m) => m.id === "time-to-help");
    expect(help?.lines[0]?.values).toEqual([45, null]);
    const rows = comparisonRows(weekOne, weekTwo);
    expect(rows.find((r) => r.title === "Time to help (median)")?.change).toBeNull();
    expect([90, 120, 150, 1500, 5400].map(formatSeconds)).toEqual([
      "90 s",
      "2 min",
      "2.5 min",
      "25 min",
      "1.5 h",
    ]);
    // A change too small to show is no change, whichever way it went.
    const tiny = comparisonRows(
      period(weekOne.start, weekOne.end, { conversations: 1000, escalated: 100 }),
      period(weekTwo.start, weekTwo.end, { conversations: 1001, escalated: 100 }),
    );
    expect(tiny.find((r) => r.title === "Escalation rate")?.change).toBe("±0 pts");
  });

  it("gives each before/after change as the difference of the two figures it stands beside", () => {
    // The demo's figures before and after Nov 9: 520 of 678 (76.7%) and 547 of 706 (77.5%) read
    // "77%" and "77%" with "+1 pts"; 101 of 175 (57.7%) and 81 of 124 (65.3%) read "58%" and "65%"
    // with "+8 pts"; a median of 333 s and 80 s read "5.6 min" and "80 s" with "−4.2 min".
    const rows = comparisonRows(
      period(weekOne.start, weekOne.end, {
        conversations: 678,
        closed: 678,
        resolvedFirstContact: 520,
        timeToHelp: { helped: 270, medianSeconds: 333, p90Seconds: 450 },
        stepIns: { total: 175, recovered: 101, notRecovered: 74, tooEarly: 0 },
      }),
      period(weekTwo.start, weekTwo.end, {
        conversations: 706,
        closed: 706,
        resolvedFirstContact: 547,
        timeToHelp: { helped: 206, medianSeconds: 80, p90Seconds: 110 },
        stepIns: { total: 124, recovered: 81, notRecovered: 43, tooEarly: 0 },
      }),
    );
    const row = (title: string) => rows.find((r) => r.title === title);
    expect(row("First-contact resolution")).toMatchObject({
      sides: { before: { value: "77%" }, after: { value: "77%" } },
      change: "±0 pts",
    });
    expect(row("Recovered after a step-in")).toMatchObject({
      sides: { before: { value: "58%" }, after: { value: "65%" } },
      change: "+7 pts",
    });
    expect(row("Time to help (median)")).toMatchObject({
      sides: { before: { value: "5.6 min" }, after: { value: "80 s" } },
      change: "−4.3 min",
    });
    // 678 and 706 in a week each: a week a side.
    expect(row("Conversations handled a week")?.change).toBe("+28");
  });

  it("shows every share in the figures per period with the counts behind it, never a bare percentage", () => {
    view();
    const fcr = screen.getByRole("table", { name: "First-contact resolution, per week" });
    const cells = within(fcr)
      .getAllByRole("cell")
      .map((c) => c.textContent);
    // 6 of 8 and 9 of 12: both 75%, on very different evidence.
    expect(cells).toEqual(["75% (6 of 8)", "75% (9 of 12)"]);
    const help = screen.getByRole("table", { name: "Time to help, per week" });
    expect(
      within(help)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["45 s (2 helped)", "2 min", "—", "—"]);
    const alerts = screen.getByRole("table", { name: "Alert usefulness, per week" });
    expect(within(alerts).getAllByRole("cell")[0]?.textContent).toBe("50% (2 of 4)");
    // Every alert is in one of the lines, the ones still open too: the shares add up to 100%.
    expect(within(alerts).getByRole("columnheader", { name: "Still open" })).toBeTruthy();
    const open = period(weekOne.start, weekOne.end, {
      alerts: { raised: 5, actedOn: 2, notUseful: 1, expired: 1, open: 1 },
    });
    const lines = measuresOf({ periods: [open], total: open }).find((m) => m.id === "alerts")?.lines ?? [];
    expect(lines.reduce((sum, l) => sum + (l.values[0] ?? 0), 0)).toBeCloseTo(1);
  });

  it("says in words that a range has nothing to divide, rather than '— (0 of 0)'", () => {
    const none = period(weekOne.start, weekOne.end);
    const summaries = measuresOf({ periods: [none], total: none }).map((m) => m.summary);
    expect(summaries.join(" ")).not.toContain("0 of 0");
    expect(summaries).toContain("No conversation that started in the range has closed yet.");
    expect(summaries).toContain("No conversation started in the range.");
  });

  it("puts the x axis's ticks at the periods' starts, thinned to fit, always from the first", () => {
    const weeks = Array.from({ length: 8 }, (_, i) => 1_000 + i * 604_800);
    expect(tickedStarts(weeks, 600, 70)).toEqual(weeks);
    // A phone: 250 px holds three ticks 70 px apart, so every third week.
    expect(tickedStarts(weeks, 250, 70)).toEqual([weeks[0], weeks[3], weeks[6]]);
    expect(tickedStarts([5], 10, 70)).toEqual([5]);
  });
});
