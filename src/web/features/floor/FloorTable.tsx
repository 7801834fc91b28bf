import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Link } from "wouter";
import type { ConversationSummary } from "../../../protocol/resources.ts";
import { CHANNEL_LABEL, EMOTION_TONE, formatElapsedMinutes, humanize } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { RiskMeter, bandOfRisk } from "../../ui/RiskMeter.tsx";
import { LONG_WAIT_MINUTES, waitingOf } from "./floorModel.ts";

const MAX_CUES_SHOWN = 2;
const NO_INCIDENTS: ReadonlyMap<string, string> = new Map();

// Rows are memoised on the summary object (kept by identity across refetches when unchanged) and
// the running-time text, so a tick or an event redraws only the rows that changed.
const FloorRow = memo(function FloorRow({
  c,
  index,
  running,
  waiting,
  incident,
}: {
  c: ConversationSummary;
  index: number;
  running: string;
  /** Whole minutes the customer has waited for a reply, from one minute on (a number, so rows stay memoised). */
  waiting: number | null;
  /** The open incident this conversation reported, if any: its trouble is the outage. */
  incident?: string | undefined;
}) {
  return (
    <tr
      className={bandOfRisk(c.risk) === "high" ? "is-hot" : undefined}
      data-conversation-id={c.id}
      aria-rowindex={index + 2}
      style={{ height: ROW_HEIGHT_PX }}
    >
      <td>
        <RiskMeter risk={c.risk} />
      </td>
      <td>
        <Link href={`/conversations/${c.id}`} className="cell-link">
          {c.customerName ?? "Customer"}
        </Link>
        {/* One line, so rows keep their height (the long floor is virtualised by it): the incident first. */}
        <div className="small muted one-line">
          {incident !== undefined ? (
            <>
              <span className="incident-tag" title="This customer reported the open incident">
                incident: {incident}
              </span>
              {" · "}
            </>
          ) : null}
          {CHANNEL_LABEL[c.channel]}
          {c.topic ? ` · ${c.topic}` : ""}
        </div>
      </td>
      <td>
        {c.customerEmotion ? (
          <Badge tone={EMOTION_TONE[c.customerEmotion]}>
            {c.customerEmotion} {Math.round(c.frustration * 100)}%
          </Badge>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>{c.agentName ?? <span className="muted">unassigned</span>}</td>
      <td>
        <div className="cues" title={c.activeCues.map(humanize).join(", ")}>
          {c.activeCues.slice(0, MAX_CUES_SHOWN).map((k) => (
            <Badge key={k} tone="warn">
              {humanize(k)}
            </Badge>
          ))}
          {/* The rest are in the cell's tooltip for a pointer, and read out to a screen reader (a
              keyboard cannot hover: "+2" was all it got). */}
          {c.activeCues.length > MAX_CUES_SHOWN ? (
            <span className="small muted">
              <span aria-hidden="true">+{c.activeCues.length - MAX_CUES_SHOWN}</span>
              <span className="visually-hidden">
                and {c.activeCues.slice(MAX_CUES_SHOWN).map(humanize).join(", ")}
              </span>
            </span>
          ) : null}
        </div>
      </td>
      <td className="num">
        {running}
        {waiting !== null ? (
          <div
            className={`small one-line ${waiting >= LONG_WAIT_MINUTES ? "waiting-long" : "muted"}`}
            title="The customer's last message has no reply yet"
          >
            waits {formatElapsedMinutes(0, waiting * 60_000)}
          </div>
        ) : null}
      </td>
      <td className="num">{c.openAlertCount > 0 ? <Badge tone="bad">{c.openAlertCount}</Badge> : null}</td>
    </tr>
  );
});

/** Below this many rows every row is rendered; above it only those near the viewport. */
const VIRTUALIZE_FROM_ROWS = 60;
const ROW_HEIGHT_PX = 52;

/** The team's live conversations, one dense row each, in the order given (highest risk first). */
export function FloorTable({
  rows,
  nowMs,
  incidents = NO_INCIDENTS,
  empty = "No live conversations match these filters.",
}: {
  rows: readonly ConversationSummary[];
  nowMs: number;
  /** Conversation id → the label of the open incident it reported. */
  incidents?: ReadonlyMap<string, string>;
  /** What to say when there is no row (the filters' fault, or nothing live at all). */
  empty?: ReactNode;
}) {
  if (rows.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <table
      className="table fixed floor-table"
      aria-label="Live conversations by risk"
      aria-rowcount={rows.length + 1}
    >
      <colgroup>
        <col style={{ width: 104 }} />
        <col style={{ width: "20%" }} />
        <col style={{ width: 150 }} />
        <col style={{ width: "14%" }} />
        <col />
        <col style={{ width: 84 }} />
        <col style={{ width: 76 }} />
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          <th scope="col">Risk</th>
          <th scope="col">Customer</th>
          <th scope="col">Customer state</th>
          <th scope="col">Agent</th>
          <th scope="col">Active cues</th>
          <th scope="col" className="num">
            Running
          </th>
          <th scope="col" className="num">
            Alerts
          </th>
        </tr>
      </thead>
      {rows.length < VIRTUALIZE_FROM_ROWS ? (
        <tbody>
          {rows.map((c, i) => (
            <FloorRow
              key={c.id}
              c={c}
              index={i}
              running={formatElapsedMinutes(Date.parse(c.startedAt), nowMs)}
              waiting={waitingOf(c, nowMs)}
              incident={incidents.get(c.id)}
            />
          ))}
        </tbody>
      ) : (
        <VirtualRows rows={rows} nowMs={nowMs} incidents={incidents} />
      )}
    </table>
  );
}

/**
 * Only the rows near the viewport exist in the DOM (the page scrolls, not the table), so a busy
 * floor of hundreds of conversations costs the browser a screenful of rows per update.
 */
function VirtualRows({
  rows,
  nowMs,
  incidents,
}: {
  rows: readonly ConversationSummary[];
  nowMs: number;
  incidents: ReadonlyMap<string, string>;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const el = body.current;
    if (el !== null) setScrollMargin(el.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 8,
    scrollMargin,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const top = (items[0]?.start ?? scrollMargin) - scrollMargin;
  const bottom = virtualizer.getTotalSize() - ((items.at(-1)?.end ?? scrollMargin) - scrollMargin);
  return (
    <tbody ref={body}>
      {top > 0 ? <tr aria-hidden="true" style={{ height: top }} /> : null}
      {items.map((item) => {
        const c = rows[item.index];
        return c === undefined ? null : (
          <FloorRow
            key={c.id}
            c={c}
            index={item.index}
            running={formatElapsedMinutes(Date.parse(c.startedAt), nowMs)}
            waiting={waitingOf(c, nowMs)}
            incident={incidents.get(c.id)}
          />
        );
      })}
      {bottom > 0 ? <tr aria-hidden="true" style={{ height: bottom }} /> : null}
    </tbody>
  );
}
