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
          kind: `contradicts KB: ${f.expected}`,
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
  if (first !== undefined && last !== undefined)
    parts.push(
      `customer frustration ${last > first ? "rose" : last < first ? "fell" : "held"} from ${pct(first)} to ${pct(last)}`,
    );
  return parts.join("; ") + ".";
}
