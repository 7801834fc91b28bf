import { useMemo } from "react";
import type { SkillEntry } from "../../../protocol/index.ts";
import { Sparkline } from "../../ui/Sparkline.tsx";
import { Tip } from "../../ui/Tip.tsx";

/** Levels run 0–100; a little room above and below keeps a dot at either end whole. */
const LEVEL_RANGE: [number, number] = [-4, 104];

/** The weeks with evidence, in words, for anyone not looking at the line. */
export function describeWeeks(weeks: SkillEntry["weeks"]): string {
  const known = weeks.filter((w) => w.level !== null);
  if (known.length === 0) return "No conversations in any week of the period.";
  const parts = known.map(
    (w) =>
      `week of ${new Date(w.start).toLocaleDateString(undefined, { day: "numeric", month: "short" })}: ${Math.round(w.level ?? 0)} (${w.conversations})`,
  );
  return `Week by week: ${parts.join("; ")}.`;
}

/**
 * A skill's level week by week (0–100), a small line; weeks without conversations are gaps. The
 * weeks in words show on hover, on keyboard focus or a tap (they were a pointer's tooltip alone).
 */
export function SkillTrend({ weeks }: { weeks: SkillEntry["weeks"] }) {
  const levels = useMemo(() => weeks.map((w) => w.level), [weeks]);
  return (
    <Tip tip={describeWeeks(weeks)}>
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
