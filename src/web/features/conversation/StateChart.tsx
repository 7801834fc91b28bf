import { useMemo } from "react";
import { AXIS_STYLE } from "../../ui/chartAxes.ts";
import { useUPlot, type UPlotSpec } from "../../ui/useUPlot.ts";
import { describeSeries, messageAxisRange, type StateSeries } from "./evidence.ts";

const CHART_HEIGHT_PX = 170;

/**
 * Frustration and risk over the conversation, drawn by uPlot on a canvas (cheap to redraw as
 * messages arrive). The sentence under it says the same for anyone not looking at the chart.
 */
export function StateChart({ series }: { series: StateSeries }) {
  const spec = useMemo(
    (): UPlotSpec | null =>
      series.index.length === 0
        ? null
        : {
            options: {
              legend: { show: false },
              cursor: { drag: { x: false, y: false } },
              scales: { x: { time: false }, y: { range: [0, 1] } },
              // A lone message: uPlot takes the x axis from the data (its range function is not
              // asked), and pads one value to 0–100 messages; set it once drawn instead.
              hooks:
                series.index.length === 1
                  ? {
                      ready: [
                        (u) => {
                          const [min, max] = messageAxisRange(series.index[0] ?? 0, series.index[0] ?? 0);
                          u.setScale("x", { min, max });
                        },
                      ],
                    }
                  : {},
              axes: [
                {
                  ...AXIS_STYLE,
                  label: "message",
                  size: 34,
                  labelSize: 14,
                  // Messages are whole numbers: no 0.5 ticks.
                  incrs: [1, 2, 5, 10, 20, 50, 100, 200],
                  values: (_u, ticks) => ticks.map((t) => String(Math.round(t))),
                },
                {
                  ...AXIS_STYLE,
                  size: 50,
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
            data: [series.index, series.risk, series.frustration],
          },
    [series],
  );
  const host = useUPlot(spec, { height: CHART_HEIGHT_PX });
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
