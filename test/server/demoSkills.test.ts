/**
 * The demo's skill map (loop 3): a fresh demo workspace, created as `npm start -- --demo` creates
 * it (startServer), has its eight weeks of history scored by loop 2 on that first start, and the
 * demo agents' ways of working (src/server/numbers/demoHistory.ts) show on the lead's skill map as
 * strengths and gaps, with mentorship pairing a gap with a teammate strong there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mentorship, Person, SkillMap, SkillName } from "../../src/protocol/index.ts";
import { DEMO_PASSWORD } from "../../src/server/index.ts";
import type { RunningServer } from "../../src/server/main.ts";
import { DEMO_LEAD as LEE, startDemoServer } from "./demoWorkspace.ts";
import { getJson, signIn } from "./spawnServer.ts";

let running: RunningServer;
let stop: (() => Promise<void>) | undefined;
let lead: string;
let teamId: string;
const maps = new Map<string, SkillMap>();

beforeAll(async () => {
  // Once the first start's sweep of the history (in the background) is done.
  ({ running, teamId, stop } = await startDemoServer("demo-skills"));
  lead = await signIn(running.url, LEE, DEMO_PASSWORD);
  const { people } = await getJson<{ people: Person[] }>(
    `${running.url}/api/v1/people?teamId=${teamId}`,
    lead,
  );
  for (const p of people.filter((x) => x.role === "agent")) {
    const { skillMap } = await getJson<{ skillMap: SkillMap }>(
      `${running.url}/api/v1/skills/people/${p.id}`,
      lead,
    );
    maps.set(p.email.split(".")[0] ?? p.email, skillMap);
  }
}, 300_000);
afterAll(async () => {
  await stop?.();
});

const verdict = (who: string, skill: SkillName, topic: string | null = null) => {
  const entry = maps.get(who)?.skills.find((s) => s.skill === skill);
  return topic === null ? entry?.verdict : entry?.topics.find((t) => t.topic === topic)?.verdict;
};
const verdicts = (map: SkillMap, which: "strength" | "gap"): SkillName[] =>
  map.skills.filter((s) => s.verdict === which).map((s) => s.skill);

describe("the demo's skill map", () => {
  it("has the history scored on the first start: every closed conversation of it has a scorecard", async () => {
    const [row] = await running.store.query(
      `SELECT count(*)::int AS closed, count(s.conversation_id)::int AS scored
         FROM conversations c LEFT JOIN scorecards s ON s.conversation_id = c.id
        WHERE c.team_id = $1 AND c.status = 'closed'`,
      [teamId],
    );
    expect(row?.closed).toBeGreaterThan(100);
    expect(row?.scored).toBe(row?.closed);
  });

  it("shows each agent's way of working as strengths and gaps against the rest of the team", () => {
    expect([...maps.keys()].sort()).toEqual(["ana", "ben", "cho", "dev"]);
    for (const map of maps.values()) expect(map.conversations).toBeGreaterThanOrEqual(30);
    const both = [...maps.values()].filter(
      (m) => verdicts(m, "strength").length > 0 && verdicts(m, "gap").length > 0,
    );
    expect(both.length).toBeGreaterThanOrEqual(2);
    // Ana: warm and uses the name, but hedges on fees and refunds.
    expect([verdict("ana", "empathy"), verdict("ana", "uses_name")]).toEqual(["strength", "strength"]);
    expect([verdict("ana", "no_hedging"), verdict("ana", "accuracy")]).toEqual(["gap", "gap"]);
    // Ben: a concrete next step every time, no feelings and never the name.
    expect(verdict("ben", "clear_next_steps")).toBe("strength");
    expect([verdict("ben", "empathy"), verdict("ben", "uses_name")]).toEqual(["gap", "gap"]);
    // Cho: jargon, and defensive or blaming under pressure.
    expect([verdict("cho", "no_jargon"), verdict("cho", "no_defensiveness")]).toEqual(["gap", "gap"]);
    // Dev: strong all round, no gap.
    expect(verdicts(maps.get("dev") as SkillMap, "gap")).toEqual([]);
    expect(verdicts(maps.get("dev") as SkillMap, "strength").length).toBeGreaterThanOrEqual(8);
  });

  it("shows a trend, not 'new', for the skills the eight weeks of history cover", () => {
    for (const [who, map] of maps) {
      // The default 90 days: the last four weeks against the weeks before them.
      expect(Date.parse(map.recentPeriod.until) - Date.parse(map.recentPeriod.since)).toBe(28 * 86_400_000);
      const covered = map.skills.filter((s) => s.recent.conversations > 0 && s.previous.conversations > 0);
      // Every QA item and cue skill has evidence in both parts, so each has a change to show.
      expect(covered.length, who).toBeGreaterThanOrEqual(12);
      for (const s of covered) expect(s.change, `${who} ${s.skill}`).not.toBeNull();
      const isNew = map.skills.filter((s) => s.change === null && s.recent.conversations > 0);
      expect(
        isNew.map((s) => s.skill),
        who,
      ).toEqual([]);
    }
  });

  it("suggests mentors: each a teammate strong where the mentee has a gap, Dev among them", async () => {
    const { suggestions } = await getJson<Mentorship>(
      `${running.url}/api/v1/skills/teams/${teamId}/mentorship`,
      lead,
    );
    expect(suggestions.length).toBeGreaterThan(0);
    const who = (name: string) => name.split(" ")[0]?.toLowerCase() ?? name;
    for (const s of suggestions) {
      expect(who(s.mentor.name)).not.toBe(who(s.mentee.name));
      expect(verdict(who(s.mentor.name), s.skill, s.topic)).toBe("strength");
      // A topic's gap, or the skill's as a whole.
      expect([verdict(who(s.mentee.name), s.skill, s.topic), verdict(who(s.mentee.name), s.skill)]).toContain(
        "gap",
      );
      expect(s.mentorLevel).toBeGreaterThan(s.menteeLevel);
    }
    expect(suggestions.map((s) => who(s.mentor.name))).toContain("dev");
    expect(suggestions.map((s) => who(s.mentee.name))).not.toContain("dev");
  });
});
