import type uPlot from "uplot";

/** Every chart's axes: grey labels and ticks, a faint grid. */
export const AXIS_STYLE = { stroke: "#6b7480", grid: { stroke: "#eef0f3" } } satisfies uPlot.Axis;

/**
 * A time scale (seconds) with `padSeconds` of room at each end, so the first and last points (or
 * bars) are drawn whole.
 */
export function paddedTimeScale(padSeconds: number): uPlot.Scale {
  return { time: true, range: (_u, min, max) => [min - padSeconds, max + padSeconds] };
}

/**
 * The x axis of a chart with a point per day, week or pulse: a date per tick ("Oct 8"), never a
 * time of day; `space` is the least room (px) between two ticks.
 */
export function dateAxis(space: number): uPlot.Axis {
  return {
    ...AXIS_STYLE,
    size: 36,
    values: (_u, ticks) =>
      ticks.map((t) => new Date(t * 1000).toLocaleDateString(undefined, { month: "short", day: "numeric" })),
    space,
  };
}
