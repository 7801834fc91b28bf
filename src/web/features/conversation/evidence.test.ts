import { describe, expect, it } from "vitest";
import { buildAlert, buildAnalysis, buildMessage } from "../../testing/factories.ts";
import {
  buildStateSeries,
  collectHighlights,
  describeSeries,
  excerptAround,
  messageAxisRange,
  segmentText,
  type Highlight,
} from "./evidence.ts";

const span = (start: number, end: number, kind = "k") => ({ start, end, kind, polarity: "bad" as const });

describe("segmentText", () => {
  it("cuts a message into plain and highlighted parts by character offsets", () => {
    const parts = segmentText("sorry sorry, I think maybe", [
      span(0, 11, "repeated_apology"),
      span(15, 26, "hedging"),
    ]);
    expect(parts.map((p) => [p.text, p.highlight?.kind ?? null])).toEqual([
      ["sorry sorry", "repeated_apology"],
      [", I ", null],
      ["think maybe", "hedging"],
    ]);
  });

  it("never shows a character twice when spans overlap, and clamps spans to the text", () => {
    const parts = segmentText("abcdefgh", [span(2, 6, "a"), span(4, 8, "b"), span(6, 99, "c")]);
    expect(parts.map((p) => p.text).join("")).toBe("abcdefgh");
    expect(parts.map((p) => [p.text, p.highlight?.kind ?? null])).toEqual([
      ["ab", null],
      ["cdef", "a"],
      ["gh", "b"],
    ]);
  });

  it("ignores empty and inverted spans", () => {
    expect(segmentText("hello", [span(3, 3), span(4, 2)])).toEqual([{ text: "hello", highlight: null }]);
  });
});

describe("collectHighlights", () => {
  it("gathers cues, contradicted claims and alert evidence per message index, without duplicates", () => {
    const messages = [
      buildMessage({ index: 0, text: "I want a refund" }),
      buildMessage({
        index: 1,
        role: "agent",
        text: "Returns are 14 days, sorry",
        analysis: buildAnalysis({
          cues: [{ kind: "apology", start: 21, end: 26, polarity: "bad" }],
          factChecks: [
            {
              factId: "f1",
              claimStart: 12,
              claimEnd: 19,
              claimed: "14 day",
              expected: "30 day",
              verdict: "contradicts",
            },
            { factId: "f2", claimStart: 0, claimEnd: 3, claimed: "x", expected: "x", verdict: "agrees" },
          ],
        }),
      }),
    ];
    const alerts = [
      buildAlert({ evidence: [{ messageIndex: 1, start: 12, end: 19, kind: "wrong_information" }] }),
    ];
    const h = collectHighlights({ messages, alerts });
    expect(h.get(0)).toBeUndefined();
    expect(h.get(1)?.map((x) => [x.start, x.end])).toEqual([
      [21, 26],
      [12, 19],
    ]);
    // A contradicted claim is labelled in words a lead reads, not "KB".
    expect(h.get(1)?.map((x) => x.kind)).toContain("your team's knowledge says 30 day");
  });
});

describe("buildStateSeries / describeSeries", () => {
  it("plots risk on every analysed message and frustration only on customer ones, skipping private messages", () => {
    const messages = [
      buildMessage({
        index: 0,
        analysis: buildAnalysis({
          risk: 0.1,
          customer: { emotion: "neutral", frustration: 0.2, trend: "steady" },
        }),
      }),
      buildMessage({ index: 1, role: "agent", analysis: buildAnalysis({ risk: 0.4 }) }),
      buildMessage({ index: 2, role: "agent", kind: "whisper", analysis: buildAnalysis({ risk: 0.9 }) }),
      buildMessage({
        index: 3,
        analysis: buildAnalysis({
          risk: 0.7,
          customer: { emotion: "angry", frustration: 0.8, trend: "rising" },
        }),
      }),
    ];
    const s = buildStateSeries(messages);
    expect(s).toEqual({ index: [0, 1, 3], risk: [0.1, 0.4, 0.7], frustration: [0.2, null, 0.8] });
    expect(describeSeries(s)).toBe("Risk now 70% (peak 70%); customer frustration rose from 20% to 80%.");
    expect(describeSeries({ index: [], risk: [], frustration: [] })).toBe("No analysed messages yet.");
  });

  it("says a lone reading as it is, and the same shown percent as held at it", () => {
    // A conversation's first message said "customer frustration held from 56% to 56%".
    expect(describeSeries({ index: [0], risk: [0.32], frustration: [0.56] })).toBe(
      "Risk now 32% (peak 32%); customer frustration 56%.",
    );
    expect(
      describeSeries({ index: [0, 1, 2], risk: [0.3, 0.4, 0.2], frustration: [0.562, null, 0.559] }),
    ).toBe("Risk now 20% (peak 40%); customer frustration held at 56%.");
  });

  it("draws a lone message on a short axis, not 0 to 100", () => {
    expect(messageAxisRange(0, 0)).toEqual([0, 1]);
    expect(messageAxisRange(3, 3)).toEqual([2, 4]);
    expect(messageAxisRange(0, 4)).toEqual([0, 4]);
  });
});

describe("excerptAround", () => {
  const span = (start: number, end: number): Highlight => ({
    start,
    end,
    kind: "asks_manager",
    polarity: "bad",
  });
  const marked = (r: { text: string; spans: Highlight[] }) =>
    r.spans.map((s) => r.text.slice(s.start, s.end));

  it("keeps a short message whole", () => {
    const text = "I want to speak to a manager.";
    expect(excerptAround(text, [span(2, 28)])).toEqual({ text, spans: [span(2, 28)] });
  });

  it("quotes a long message around its spans, in whole words, the spans still marking their words", () => {
    const filler = "blah ".repeat(400);
    const text = `${filler}I want to speak to a manager. ${filler}This is ridiculous. ${filler}`;
    const first = text.indexOf("I want");
    const second = text.indexOf("ridiculous");
    const r = excerptAround(text, [span(first, first + 28), span(second, second + 10)]);
    expect(r.text.length).toBeLessThan(600);
    expect(marked(r)).toEqual(["I want to speak to a manager", "ridiculous"]);
    expect(r.text.startsWith("… blah")).toBe(true);
    expect(r.text.endsWith("blah …")).toBe(true);
    expect(r.text).toContain("blah … blah");
    expect(r.text).not.toMatch(/\b(bla|lah|la|ah)\b/);
  });

  it("keeps at most three excerpts, and cuts a long message with no span to its beginning", () => {
    const text = Array.from({ length: 8 }, (_, i) => `${"word ".repeat(60)}CUE${i}`).join(" ");
    const spans = Array.from({ length: 8 }, (_, i) => {
      const at = text.indexOf(`CUE${i}`);
      return span(at, at + 4);
    });
    expect(marked(excerptAround(text, spans))).toEqual(["CUE0", "CUE1", "CUE2"]);
    const plain = excerptAround(text, []);
    expect(plain.text.length).toBeLessThan(410);
    expect(plain.text.endsWith(" …")).toBe(true);
  });
});
