import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Alert, ConversationDetail, Message } from "../../src/protocol/index.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { loadAnalysedTranscript } from "../../src/server/loop2/transcript.ts";
import { createWorld, message, type World } from "./factories.ts";

/**
 * Evidence spans cite messages by index. The engine counts only the lines it reads (what the
 * customer sees); the transcript also holds whispers and signals. Every span the API hands out must
 * land on the line the engine meant, whatever private lines sit before it.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

type Line = { role: "customer" | "agent"; text: string };

const OPENING: Line[] = [
  { role: "customer", text: "Hi, my order #5521 never arrived and it was due last week." },
  { role: "agent", text: "Sorry, um, let me check, basically it should be there." },
  { role: "customer", text: "This is the third time I'm asking. Nobody ever gets back to me!" },
  { role: "agent", text: "I'm so sorry, sorry about that, um, I'm not sure what happened." },
];
const AFTER_HELP: Line[] = [
  { role: "customer", text: "This is ridiculous. I am really frustrated and want to speak to a manager." },
  {
    role: "agent",
    text: "Sorry again, I apologise, um, basically it's not my fault, the warehouse messed up.",
  },
  { role: "customer", text: "Unbelievable. I'm cancelling my account, you are useless." },
  { role: "agent", text: "Sorry, sorry, um, I'm not sure, maybe it's lost, I can't do anything about it." },
];

async function post(token: string, conversationId: string, lines: Line[], from: number): Promise<string> {
  let id = "";
  for (const [i, line] of lines.entries()) {
    const response = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId,
        senderMessageId: `${conversationId}-${from + i}`,
        ...line,
        ...(line.role === "agent" ? { author: world.people.agentA.email } : { author: "Maya" }),
      }),
    );
    expect(response.statusCode).toBe(200);
    id = response.json().results[0].conversationId;
  }
  return id;
}

async function stepIn(conversationId: string, payload: Record<string, unknown>): Promise<void> {
  const response = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/step-in`,
    as: "peerA",
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** What the engine quoted: its own reading of the customer-visible lines, from a fresh state. */
async function engineQuotes(conversationId: string) {
  const conversation = { orgId: world.orgId, id: conversationId, teamId: world.teams.a };
  const t = await loadAnalysedTranscript(world.app.ctx, world.store, conversation);
  const quote = (index: number, start: number, end: number) =>
    t.records[index]?.text.slice(start, end) ?? `(no line ${index})`;
  return new Map(
    t.records.map((r, i) => {
      const a = t.analyses[i];
      const rootCauses = (a?.rootCauses ?? []).map((c) => ({
        cause: c.cause,
        quotes: c.evidence.map((e) => quote(e.index, e.start, e.end)),
      }));
      return [r.id, { rootCauses }];
    }),
  );
}

const quoteIn = (messages: readonly Message[], index: number, start: number, end: number) => {
  const m = messages.find((x) => x.index === index);
  if (m === undefined) return { kind: "(none)", quote: `(no message ${index})` };
  return { kind: m.kind, quote: m.text.slice(start, end) };
};

async function detail(conversationId: string, as: "leadA" | "agentA" | "peerA"): Promise<ConversationDetail> {
  const response = await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as });
  expect(response.statusCode).toBe(200);
  return response.json().conversation as ConversationDetail;
}

/**
 * A conversation with two whispers and a signal among its lines; `restart` drops the engine's
 * states in memory before each later line, as a restart does: the state then comes back from the
 * store (checkpoint and replay).
 */
async function helpedConversation(external: string, restart: boolean): Promise<string> {
  const token = await world.token("leadA", ["ingest"]);
  const forget = () => {
    if (restart) world.app.ctx.engine.forgetStates();
  };
  const conversationId = await post(token, external, OPENING, 0);
  await stepIn(conversationId, { kind: "whisper", text: "Correct the order status and offer a refund." });
  await stepIn(conversationId, { kind: "signal" });
  forget();
  await post(token, external, AFTER_HELP.slice(0, 2), OPENING.length);
  await stepIn(conversationId, { kind: "whisper", text: "Careful: do not blame the warehouse." });
  forget();
  await post(token, external, AFTER_HELP.slice(2), OPENING.length + 2);
  return conversationId;
}

describe("evidence spans after whispers and signals", () => {
  it.each([
    ["as the engine kept reading", false],
    ["after the engine's state came back from the store", true],
  ])(
    "point at the lines the engine quoted, in alerts and in each message's analysis (%s)",
    async (_, restart) => {
      const conversationId = await helpedConversation(`evidence-${String(restart)}`, restart);

      const expected = await engineQuotes(conversationId);
      const lead = await detail(conversationId, "leadA");
      expect(lead.messages.filter((m) => m.kind !== "message")).toHaveLength(3);

      // Each message's analysis: its root causes' evidence quotes what the engine quoted.
      let causeSpans = 0;
      for (const m of lead.messages) {
        if (m.analysis === null) continue;
        const engine = expected.get(m.id);
        expect(engine, `engine reading of message ${m.index}`).toBeDefined();
        const got = m.analysis.rootCauses.map((c) => ({
          cause: c.cause,
          quotes: c.evidence.map((e) => {
            const { kind, quote } = quoteIn(lead.messages, e.index, e.start, e.end);
            expect(kind, `root cause ${c.cause} of message ${m.index} cites line ${e.index}`).toBe("message");
            causeSpans++;
            return quote;
          }),
        }));
        expect(got, `root causes of message ${m.index}`).toEqual(engine?.rootCauses);
      }
      expect(causeSpans).toBeGreaterThan(0);

      // Each alert: every span lies on a customer-visible line and quotes what the engine meant.
      const alerts: Alert[] = lead.alerts;
      expect(alerts.length).toBeGreaterThan(0);
      const afterWhisper = alerts.filter(
        (a) => a.messageIndex > (lead.messages.find((m) => m.kind === "whisper")?.index ?? Infinity),
      );
      expect(afterWhisper.length).toBeGreaterThan(0);
      // A replacing alert carries the spans of the reasons it carries over from the alert it replaced.
      const spanKey = (e: Alert["evidence"][number]) => `${e.messageIndex}:${e.start}:${e.end}:${e.kind}`;
      const shownBefore = (alert: Alert) =>
        new Set(
          alerts.filter((a) => a.messageIndex < alert.messageIndex).flatMap((a) => a.evidence.map(spanKey)),
        );
      for (const alert of alerts) {
        const source = lead.messages.find((m) => m.index === alert.messageIndex);
        expect(source?.kind).toBe("message");
        const earlier = shownBefore(alert);
        const engine = expected.get(source?.id ?? "");
        const causeQuotes = new Map<string, string[]>(
          (engine?.rootCauses ?? []).map((c) => [c.cause, c.quotes]),
        );
        for (const e of alert.evidence) {
          const { kind, quote } = quoteIn(lead.messages, e.messageIndex, e.start, e.end);
          expect(kind, `alert span ${e.kind} at ${e.messageIndex}`).toBe("message");
          const causes = causeQuotes.get(e.kind ?? "");
          if (causes !== undefined) expect(causes, `alert span ${e.kind}: "${quote}"`).toContain(quote);
          else if (e.messageIndex !== alert.messageIndex && earlier.has(spanKey(e))) continue;
          else {
            // A cue or a contradicted claim of the alert's own message.
            expect(e.messageIndex).toBe(alert.messageIndex);
            expect(quote.length).toBeGreaterThan(0);
          }
        }
      }
      expect(
        afterWhisper.some((a) => a.evidence.some((e) => e.messageIndex !== a.messageIndex)) ||
          afterWhisper.some((a) => a.evidence.some((e) => e.kind === "stress")),
      ).toBe(true);

      // The same alerts through the alerts API carry the same spans.
      for (const alert of alerts) {
        const one = await world.inject({ method: "GET", url: `/api/v1/alerts/${alert.id}`, as: "leadA" });
        expect(one.json().alert.evidence).toEqual(alert.evidence);
      }
    },
  );

  it("place the QA scorecard's evidence on the lines it quotes, in the scorecard and in the list", async () => {
    const conversationId = await helpedConversation("evidence-qa", false);
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const lead = await detail(conversationId, "leadA");
    const one = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/scorecard`,
      as: "leadA",
    });
    expect(one.statusCode, one.body).toBe(200);
    type Span = { index: number; start: number; end: number; quote: string };
    const items: { item: string; evidence: Span[] }[] = one.json().scorecard.items;
    const spans = items.flatMap((i) => i.evidence).filter((e) => e.end > e.start);
    expect(spans.length).toBeGreaterThan(0);
    expect(
      spans.some((e) => e.index > (lead.messages.find((m) => m.kind === "whisper")?.index ?? Infinity)),
    ).toBe(true);
    for (const e of spans) {
      const { kind, quote } = quoteIn(lead.messages, e.index, e.start, e.end);
      expect(kind, `scorecard span at ${e.index}`).toBe("message");
      // Quotes are redacted ("[PERSON]"); the rest is the line's own words.
      if (!e.quote.includes("[")) expect(quote, `scorecard span at ${e.index}`).toBe(e.quote);
    }
    const list = await world.inject({
      method: "GET",
      url: `/api/v1/scorecards?teamId=${world.teams.a}`,
      as: "leadA",
    });
    expect(list.statusCode, list.body).toBe(200);
    const listed = (
      list.json().scorecards as { conversationId: string; items: { evidence: Span[] }[] }[]
    ).find((s) => s.conversationId === conversationId);
    expect(listed?.items.map((i) => i.evidence.map((e) => e.index))).toEqual(
      items.map((i) => i.evidence.map((e) => e.index)),
    );
  });
});
