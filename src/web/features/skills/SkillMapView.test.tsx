// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SKILL_NAMES, type Mentorship, type SkillEntry, type SkillMap } from "../../../protocol/index.ts";
import { MentorshipView } from "./MentorshipView.tsx";
import { SkillMapView, formatLevel } from "./SkillMapView.tsx";
import { firstWeekWithEvidence } from "./SkillTrend.tsx";

afterEach(cleanup);

const SINCE = "2026-03-01T00:00:00.000Z";
const UNTIL = "2026-03-15T00:00:00.000Z";
const rule = { minConversations: 5, margin: 15, mentorLoadLimit: 2, suggestionsPerPerson: 3 };

const entry = (skill: SkillEntry["skill"], over: Partial<SkillEntry> = {}): SkillEntry => ({
  skill,
  level: null,
  conversations: 0,
  teamLevel: null,
  teamConversations: 0,
  verdict: "not_enough",
  recent: { level: null, conversations: 0 },
  previous: { level: null, conversations: 0, since: SINCE, until: "2026-03-08T00:00:00.000Z" },
  change: null,
  weeks: [
    { start: SINCE, level: null, conversations: 0 },
    { start: "2026-03-08T00:00:00.000Z", level: null, conversations: 0 },
  ],
  examples: [],
  topics: [],
  ...over,
});

const map = (over: Partial<SkillMap> = {}): SkillMap => ({
  person: { id: "p-ada", name: "Ada Agent", teams: [{ id: "t", name: "Support" }] },
  period: { since: SINCE, until: UNTIL },
  previousPeriod: { since: "2026-02-15T00:00:00.000Z", until: SINCE },
  recentPeriod: { since: "2026-03-08T00:00:00.000Z", until: UNTIL },
  rule,
  conversations: 7,
  topics: [
    { topic: "billing", conversations: 6 },
    { topic: "returns", conversations: 1 },
  ],
  skills: SKILL_NAMES.map((s) =>
    s === "clear_next_steps"
      ? entry(s, {
          level: 25,
          conversations: 7,
          teamLevel: 87.5,
          teamConversations: 12,
          verdict: "gap",
          recent: { level: 25, conversations: 3 },
          previous: { level: 10, conversations: 4, since: SINCE, until: "2026-03-08T00:00:00.000Z" },
          change: 15,
          weeks: [
            { start: SINCE, level: 10, conversations: 4 },
            { start: "2026-03-08T00:00:00.000Z", level: 25, conversations: 3 },
          ],
          examples: [
            { conversationId: "c-1", topic: "billing", closedAt: "2026-03-03T10:00:00.000Z", value: 25 },
          ],
          topics: [
            {
              topic: "billing",
              level: 20,
              conversations: 6,
              teamLevel: 90,
              teamConversations: 10,
              verdict: "gap",
            },
            {
              topic: "returns",
              level: 50,
              conversations: 1,
              teamLevel: null,
              teamConversations: 0,
              verdict: "not_enough",
            },
          ],
        })
      : s === "uses_name"
        ? entry(s, {
            level: 90,
            conversations: 7,
            teamLevel: 40,
            teamConversations: 12,
            verdict: "strength",
            recent: { level: 100, conversations: 2 },
            examples: [
              { conversationId: "c-2", topic: "billing", closedAt: "2026-03-04T10:00:00.000Z", value: 100 },
            ],
          })
        : s === "empathy"
          ? entry(s, { level: 100, conversations: 2, teamLevel: 50, teamConversations: 12 })
          : entry(s),
  ),
  pairings: [
    {
      id: "pair-1",
      teamId: "t",
      mentor: { id: "p-ben", name: "Ben Agent" },
      mentee: { id: "p-ada", name: "Ada Agent" },
      skill: "clear_next_steps",
      topic: "billing",
      reason: "Ben's conversations about billing end with a clear next step.",
      createdAt: SINCE,
      endedAt: null,
    },
  ],
  ...over,
});

describe("skill map", () => {
  it("shows each skill's level against the team with its verdict, and says not enough where evidence is short", () => {
    render(<SkillMapView map={map()} />);
    const table = screen.getByRole("table", { name: "Skills of Ada Agent" });
    const row = (label: string) => within(table).getByRole("row", { name: new RegExp(`^${label}`) });
    expect(within(row("Clear next steps")).getByText("1.0 of 4")).toBeTruthy();
    expect(within(row("Clear next steps")).getByText("3.5 of 4")).toBeTruthy();
    expect(within(row("Clear next steps")).getByText("Gap")).toBeTruthy();
    // The trend on the level's own scale (15 points of 100 = 0.6 of 4), not "▲ 15 pts" beside "1.0 of 4".
    expect(within(row("Clear next steps")).getByText("▲ 0.6")).toBeTruthy();
    expect(row("Clear next steps").textContent).not.toMatch(/pts|points/);
    // Why, for the keyboard too: a button named with it, not a hover-only tooltip.
    expect(
      within(row("Clear next steps")).getByRole("button", {
        name: /^▲ 0\.6 \(the last week: 1\.0 of 4 over 3 conversations;/,
      }),
    ).toBeTruthy();
    // Week by week in the same terms: "1.0 of 4", not 25.
    expect(
      within(row("Clear next steps")).getByRole("button", {
        name: /Week by week: week of .*: 1\.0 of 4 \(3 conv\.\)/,
      }),
    ).toBeTruthy();
    // The verdict's margin too: 0.6 of 4 for a QA item, 15% for a rate; the intro gives both.
    expect(
      within(row("Clear next steps")).getByRole("button", { name: "Gap (0.6 or more below the team)" }),
    ).toBeTruthy();
    expect(
      within(row("Uses the customer's name")).getByRole("button", {
        name: "Strength (15% or more above the team)",
      }),
    ).toBeTruthy();
    expect(screen.getByText(/0\.6 on a scorecard item out of 4, 15% on a rate/)).toBeTruthy();
    // Evidence lately and none before: new. Nothing at all: a dash, not "new".
    expect(within(row("Uses the customer's name")).getByText("new")).toBeTruthy();
    expect(within(row("Paraphrases")).queryByText("new")).toBeNull();
    expect(within(row("Paraphrases")).getByRole("button", { name: /no evidence yet/ })).toBeTruthy();
    expect(screen.getByText(/The trend compares the last week with the weeks before them\./)).toBeTruthy();
    expect(within(row("Uses the customer's name")).getByText("Strength")).toBeTruthy();
    expect(within(row("Uses the customer's name")).getByText("90%")).toBeTruthy();
    // Far above the team, but over two conversations: not judged.
    expect(within(row("Empathy")).getByText("Not enough yet")).toBeTruthy();
    expect(
      within(row("Empathy")).getByRole("button", {
        name: "Not enough yet (2 of the 5 conversations needed)",
      }),
    ).toBeTruthy();
    // Nothing left in a hover-only tooltip.
    expect(table.querySelectorAll("[title]")).toHaveLength(0);
    expect(screen.getByLabelText("Summary").textContent).toMatch(
      /Strengths: Uses the customer's name.*Gaps: Clear next steps/,
    );
  });

  it("links each skill to the conversations behind it: a QA item to the person's scorecard, a cue to the conversation", () => {
    render(<SkillMapView map={map()} />);
    const steps = screen.getByRole("list", { name: "Conversations behind Clear next steps" });
    // Their card, also where they were the helper (the agent's card is another person's).
    expect(within(steps).getByRole("link").getAttribute("href")).toBe("/qa/c-1?person=p-ada");
    const name = screen.getByRole("list", { name: "Conversations behind Uses the customer's name" });
    expect(within(name).getByRole("link").getAttribute("href")).toBe("/conversations/c-2");
  });

  it("shows per topic what stands out, the pairing the person is in, and an empty period plainly", () => {
    render(<SkillMapView map={map()} />);
    const billing = screen.getByText("billing").closest("li");
    expect(billing?.textContent).toContain("Gap Clear next steps (0.8 of 4 vs 3.6 of 4)");
    expect(screen.getByText(/Not enough yet: 5 conversations about it are needed/)).toBeTruthy();
    const mentorship = screen.getByRole("list", { name: "Mentorship" });
    expect(mentorship.textContent).toContain("Ben Agent helps with clear next steps in billing.");
    cleanup();
    render(<SkillMapView map={map({ conversations: 0, topics: [], pairings: [] })} />);
    expect(screen.getByText(/No closed conversations with a scorecard in this period yet/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("formats a QA item out of 4 and a rate in percent", () => {
    expect(formatLevel("empathy", 75)).toBe("3.0 of 4");
    expect(formatLevel("no_hedging", 66.6)).toBe("67%");
    expect(formatLevel("no_hedging", null)).toBe("—");
  });
});

describe("mentorship (a lead's)", () => {
  const mentorship: Mentorship = {
    team: { id: "t", name: "Support" },
    period: { since: SINCE, until: UNTIL },
    rule,
    suggestions: [
      {
        mentee: { id: "p-ada", name: "Ada Agent" },
        mentor: { id: "p-ben", name: "Ben Agent" },
        skill: "clear_next_steps",
        topic: "billing",
        menteeLevel: 25,
        mentorLevel: 100,
        reason: "Ben's conversations about billing score 4.0 of 4 on clear next steps; Ada's 1.0 of 4.",
      },
    ],
    pairings: [map().pairings[0] as SkillMap["pairings"][number]],
  };

  it("offers each suggestion with why, to agree, and each pairing in force, to end", async () => {
    const onAgree = vi.fn();
    const onEnd = vi.fn();
    render(<MentorshipView mentorship={mentorship} busy={false} onAgree={onAgree} onEnd={onEnd} />);
    const suggested = screen.getByRole("list", { name: "Suggested pairings" });
    expect(suggested.textContent).toContain(
      "Ben Agent could help Ada Agent with clear next steps in billing",
    );
    expect(suggested.textContent).toContain("Ada's 1.0 of 4.");
    await userEvent.click(within(suggested).getByRole("button", { name: "Agree pairing" }));
    expect(onAgree).toHaveBeenCalledWith(mentorship.suggestions[0]);
    await userEvent.click(
      screen.getByRole("button", { name: "End: Ben Agent helps Ada Agent with clear next steps in billing" }),
    );
    expect(onEnd).toHaveBeenCalledWith("pair-1");
    expect(screen.getByText(/nobody mentors more than 2 people at once/)).toBeTruthy();
  });
});

describe("firstWeekWithEvidence", () => {
  const week = (level: number | null) => ({ start: SINCE, level, conversations: level === null ? 0 : 1 });
  it("is the earliest week any skill has evidence in, so every trend starts there together", () => {
    expect(
      firstWeekWithEvidence([
        { weeks: [week(null), week(null), week(40), week(50)] },
        { weeks: [week(null), week(30), week(null), week(60)] },
        { weeks: [week(null), week(null), week(null), week(null)] },
      ]),
    ).toBe(1);
  });
  it("is the first week where no skill has any", () => {
    expect(firstWeekWithEvidence([{ weeks: [week(null), week(null)] }])).toBe(0);
  });
});
