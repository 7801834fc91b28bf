import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { describeSeries, type StateSeries } from "./evidence.ts";

const CHART_HEIGHT_PX = 170;

/**
 * Frustration and risk over the conversation, drawn by uPlot on a canvas (cheap to redraw as
 * messages arrive). The sentence under it says the same for anyone not looking at the chart.
 */
export function StateChart({ series }: { series: StateSeries }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null || series.index.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(240, el.clientWidth),
        height: CHART_HEIGHT_PX,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [
          {
            label: "message",
            size: 34,
            labelSize: 14,
            stroke: "#6b7480",
            grid: { stroke: "#eef0f3" },
            // Messages are whole numbers: no 0.5 ticks.
            incrs: [1, 2, 5, 10, 20, 50, 100, 200],
            values: (_u, ticks) => ticks.map((t) => String(Math.round(t))),
          },
          {
            size: 50,
            stroke: "#6b7480",
            grid: { stroke: "#eef0f3" },
            values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`),
          },
        ],
        series: [
          { label: "message" },
          {
            label: "Risk",
            stroke: "#c8372d",
            width: 2,
            fill: "rgba(200,55,45,0.06)",
            value: (_u, v) => pct(v),
          },
          {
            label: "Frustration",
            stroke: "#d19a17",
            width: 2,
            dash: [5, 3],
            spanGaps: true,
            value: (_u, v) => pct(v),
          },
        ],
      },
      [series.index, series.risk, series.frustration],
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(240, el.clientWidth), height: CHART_HEIGHT_PX }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series]);
  return (
    <figure style={{ margin: 0 }}>
      <div className="chart-legend" aria-hidden="true">
        <span>
          <i style={{ borderColor: "#c8372d" }} />
          Risk
        </span>
        <span>
          <i style={{ borderColor: "#d19a17", borderTopStyle: "dashed" }} />
          Customer frustration
        </span>
      </div>
      <div ref={host} className="chart" role="img" aria-label={describeSeries(series)} />
      <figcaption className="small muted">{describeSeries(series)}</figcaption>
    </figure>
  );
}

function pct(v: number | null): string {
  return v === null ? "—" : `${Math.round(v * 100)}%`;
}
