import type { ConversationDetail, Cue } from "../../../protocol/resources.ts";

/** A highlighted stretch of a message: character offsets, the cue kind, whether it helps or hurts. */
export interface Highlight {
  start: number;
  end: number;
  kind: string;
  polarity: Cue["polarity"];
}

export interface TextSegment {
  text: string;
  highlight: Highlight | null;
}

/**
 * Cuts a message into plain and highlighted segments from character offsets. Spans are clamped to
 * the text; where two overlap, the earlier-starting one wins and the other starts where it ends,
 * so no character is shown twice.
 */
export function segmentText(text: string, spans: readonly Highlight[]): TextSegment[] {
  const sorted = spans
    .map((s) => ({
      ...s,
      start: Math.max(0, Math.min(text.length, s.start)),
      end: Math.max(0, Math.min(text.length, s.end)),
    }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextSegment[] = [];
  let at = 0;
  for (const s of sorted) {
    const start = Math.max(s.start, at);
    if (start >= s.end) continue;
    if (start > at) out.push({ text: text.slice(at, start), highlight: null });
    out.push({ text: text.slice(start, s.end), highlight: { ...s, start } });
    at = s.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), highlight: null });
  return out;
}

/** A message longer than this is quoted in excerpts around its evidence, not whole. */
export const EXCERPT_ABOVE_CHARS = 400;
/** How much of the message each excerpt keeps on either side of a span. */
const EXCERPT_CONTEXT_CHARS = 100;
/** At most this many excerpts of one message; one span is kept to this many characters. */
const EXCERPT_MAX_PARTS = 3;
const EXCERPT_MAX_SPAN_CHARS = 300;
const ELLIPSIS = "…";

/**
 * A long message quoted as evidence, cut to the words around its spans ("… I want to speak to a
 * manager …"), with the spans moved to match. A customer's email with pages of quoted history, or
 * a pasted log, otherwise filled an alert card with thousands of characters before its buttons.
 * Short messages, and messages with no span to centre on, come back as they are (the latter cut
 * to their beginning when long).
 */
export function excerptAround(
  text: string,
  spans: readonly Highlight[],
): { text: string; spans: Highlight[] } {
  if (text.length <= EXCERPT_ABOVE_CHARS) return { text, spans: [...spans] };
  const clamped = spans
    .map((s) => ({
      ...s,
      start: Math.max(0, Math.min(text.length, s.start)),
      end: Math.max(0, Math.min(text.length, s.end, s.start + EXCERPT_MAX_SPAN_CHARS)),
    }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  if (clamped.length === 0)
    return { text: text.slice(0, EXCERPT_ABOVE_CHARS).trimEnd() + ` ${ELLIPSIS}`, spans: [] };
  // Windows around the spans, merged where they touch, the first few kept.
  const windows: { from: number; to: number; spans: Highlight[] }[] = [];
  for (const s of clamped) {
    const from = wordStart(text, Math.max(0, s.start - EXCERPT_CONTEXT_CHARS), s.start);
    const to = wordEnd(text, Math.min(text.length, s.end + EXCERPT_CONTEXT_CHARS), s.end);
    const last = windows.at(-1);
    if (last !== undefined && from <= last.to) {
      last.to = Math.max(last.to, to);
      last.spans.push(s);
    } else windows.push({ from, to, spans: [s] });
  }
  let out = "";
  const moved: Highlight[] = [];
  for (const w of windows.slice(0, EXCERPT_MAX_PARTS)) {
    if (w.from > 0) out += out === "" ? `${ELLIPSIS} ` : ` ${ELLIPSIS} `;
    else if (out !== "") out += " ";
    const offset = out.length - w.from;
    out += text.slice(w.from, w.to);
    for (const s of w.spans)
      moved.push({ ...s, start: s.start + offset, end: Math.min(s.end, w.to) + offset });
  }
  const lastShown = windows[Math.min(windows.length, EXCERPT_MAX_PARTS) - 1]!;
  if (lastShown.to < text.length) out += ` ${ELLIPSIS}`;
  return { text: out, spans: moved };
}

/** `at` moved forward to the start of a word (a cut mid-word reads as a typo), not past `limit`. */
function wordStart(text: string, at: number, limit: number): number {
  if (at === 0) return 0;
  const space = text.slice(at, limit).search(/\s/);
  return space === -1 ? at : at + space + 1;
}

/** `at` moved back to the end of a word, not before `limit`. */
function wordEnd(text: string, at: number, limit: number): number {
  if (at >= text.length) return text.length;
  const before = text.slice(limit, at);
  const space = before.search(/\s\S*$/);
  return space === -1 ? at : limit + space;
}

/**
 * Every highlight per message index: the engine's cues on each message, the claims that
 * contradicted the knowledge base, and the evidence the open alerts cite.
 */
export function collectHighlights(
  detail: Pick<ConversationDetail, "messages" | "alerts">,
): Map<number, Highlight[]> {
  const byIndex = new Map<number, Highlight[]>();
  const add = (index: number, h: Highlight) => {
    const list = byIndex.get(index) ?? [];
    if (!list.some((x) => x.start === h.start && x.end === h.end)) list.push(h);
    byIndex.set(index, list);
  };
  for (const m of detail.messages) {
    const a = m.analysis;
    if (a === null) continue;
    for (const c of a.cues) add(m.index, { start: c.start, end: c.end, kind: c.kind, polarity: c.polarity });
    for (const f of a.factChecks)
      if (f.verdict === "contradicts")
        add(m.index, {
          start: f.claimStart,
          end: f.claimEnd,
          kind: `your team's knowledge says ${f.expected}`,
          polarity: "bad",
        });
  }
  for (const alert of detail.alerts)
    for (const e of alert.evidence)
      add(e.messageIndex, { start: e.start, end: e.end, kind: e.kind ?? "evidence", polarity: "bad" });
  return byIndex;
}

export interface StateSeries {
  /** Message positions (x axis). */
  index: number[];
  /** Risk after each message, 0–1. */
  risk: number[];
  /** The customer's frustration after each customer message; null on other messages. */
  frustration: (number | null)[];
}

/** The customer's frustration and the conversation's risk over the transcript, for the chart. */
export function buildStateSeries(messages: ConversationDetail["messages"]): StateSeries {
  const series: StateSeries = { index: [], risk: [], frustration: [] };
  for (const m of messages) {
    if (m.analysis === null || m.kind !== "message") continue;
    series.index.push(m.index);
    series.risk.push(m.analysis.risk);
    series.frustration.push(m.analysis.customer?.frustration ?? null);
  }
  return series;
}

/** One sentence describing the chart, for screen readers and for the chart's caption. */
export function describeSeries(s: StateSeries): string {
  const f = s.frustration.filter((x): x is number => x !== null);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const riskNow = s.risk.at(-1);
  if (riskNow === undefined) return "No analysed messages yet.";
  const parts = [`Risk now ${pct(riskNow)} (peak ${pct(Math.max(...s.risk))})`];
  const first = f[0];
  const last = f.at(-1);
  // Compared as shown (whole percents): one reading said "held from 56% to 56%", and 56.2% to 55.9%
  // "fell from 56% to 56%".
  if (first !== undefined && last !== undefined) {
    if (f.length === 1) parts.push(`customer frustration ${pct(first)}`);
    else if (pct(first) === pct(last)) parts.push(`customer frustration held at ${pct(last)}`);
    else
      parts.push(`customer frustration ${last > first ? "rose" : "fell"} from ${pct(first)} to ${pct(last)}`);
  }
  return parts.join("; ") + ".";
}

/**
 * The chart's message axis: the messages plotted, or one either side of a single one (uPlot drew a
 * lone first message on an axis from 0 to 100 messages).
 */
export function messageAxisRange(min: number | null, max: number | null): [number, number] {
  const lo = min ?? 0;
  const hi = max ?? lo;
  return lo === hi ? [Math.max(0, lo - 1), hi + 1] : [lo, hi];
}
