import { useMemo } from "react";
import { useUPlot, type UPlotSpec } from "./useUPlot.ts";

/**
 * A small line without axes (a value per week, day…), drawn by uPlot: a dot per value, gaps where a
 * value is null (joined over them with `spanGaps`). `label` says the same in words, for a screen
 * reader and as the tooltip. Nothing is drawn for fewer than two values.
 */
export function Sparkline({
  values,
  yRange,
  color,
  label,
  width,
  height,
  spanGaps = false,
}: {
  values: readonly (number | null)[];
  /** The y scale's bottom and top: the same for every line that is compared with another. */
  yRange: [number, number];
  color: string;
  label: string;
  width: number;
  height: number;
  spanGaps?: boolean;
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
            },
            data: [values.map((_, i) => i), [...values]],
          },
    [values, yRange, color, spanGaps],
  );
  const host = useUPlot(spec, { width, height });
  return <div ref={host} role="img" aria-label={label} title={label} style={{ width, height }} />;
}
