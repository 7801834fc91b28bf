import { useMemo } from "react";
import { AXIS_STYLE, dateAxis, paddedTimeScale } from "../../ui/chartAxes.ts";
import { useUPlot, type UPlotSpec } from "../../ui/useUPlot.ts";
import { formatEnps } from "./pulsesModel.ts";

const CHART_HEIGHT_PX = 180;

/**
 * eNPS over time, a point per pulse with results, on its whole scale (−100 to 100) with the zero
 * line drawn: as the Numbers page's charts (NumbersChart.tsx), uPlot on a canvas, the same in words
 * and in a table beside it.
 */
export function PulseChart({ x, y, label }: { x: number[]; y: number[]; label: string }) {
  const spec = useMemo(
    (): UPlotSpec | null =>
      x.length === 0
        ? null
        : {
            options: {
              legend: { show: false },
              cursor: { drag: { x: false, y: false } },
              scales: { x: paddedTimeScale(3 * 86_400), y: { range: [-100, 100] } },
              axes: [
                dateAxis(70),
                {
                  ...AXIS_STYLE,
                  size: 48,
                  incrs: [25, 50, 100],
                  values: (_u, ticks) => ticks.map(formatEnps),
                },
              ],
              series: [
                {},
                {
                  label: "eNPS",
                  stroke: "#1f5f73",
                  width: 2,
                  spanGaps: true,
                  points: { show: true, size: 7 },
                  value: (_u, v: number | null) => (v === null ? "—" : formatEnps(v)),
                },
              ],
              hooks: {
                // The zero line: above it, more of the team would recommend it than not.
                draw: [
                  (u) => {
                    const zero = u.valToPos(0, "y", true);
                    const ctx = u.ctx;
                    ctx.save();
                    ctx.strokeStyle = "#9aa3ad";
                    ctx.setLineDash([4, 3]);
                    ctx.beginPath();
                    ctx.moveTo(u.bbox.left, zero);
                    ctx.lineTo(u.bbox.left + u.bbox.width, zero);
                    ctx.stroke();
                    ctx.restore();
                  },
                ],
              },
            },
            data: [x, y],
          },
    [x, y],
  );
  const host = useUPlot(spec, { height: CHART_HEIGHT_PX });
  return <div ref={host} className="chart pulse-chart" role="img" aria-label={label} />;
}
