import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatEnps } from "./pulsesModel.ts";

const CHART_HEIGHT_PX = 180;

/** Whether this browser draws on a canvas (uPlot needs one; a test DOM may have none). */
function canDraw(): boolean {
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}

/**
 * eNPS over time, a point per pulse with results, on its whole scale (−100 to 100) with the zero
 * line drawn: as the Numbers page's charts (NumbersChart.tsx), uPlot on a canvas, the same in words
 * and in a table beside it.
 */
export function PulseChart({ x, y, label }: { x: number[]; y: number[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null || x.length === 0 || !canDraw()) return;
    const width = () => Math.max(240, el.clientWidth);
    const pad = 3 * 86_400;
    const plot = new uPlot(
      {
        width: width(),
        height: CHART_HEIGHT_PX,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true, range: (_u, min, max) => [min - pad, max + pad] },
          y: { range: [-100, 100] },
        },
        axes: [
          {
            stroke: "#6b7480",
            grid: { stroke: "#eef0f3" },
            size: 36,
            values: (_u, ticks) =>
              ticks.map((t) =>
                new Date(t * 1000).toLocaleDateString(undefined, { month: "short", day: "numeric" }),
              ),
            space: 70,
          },
          {
            size: 48,
            stroke: "#6b7480",
            grid: { stroke: "#eef0f3" },
            incrs: [25, 50, 100],
            values: (_u, ticks) => ticks.map((t) => formatEnps(t)),
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
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : formatEnps(v)),
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
      [x, y],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: CHART_HEIGHT_PX }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, y]);
  return <div ref={host} className="chart pulse-chart" role="img" aria-label={label} />;
}
