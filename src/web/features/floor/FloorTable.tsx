import { defaultRangeExtractor, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
import {
  memo,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from "react";
import { Link } from "wouter";
import type { ConversationSummary } from "../../../protocol/resources.ts";
import {
  CHANNEL_LABEL,
  EMOTION_TONE,
  customerReadingTitle,
  formatElapsedMinutes,
  formatRunningTime,
  humanize,
  JUST_STARTED,
} from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { RiskMeter, bandOfRisk } from "../../ui/RiskMeter.tsx";
import { waitingOf, waitsLong, type LongWaits } from "./floorModel.ts";
import { openedFromHere } from "../../app/openedFrom.ts";

const MAX_CUES_SHOWN = 2;
const NO_INCIDENTS: ReadonlyMap<string, string> = new Map();

// Rows are memoised on the summary object (kept by identity across refetches when unchanged) and
// the running-time text, so a tick or an event redraws only the rows that changed.
const FloorRow = memo(function FloorRow({
  c,
  index,
  running,
  waiting,
  waitingLong,
  incident,
  tabbable,
}: {
  c: ConversationSummary;
  index: number;
  /** The one row whose link is in the tab order; the arrow keys reach the others. */
  tabbable: boolean;
  running: string;
  /** Whole minutes the customer has waited for a reply, from one minute on (a number, so rows stay memoised). */
  waiting: number | null;
  /** That wait is long for its channel on its team. */
  waitingLong: boolean;
  /** The open incident this conversation reported, if any: its trouble is the outage. */
  incident?: string | undefined;
}) {
  return (
    <tr
      role="row"
      className={bandOfRisk(c.risk) === "high" ? "is-hot" : undefined}
      data-conversation-id={c.id}
      aria-rowindex={index + 2}
      style={{ height: ROW_HEIGHT_PX }}
    >
      <td role="cell" data-label="Risk">
        <RiskMeter risk={c.risk} />
      </td>
      <td role="cell">
        <Link
          href={`/conversations/${c.id}`}
          state={openedFromHere()}
          className="cell-link"
          tabIndex={tabbable ? 0 : -1}
        >
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
      <td role="cell">
        {c.customerEmotion ? (
          // The percentage is the customer's frustration, said as such: "satisfied 12%" or
          // "confused 36%" read as how sure tagteam was of the state (the header names it too).
          <Badge
            tone={EMOTION_TONE[c.customerEmotion]}
            title={customerReadingTitle(c.customerEmotion, c.frustration)}
          >
            {c.customerEmotion}
            <span aria-hidden="true"> · </span>
            <span className="visually-hidden">, frustration </span>
            {Math.round(c.frustration * 100)}%
          </Badge>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td role="cell" data-label="Agent">
        {c.assigneeName ?? <span className="muted">unassigned</span>}
      </td>
      <td role="cell">
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
      {/* On a phone the card names it ("Running 27m"), as the table's column does; "just started"
          says it already. */}
      <td role="cell" className="num" {...(running === JUST_STARTED ? {} : { "data-label": "Running" })}>
        {running}
        {waiting !== null ? (
          <div
            className={`small one-line ${waitingLong ? "waiting-long" : "muted"}`}
            title="The customer's last message has no reply yet"
          >
            waits {formatElapsedMinutes(0, waiting * 60_000)}
          </div>
        ) : null}
      </td>
      <td role="cell" className="num" {...(c.openAlertCount > 0 ? { "data-label": "Alerts" } : {})}>
        {c.openAlertCount > 0 ? <Badge tone="bad">{c.openAlertCount}</Badge> : null}
      </td>
    </tr>
  );
});

/** Below this many rows every row is rendered; above it only those near the viewport. */
const VIRTUALIZE_FROM_ROWS = 60;
const ROW_HEIGHT_PX = 52;
/** A row's height on a phone, where each row is a card (theme.css, floor-table). */
const FLOOR_CARD_HEIGHT_PX = 140;
const PHONE_QUERY = "(max-width: 640px)";

/** Whether the floor's rows are cards (a phone), following the window's width. */
function usePhoneCards(): boolean {
  const [phone, setPhone] = useState(
    () =>
      typeof window !== "undefined" &&
      typeof window.matchMedia === "function" &&
      window.matchMedia(PHONE_QUERY).matches,
  );
  useLayoutEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia(PHONE_QUERY);
    const change = () => setPhone(query.matches);
    change();
    query.addEventListener("change", change);
    return () => query.removeEventListener("change", change);
  }, []);
  return phone;
}
/** How many rows Page Up and Page Down move. */
const PAGE_ROWS = 10;

/** Said with the table: how the keyboard moves through it, and out of it. */
const KEYS_HINT =
  "One Tab stop: the up and down arrows move from conversation to conversation (Page Up, Page Down, Home and End too), Enter opens it, and Tab leaves the table.";

/** The row to move to from row `from` of `count` on this key, or null for a key that does not move. */
export function rowForKey(key: string, from: number, count: number): number | null {
  const to =
    key === "ArrowDown"
      ? from + 1
      : key === "ArrowUp"
        ? from - 1
        : key === "PageDown"
          ? from + PAGE_ROWS
          : key === "PageUp"
            ? from - PAGE_ROWS
            : key === "Home"
              ? 0
              : key === "End"
                ? count - 1
                : null;
  return to === null ? null : Math.max(0, Math.min(count - 1, to));
}

/** Focuses the row's link once it is in the page (a virtualised row may take a frame or two). */
function focusRow(body: RefObject<HTMLTableSectionElement | null>, id: string, framesLeft = 30): void {
  const row = Array.from(body.current?.querySelectorAll<HTMLElement>("tr[data-conversation-id]") ?? []).find(
    (tr) => tr.dataset.conversationId === id,
  );
  const link = row?.querySelector<HTMLElement>(".cell-link");
  if (link) link.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusRow(body, id, framesLeft - 1));
}

/**
 * A roving focus over the rows: the table is one Tab stop (a floor of hundreds of conversations
 * was hundreds of Tabs to get past), the arrow keys move from row to row. The row last moved to
 * keeps the stop; if it has left the floor, the first row (or the first one rendered) takes it.
 */
function useRovingRows(rows: readonly ConversationSummary[], scrollToIndex?: (index: number) => void) {
  const [activeId, setActiveId] = useState<string | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const link = e.target instanceof Element ? e.target.closest(".cell-link") : null;
    const id = link?.closest<HTMLElement>("tr[data-conversation-id]")?.dataset.conversationId;
    if (id === undefined) return;
    const to = rowForKey(
      e.key,
      rows.findIndex((r) => r.id === id),
      rows.length,
    );
    const next = to === null ? undefined : rows[to];
    if (to === null || next === undefined) return;
    e.preventDefault();
    setActiveId(next.id);
    // A virtualised body scrolls the row moved to into being before it is focused.
    scrollToIndex?.(to);
    focusRow(body, next.id);
  };
  // The row whose link has the keyboard's focus. The floor changes under it: a conversation that
  // leaves the floor hands the focus to the row now in its place (it fell to the page's start, and
  // the next Tab began at the skip link); a row still there whose link lost it gets it back.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusedAt = useRef(-1);
  useLayoutEffect(() => {
    if (focusedId === null) return;
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    const at = rows.findIndex((r) => r.id === focusedId);
    if (at >= 0) {
      focusedAt.current = at;
      if (lost) focusRow(body, focusedId, 0);
      return;
    }
    const next = rows[Math.min(focusedAt.current, rows.length - 1)];
    if (next === undefined || !lost) return;
    setFocusedId(next.id);
    setActiveId(next.id);
    focusRow(body, next.id);
  });
  const focusHandlers = {
    onFocus: (e: FocusEvent<HTMLTableSectionElement>) => {
      const id = e.target.closest<HTMLElement>("tr[data-conversation-id]")?.dataset.conversationId;
      setFocusedId(id ?? null);
    },
    onBlur: (e: FocusEvent<HTMLTableSectionElement>) => {
      // Leaving the table: not to another of its rows, not to another window, and not by the
      // browser's moving or removing the row (the layout effect above sees to that).
      const to = e.relatedTarget;
      if (to !== null ? e.currentTarget.contains(to) : !e.target.isConnected || !document.hasFocus()) return;
      setFocusedId(null);
    },
  };
  const activeShown = activeId !== null && rows.some((r) => r.id === activeId);
  const focusedShown = focusedId !== null && rows.some((r) => r.id === focusedId);
  return {
    body,
    onKeyDown,
    focusHandlers,
    activeId: activeShown ? activeId : null,
    focusedId: focusedShown ? focusedId : null,
  };
}

/** The team's live conversations, one dense row each, in the order given (highest risk first). */
export function FloorTable({
  rows,
  nowMs,
  longWaits,
  incidents = NO_INCIDENTS,
  empty = "No live conversations match these filters.",
}: {
  rows: readonly ConversationSummary[];
  nowMs: number;
  /** Each team's long waits (the defaults for a team not in it). */
  longWaits?: LongWaits;
  /** Conversation id → the label of the open incident it reported. */
  incidents?: ReadonlyMap<string, string>;
  /** What to say when there is no row (the filters' fault, or nothing live at all). */
  empty?: ReactNode;
}) {
  if (rows.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    // On a phone each row is a card (theme.css, phone-cards): the roles are spelled out, as a table
    // shown as blocks loses its meaning in some browsers (Safari).
    <table
      role="table"
      className="table fixed floor-table phone-cards"
      aria-label="Live conversations by risk"
      aria-rowcount={rows.length + 1}
      aria-describedby="floor-keys"
    >
      <caption id="floor-keys" className="floor-keys small muted">
        {KEYS_HINT}
      </caption>
      <colgroup>
        <col style={{ width: 104 }} />
        <col style={{ width: "20%" }} />
        <col style={{ width: 150 }} />
        <col style={{ width: "14%" }} />
        <col />
        {/* Room for "just started" on one line (rows are a fixed height). */}
        <col style={{ width: 100 }} />
        <col style={{ width: 76 }} />
      </colgroup>
      <thead role="rowgroup">
        <tr role="row" aria-rowindex={1}>
          <th role="columnheader" scope="col">
            Risk
          </th>
          <th role="columnheader" scope="col">
            Customer
          </th>
          <th role="columnheader" scope="col">
            Customer state · frustration
          </th>
          <th role="columnheader" scope="col">
            Agent
          </th>
          <th role="columnheader" scope="col">
            Active cues
          </th>
          <th role="columnheader" scope="col" className="num">
            Running
          </th>
          <th role="columnheader" scope="col" className="num">
            Alerts
          </th>
        </tr>
      </thead>
      {rows.length < VIRTUALIZE_FROM_ROWS ? (
        <AllRows rows={rows} nowMs={nowMs} longWaits={longWaits} incidents={incidents} />
      ) : (
        <VirtualRows rows={rows} nowMs={nowMs} longWaits={longWaits} incidents={incidents} />
      )}
    </table>
  );
}

/** A short floor: every row in the DOM. */
function AllRows({
  rows,
  nowMs,
  longWaits,
  incidents,
}: {
  rows: readonly ConversationSummary[];
  nowMs: number;
  longWaits: LongWaits | undefined;
  incidents: ReadonlyMap<string, string>;
}) {
  const { body, onKeyDown, focusHandlers, activeId, focusedId } = useRovingRows(rows);
  const tabbableId = focusedId ?? activeId ?? rows[0]?.id;
  return (
    <tbody role="rowgroup" ref={body} onKeyDown={onKeyDown} {...focusHandlers}>
      {rows.map((c, i) => (
        <FloorRow
          key={c.id}
          c={c}
          index={i}
          tabbable={c.id === tabbableId}
          running={formatRunningTime(Date.parse(c.startedAt), nowMs)}
          waiting={waitingOf(c, nowMs)}
          waitingLong={waitsLong(c, waitingOf(c, nowMs), longWaits)}
          incident={incidents.get(c.id)}
        />
      ))}
    </tbody>
  );
}

/**
 * Only the rows near the viewport exist in the DOM (the page scrolls, not the table), so a busy
 * floor of hundreds of conversations costs the browser a screenful of rows per update.
 */
function VirtualRows({
  rows,
  nowMs,
  longWaits,
  incidents,
}: {
  rows: readonly ConversationSummary[];
  nowMs: number;
  longWaits: LongWaits | undefined;
  incidents: ReadonlyMap<string, string>;
}) {
  // The row moved to is scrolled into being before it is focused (the virtualizer is made below).
  const scrollTo = useRef<(index: number) => void>(undefined);
  const { body, onKeyDown, focusHandlers, activeId, focusedId } = useRovingRows(rows, (i) =>
    scrollTo.current?.(i),
  );
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const el = body.current;
    if (el !== null) setScrollMargin(el.getBoundingClientRect().top + window.scrollY);
  }, []);
  // The focused row stays in the page however far the page scrolls: removed, it took the
  // keyboard's focus with it to the page's start.
  const focusedIndex = focusedId === null ? -1 : rows.findIndex((r) => r.id === focusedId);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex < 0 || indexes.includes(focusedIndex)) return indexes;
      return [...indexes, focusedIndex].sort((a, b) => a - b);
    },
    [focusedIndex],
  );
  const rowHeight = usePhoneCards() ? FLOOR_CARD_HEIGHT_PX : ROW_HEIGHT_PX;
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin,
    rangeExtractor,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  // The window crossed the phone's width: every row's place is worked out again at its new height.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  scrollTo.current = (index) => virtualizer.scrollToIndex(index, { align: "auto" });
  const items = virtualizer.getVirtualItems();
  // The stop is on the focused row, else on the row moved to while it is rendered; scrolled away,
  // the first one shown takes it.
  const tabbableId =
    focusedIndex >= 0
      ? focusedId
      : activeId !== null && items.some((item) => rows[item.index]?.id === activeId)
        ? activeId
        : rows[items[0]?.index ?? 0]?.id;
  // Rows with a gap between them (the focused row far from those on screen) keep their places with
  // an empty row of the gap's height.
  const cells: ReactNode[] = [];
  let at = scrollMargin;
  for (const item of items) {
    const c = rows[item.index];
    if (c === undefined) continue;
    if (item.start > at)
      cells.push(<tr key={`gap-${item.index}`} aria-hidden="true" style={{ height: item.start - at }} />);
    cells.push(
      <FloorRow
        key={c.id}
        c={c}
        index={item.index}
        tabbable={c.id === tabbableId}
        running={formatRunningTime(Date.parse(c.startedAt), nowMs)}
        waiting={waitingOf(c, nowMs)}
        waitingLong={waitsLong(c, waitingOf(c, nowMs), longWaits)}
        incident={incidents.get(c.id)}
      />,
    );
    at = item.end;
  }
  const bottom = virtualizer.getTotalSize() + scrollMargin - at;
  return (
    <tbody role="rowgroup" ref={body} onKeyDown={onKeyDown} {...focusHandlers}>
      {cells}
      {bottom > 0 ? <tr aria-hidden="true" style={{ height: bottom }} /> : null}
    </tbody>
  );
}
