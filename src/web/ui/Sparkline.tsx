import { useMemo } from "react";
import type uPlot from "uplot";
import { useUPlot, type UPlotSpec } from "./useUPlot.ts";

const TRACK_COLOR = "#eef1f4";

/**
 * A small line without axes (a value per week, day…), drawn by uPlot: a dot per value, gaps where a
 * value is null (joined over them with `spanGaps`). `label` says the same in words, for a screen
 * reader and as the pointer's tooltip (`tooltip={false}` where a Tip shows it to everyone). Nothing is drawn for fewer than two values. Without a `width` it fills
 * its box's width (a table cell of a fixed layout), at least 48 px.
 */
export function Sparkline({
  values,
  yRange,
  color,
  label,
  width,
  height,
  spanGaps = false,
  track,
  tooltip = true,
}: {
  values: readonly (number | null)[];
  /** The y scale's bottom and top: the same for every line that is compared with another. */
  yRange: [number, number];
  color: string;
  label: string;
  width?: number;
  height: number;
  spanGaps?: boolean;
  /** The values' whole scale (0 and 1 for shares), painted faintly behind the line to read it against. */
  track?: [number, number];
  /** The label as a `title` too (a pointer's alone); off where it is shown some other way. */
  tooltip?: boolean;
}) {
  const spec = useMemo(
    (): UPlotSpec | null =>
      values.length < 2
        ? null
        : {
            options: {
              legend: { show: false },
              cursor: { show: false },
              // Half a step of room at each end, so the first and last dots are not cut in half.
              scales: { x: { time: false, range: [-0.5, values.length - 0.5] }, y: { range: yRange } },
              axes: [{ show: false }, { show: false }],
              series: [{}, { stroke: color, width: 2, spanGaps, points: { show: true, size: 5 } }],
              ...(track !== undefined
                ? {
                    hooks: {
                      drawClear: [
                        (u: uPlot) => {
                          const top = u.valToPos(track[1], "y", true);
                          const bottom = u.valToPos(track[0], "y", true);
                          u.ctx.fillStyle = TRACK_COLOR;
                          u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
                        },
                      ],
                    },
                  }
                : {}),
            },
            data: [values.map((_, i) => i), [...values]],
          },
    [values, yRange, color, spanGaps, track],
  );
  const host = useUPlot(spec, width !== undefined ? { width, height } : { height, minWidth: 48 });
  return (
    <div
      ref={host}
      role="img"
      aria-label={label}
      title={tooltip ? label : undefined}
      style={width !== undefined ? { width, height } : { width: "100%", height, overflow: "hidden" }}
    />
  );
}
