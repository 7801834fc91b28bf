import { Sparkline } from "../../ui/Sparkline.tsx";
import { describeTrend, formatShare, TONE_COLOR, type TagRow } from "./numbersModel.ts";

/** Every tag's line on the same scale, 0–100%, with a little room so a dot at either end is whole. */
const SHARE_RANGE: [number, number] = [-0.08, 1.08];
/** 0% to 100%, painted faintly behind each line. */
const SHARE_TRACK: [number, number] = [0, 1];

const GROUPS = [
  { tone: "good", title: "Good news" },
  { tone: "bad", title: "Bad news" },
] as const;

/**
 * The survey's tags as a table, good news first, then bad: a row a tag, with its share of answers
 * over the whole range and a small line of it per period (all on one scale, 0–100%, painted faintly
 * behind each), so no line crosses another. Each line is described in words; the exact figures are in the table below it.
 */
export function SurveyTags({
  rows,
  starts,
  period,
}: {
  rows: readonly TagRow[];
  /** Each period's start (ISO), in order. */
  starts: readonly string[];
  period: "day" | "week";
}) {
  return (
    <table className="table survey-tags" aria-label="What customers said, tag by tag">
      {/* A fixed layout: the columns' widths come from here, never from the lines drawn in them. */}
      <colgroup>
        <col className="survey-tag-col" />
        <col />
        <col className="survey-share-col" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Tag</th>
          <th scope="col">{period === "day" ? "Day by day" : "Week by week"}</th>
          <th scope="col" className="num">
            {period === "day" ? "All days" : "All weeks"}
          </th>
        </tr>
      </thead>
      {GROUPS.map((g) => (
        <tbody key={g.tone}>
          <tr className="survey-group">
            <th scope="rowgroup" colSpan={3}>
              {g.title}
            </th>
          </tr>
          {rows
            .filter((r) => r.tone === g.tone)
            .map((r) => (
              <tr key={r.label}>
                <th scope="row">
                  “{r.label}”
                  <span className="small muted survey-count">
                    {r.part} of {r.whole} answers
                  </span>
                </th>
                <td className="survey-trend">
                  <Sparkline
                    values={r.values}
                    yRange={SHARE_RANGE}
                    color={TONE_COLOR[r.tone]}
                    label={`“${r.label}”, ${period} by ${period}: ${describeTrend(r.values, starts, period)}.`}
                    height={34}
                    spanGaps
                    track={SHARE_TRACK}
                  />
                </td>
                <td className="num survey-share">{formatShare(r.whole === 0 ? null : r.part / r.whole)}</td>
              </tr>
            ))}
        </tbody>
      ))}
    </table>
  );
}
