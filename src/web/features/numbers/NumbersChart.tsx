import { useMemo } from "react";
import uPlot from "uplot";
import { AXIS_STYLE, dateAxis, paddedTimeScale } from "../../ui/chartAxes.ts";
import { useUPlot, type UPlotSpec } from "../../ui/useUPlot.ts";
import { formatValue, formatWithDetail, tickedStarts, type Line, type Unit } from "./numbersModel.ts";

const CHART_HEIGHT_PX = 180;
/** Room between the pointer and the tooltip. */
const TOOLTIP_GAP_PX = 12;

/**
 * The tooltip of a chart: at the point under the pointer, its period and each line's value with the
 * counts behind it ("Resolved at first contact: 75% (6 of 8)"). Drawn in uPlot's own layer, so it
 * follows the pointer without React rendering at each move.
 */
function tooltipPlugin(rows: (idx: number) => string[]): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement("div");
        tip.className = "chart-tooltip";
        tip.hidden = true;
        u.over.appendChild(tip);
      },
      setCursor: (u) => {
        if (tip === null) return;
        const idx = u.cursor.idx;
        const left = u.cursor.left ?? -1;
        if (idx === null || idx === undefined || left < 0) {
          tip.hidden = true;
          return;
        }
        tip.replaceChildren(
          ...rows(idx).map((text, i) => {
            const row = document.createElement("div");
            row.textContent = text;
            if (i === 0) row.className = "chart-tooltip-title";
            return row;
          }),
        );
        tip.hidden = false;
        // Beside the pointer, on whichever side has room.
        const x =
          left + TOOLTIP_GAP_PX + tip.offsetWidth > u.over.clientWidth
            ? Math.max(0, left - TOOLTIP_GAP_PX - tip.offsetWidth)
            : left + TOOLTIP_GAP_PX;
        tip.style.left = `${x}px`;
        tip.style.top = `${TOOLTIP_GAP_PX / 2}px`;
      },
    },
  };
}

/**
 * One measure over time, drawn by uPlot: a point per period (bars for counts). The page says the
 * same in words beside it, for anyone not looking at the chart.
 */
export function NumbersChart({
  x,
  lines,
  unit,
  bucket,
  label,
}: {
  /** Each period's start, in seconds. */
  x: number[];
  lines: Line[];
  unit: Unit;
  bucket: "day" | "week";
  label: string;
}) {
  const spec = useMemo((): UPlotSpec | null => {
    if (x.length === 0) return null;
    // Half a period of room on each side, so the first and last bars are whole.
    const pad = ((bucket === "week" ? 7 : 1) * 86_400) / 2;
    const periodName = (i: number) => {
      const day = new Date((x[i] ?? 0) * 1000).toLocaleDateString(undefined, {
        month: "short",
        day: "numeric",
      });
      return bucket === "week" ? `Week from ${day}` : day;
    };
    const rows = (i: number) => [
      periodName(i),
      ...lines.map((l) => `${l.label}: ${formatWithDetail(unit, l.values[i] ?? null, l.detail?.[i])}`),
    ];
    return {
      options: {
        plugins: [tooltipPlugin(rows)],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: paddedTimeScale(pad),
          y:
            unit === "share"
              ? { range: [0, 1] }
              : unit === "score"
                ? { range: [0, 4] }
                : { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        axes: [
          {
            ...dateAxis(bucket === "week" ? 70 : 56),
            // Ticks at the periods' starts: uPlot's own fell between points ("Oct 9" for a week from Oct 12).
            splits: (u: uPlot) => tickedStarts(x, u.bbox.width / uPlot.pxRatio, bucket === "week" ? 70 : 56),
          },
          {
            ...AXIS_STYLE,
            size: 54,
            values: (_u, ticks) => ticks.map((t) => formatValue(unit, t)),
            // Round steps: whole percents, whole counts, 30 s / 1 / 2 / 5 / 10 / 30 min / 1 h.
            ...(unit === "seconds"
              ? { incrs: [15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400] }
              : unit === "count"
                ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }
                : unit === "score"
                  ? { incrs: [1] }
                  : {}),
          },
        ],
        series: [
          {},
          ...lines.map((l) => ({
            label: l.label,
            stroke: l.color,
            width: 2,
            ...(l.dashed === true ? { dash: [5, 3] } : {}),
            spanGaps: true,
            points: { show: true, size: 6 },
            ...(unit === "count"
              ? {
                  paths: uPlot.paths.bars?.({ size: [0.6, 48] }),
                  fill: `${l.color}33`,
                  points: { show: false },
                }
              : {}),
            value: (_u: uPlot, v: number | null) => formatValue(unit, v),
          })),
        ],
      },
      data: [x, ...lines.map((l) => l.values)],
    };
  }, [x, lines, unit, bucket]);
  const host = useUPlot(spec, { height: CHART_HEIGHT_PX });
  return (
    <>
      {lines.length > 1 ? (
        <div className="chart-legend numbers-legend" aria-hidden="true">
          {lines.map((l) => (
            <span key={l.label}>
              <i style={{ borderColor: l.color, borderTopStyle: l.dashed === true ? "dashed" : "solid" }} />
              {l.label}
            </span>
          ))}
        </div>
      ) : null}
      <div ref={host} className="chart" role="img" aria-label={label} />
    </>
  );
}
