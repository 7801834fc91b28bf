import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { SkillEntry } from "../../../protocol/index.ts";

const WIDTH_PX = 120;
const HEIGHT_PX = 32;

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

/** Can this browser draw on a canvas? (Test DOMs cannot; the sentence then stands alone.) */
function canDraw(): boolean {
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}

/** A skill's level week by week (0–100), a small uPlot line; weeks without conversations are gaps. */
export function SkillTrend({ weeks }: { weeks: SkillEntry["weeks"] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null || weeks.length < 2 || !canDraw()) return;
    const plot = new uPlot(
      {
        width: WIDTH_PX,
        height: HEIGHT_PX,
        legend: { show: false },
        cursor: { show: false },
        // Half a week of room at each end, so the first and last weeks' dots are not cut in half.
        scales: { x: { time: false, range: [-0.5, weeks.length - 0.5] }, y: { range: [-4, 104] } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: "#1f7a74", width: 2, spanGaps: false, points: { show: true, size: 5 } }],
      },
      [weeks.map((_, i) => i), weeks.map((w) => w.level)],
      el,
    );
    return () => plot.destroy();
  }, [weeks]);
  const description = describeWeeks(weeks);
  return (
    <div
      ref={host}
      role="img"
      aria-label={description}
      title={description}
      style={{ width: WIDTH_PX, height: HEIGHT_PX }}
    />
  );
}
