import { useMemo, useRef, useState, type KeyboardEvent } from "react";
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

/** The plot, once drawn: kept by a plugin, so the keyboard can move its cursor. */
function keepPlot(into: { current: uPlot | null }): uPlot.Plugin {
  return {
    hooks: {
      init: (u) => {
        into.current = u;
      },
      destroy: (u) => {
        if (into.current === u) into.current = null;
      },
    },
  };
}

/**
 * One measure over time, drawn by uPlot: a point per period (bars for counts). The page says the
 * same in words beside it, for anyone not looking at the chart, and the figures in a table.
 *
 * The keyboard reads it too: the chart is a tab stop, and the arrow keys (Home, End) move from
 * period to period, showing the pointer's tooltip at that point and saying the same to a screen
 * reader. The tooltip was the pointer's alone.
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
  const plot = useRef<uPlot | null>(null);
  const [point, setPoint] = useState<number | null>(null);
  const spec = useMemo((): (UPlotSpec & { rows: (i: number) => string[] }) | null => {
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
      rows,
      options: {
        plugins: [tooltipPlugin(rows), keepPlot(plot)],
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
  /** Puts the cursor (and the tooltip) on period i, or takes it away for null. */
  const show = (i: number | null) => {
    const u = plot.current;
    setPoint(i);
    if (u === null) return;
    if (i === null) {
      u.setCursor({ left: -10, top: -10 });
      return;
    }
    const value = lines.map((l) => l.values[i]).find((v) => v !== null && v !== undefined) ?? 0;
    u.setCursor({ left: u.valToPos(x[i] ?? 0, "x"), top: u.valToPos(value, "y") });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const last = x.length - 1;
    const at = point ?? -1;
    const next =
      e.key === "ArrowRight" || e.key === "ArrowUp"
        ? Math.min(last, at + 1)
        : e.key === "ArrowLeft" || e.key === "ArrowDown"
          ? Math.max(0, at < 0 ? last : at - 1)
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? last
              : null;
    if (next === null) return;
    e.preventDefault();
    show(next);
  };
  const said = point !== null && spec !== null ? spec.rows(point).join(". ") : "";
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
      <div
        ref={host}
        className="chart"
        role="img"
        aria-roledescription="chart"
        aria-label={`${label} Arrow keys read it period by period.`}
        tabIndex={spec !== null ? 0 : undefined}
        onKeyDown={onKeyDown}
        onBlur={() => show(null)}
      />
      <div className="visually-hidden" aria-live="polite">
        {said}
      </div>
    </>
  );
}
