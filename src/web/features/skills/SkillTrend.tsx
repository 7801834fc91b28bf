import { useMemo } from "react";
import type { SkillEntry, SkillName } from "../../../protocol/index.ts";
import { Sparkline } from "../../ui/Sparkline.tsx";
import { Tip } from "../../ui/Tip.tsx";
import { formatLevel } from "./SkillMapView.tsx";

/** Levels run 0–100; a little room above and below keeps a dot at either end whole. */
const LEVEL_RANGE: [number, number] = [-4, 104];

/** The weeks with evidence, in words and in the skill's own terms (as the table), for anyone not looking at the line. */
export function describeWeeks(skill: SkillName, weeks: SkillEntry["weeks"]): string {
  const known = weeks.filter((w) => w.level !== null);
  if (known.length === 0) return "No conversations in any week of the period.";
  const parts = known.map(
    (w) =>
      `week of ${new Date(w.start).toLocaleDateString(undefined, { day: "numeric", month: "short" })}: ${formatLevel(skill, w.level)} (${w.conversations} conv.)`,
  );
  return `Week by week: ${parts.join("; ")}.`;
}

/**
 * The first week in which any skill of the map has evidence (0 where none has): the weeks of the
 * period before it, from before the person's first scored conversation, are left out of every
 * trend. Drawn, they were empty room at the left of each line, which then looked pushed off to the
 * right of its box (the demo's 90 days hold eight weeks of history). One start for all the skills
 * keeps their lines' weeks under one another.
 */
export function firstWeekWithEvidence(skills: readonly Pick<SkillEntry, "weeks">[]): number {
  const firsts = skills.map((s) => s.weeks.findIndex((w) => w.level !== null)).filter((i) => i >= 0);
  return firsts.length === 0 ? 0 : Math.min(...firsts);
}

/**
 * A skill's level week by week (0–100), a small line from `fromWeek` (firstWeekWithEvidence) on;
 * weeks without conversations are gaps. The weeks in words show on hover, on keyboard focus or a
 * tap (they were a pointer's tooltip alone).
 */
export function SkillTrend({
  skill,
  weeks,
  fromWeek = 0,
}: {
  skill: SkillName;
  weeks: SkillEntry["weeks"];
  fromWeek?: number;
}) {
  const levels = useMemo(() => weeks.slice(fromWeek).map((w) => w.level), [weeks, fromWeek]);
  return (
    <Tip tip={describeWeeks(skill, weeks)}>
      <Sparkline
        values={levels}
        yRange={LEVEL_RANGE}
        color="#1f7a74"
        label="Trend line"
        tooltip={false}
        width={120}
        height={32}
      />
    </Tip>
  );
}
