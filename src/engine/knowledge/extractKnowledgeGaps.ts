// Knowledge capture (docs/LOOP2.md): the customer questions an agent could not answer, for the KB
// owner, and a "customers were confused by X; Y worked" insight draft for a lead to review.
import type { EngineMessage, MessageAnalysis } from "../index.ts";
import { sentenceAt } from "../debrief/evidenceText.ts";
import { redactPii } from "../pii/index.ts";

export type KnowledgeGapReason =
  "hedged" | "vague" | "deferred_without_follow_up" | "unanswered" | "asked_again";

export interface KnowledgeGap {
  /** The customer's question (PII redacted). */
  question: string;
  questionIndex: number;
  /** A few content words naming what it was about, for grouping gaps across conversations. */
  topic: string;
  reason: KnowledgeGapReason;
  /** The agent reply that fell short, if there was one. */
  answerIndex: number | null;
  evidence: { index: number; start: number; end: number }[];
}

export interface InsightDraft {
  /** "Customers were confused by X; Y worked." — PII redacted, for a lead to edit and publish. */
  text: string;
  confusion: string;
  resolution: string | null;
  evidence: { index: number; start: number; end: number }[];
}

export class KnowledgeInputError extends Error {
  readonly code = "KNOWLEDGE_INPUT_INVALID";
}

const QUESTION_START =
  /^(?:how|what|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should|may|have|has)\b/i;
const DEFERRAL =
  /\b(?:let me (?:check|find out|look into|ask)|i(?:'ll| will) (?:check|find out|get back|look into|ask)|get back to you|check with (?:my|the) (?:team|supervisor|manager|colleague))\b/i;
const CONCRETE_ANSWER = /\d|\b(?:yes|no)\b|\b(?:you can|you need to|it is|it's|we (?:do|don't|can|can't))\b/i;
const STOP = new Set(
  "i me my you your we our the a an is are was were be to of in on for and or it this that can could do does did how what when where why which who will would should may have has with at by from about any there please just get".split(
    " ",
  ),
);

function topicOf(question: string): string {
  return question
    .toLowerCase()
    .replace(/\[[A-Z_]+\]/g, " ")
    .split(/[^a-z0-9'-]+/)
    .filter((w) => w.length > 2 && !STOP.has(w))
    .slice(0, 4)
    .join(" ");
}

function questionsIn(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (const m of text.matchAll(/(?:[^.!?\n]|[.!?](?=\S))+[.!?]*/g)) {
    if (m.index === undefined) continue;
    const sentence = sentenceAt(text, m.index + Math.max(0, m[0].search(/\S/)));
    if (
      sentence.text.endsWith("?") ||
      (QUESTION_START.test(sentence.text) && sentence.text.split(/\s+/).length >= 3)
    ) {
      if (!out.some((o) => o.start === sentence.start)) out.push(sentence);
    }
  }
  return out;
}

function checkAligned(
  messages: readonly EngineMessage[],
  analyses: readonly MessageAnalysis[],
  fn: string,
): void {
  if (!Array.isArray(messages) || !Array.isArray(analyses) || messages.length !== analyses.length) {
    throw new KnowledgeInputError(`${fn}: pass one analysis per message, in order`);
  }
}

/**
 * Lists the customer questions the agent could not answer: answered with a hedge or vaguely,
 * deferred ("let me check") with nothing concrete after, never answered, or asked again.
 *
 * @example
 * extractKnowledgeGaps(messages, analyses).map((g) => `${g.topic}: ${g.reason}`)
 */
export function extractKnowledgeGaps(
  messages: readonly EngineMessage[],
  analyses: readonly MessageAnalysis[],
): KnowledgeGap[] {
  checkAligned(messages, analyses, "extractKnowledgeGaps");
  const gaps: KnowledgeGap[] = [];
  messages.forEach((message, i) => {
    if (message.role !== "customer") return;
    for (const q of questionsIn(message.text)) {
      // The agent's replies until the customer speaks again.
      const replies: number[] = [];
      for (let j = i + 1; j < messages.length && messages[j]?.role !== "customer"; j++) {
        if (messages[j]?.role === "agent") replies.push(j);
      }
      const nextCustomer = analyses.findIndex((a, k) => k > i && a.role === "customer");
      const question = redactPii(q.text).text;
      const base = { question, questionIndex: i, topic: topicOf(question) };
      const qEvidence = { index: i, start: q.start, end: q.end };
      if (replies.length === 0) {
        if (i < messages.length - 1 || nextCustomer === -1) {
          gaps.push({ ...base, reason: "unanswered", answerIndex: null, evidence: [qEvidence] });
        }
        continue;
      }
      const replyAnalyses = replies
        .map((j) => analyses[j])
        .filter((a): a is MessageAnalysis => a !== undefined);
      const weak = replyAnalyses.flatMap((a) =>
        a.cues.filter((c) => c.kind === "hedging" || c.kind === "vague_answer").map((c) => ({ a, c })),
      )[0];
      if (weak !== undefined) {
        gaps.push({
          ...base,
          reason: weak.c.kind === "hedging" ? "hedged" : "vague",
          answerIndex: weak.a.index,
          evidence: [qEvidence, { index: weak.a.index, start: weak.c.start, end: weak.c.end }],
        });
        continue;
      }
      const deferredAt = replies.find((j) => DEFERRAL.test(messages[j]?.text ?? ""));
      if (deferredAt !== undefined) {
        // A follow-up counts until the customer moves on to another question.
        let later = false;
        for (let k = deferredAt + 1; k < messages.length; k++) {
          const m = messages[k];
          const a = analyses[k];
          if (m === undefined) break;
          if (m.role === "customer" && questionsIn(m.text).length > 0) break;
          if (
            m.role === "agent" &&
            (CONCRETE_ANSWER.test(m.text) ||
              (a?.factChecks.length ?? 0) > 0 ||
              a?.cues.some((c) => c.kind === "next_step") === true)
          ) {
            later = true;
            break;
          }
        }
        const sameReplyConcrete = CONCRETE_ANSWER.test(
          (messages[deferredAt]?.text ?? "").replace(DEFERRAL, ""),
        );
        if (!later && !sameReplyConcrete) {
          const m = DEFERRAL.exec(messages[deferredAt]?.text ?? "");
          gaps.push({
            ...base,
            reason: "deferred_without_follow_up",
            answerIndex: deferredAt,
            evidence: [
              qEvidence,
              { index: deferredAt, start: m?.index ?? 0, end: (m?.index ?? 0) + (m?.[0].length ?? 0) },
            ],
          });
          continue;
        }
      }
      const again = nextCustomer === -1 ? undefined : analyses[nextCustomer];
      const repeat = again?.cues.find((c) => c.kind === "repetition");
      if (repeat !== undefined && again !== undefined) {
        gaps.push({
          ...base,
          reason: "asked_again",
          answerIndex: replies.at(-1) ?? null,
          evidence: [qEvidence, { index: again.index, start: repeat.start, end: repeat.end }],
        });
      }
    }
  });
  return gaps;
}

/**
 * Drafts a knowledge insight from a conversation: what the customer was confused by and the agent
 * reply after which the confusion stopped. Null when the customer was never confused.
 */
export function draftInsight(
  messages: readonly EngineMessage[],
  analyses: readonly MessageAnalysis[],
): InsightDraft | null {
  checkAligned(messages, analyses, "draftInsight");
  const confusedAt = analyses.find(
    (a) =>
      a.role === "customer" &&
      (a.cues.some((c) => c.kind === "confusion") || a.customer?.emotion === "confused"),
  );
  if (confusedAt === undefined) return null;
  const confusedText = messages[confusedAt.index]?.text ?? "";
  const cue = confusedAt.cues.find((c) => c.kind === "confusion");
  const sentence = sentenceAt(confusedText, cue?.start ?? 0);
  // The confusion ends at the first later customer message that is satisfied or no longer confused;
  // the agent reply just before it is what worked.
  let resolvedBy: number | null = null;
  for (let k = confusedAt.index + 1; k < analyses.length; k++) {
    const a = analyses[k];
    if (a?.role !== "customer") continue;
    const stillConfused = a.cues.some((c) => c.kind === "confusion" || c.kind === "repetition");
    if (
      !stillConfused &&
      (a.cues.some((c) => c.kind === "satisfaction") || a.customer?.emotion !== "confused")
    ) {
      for (let j = k - 1; j > confusedAt.index; j--) {
        if (analyses[j]?.role === "agent") {
          resolvedBy = j;
          break;
        }
      }
      break;
    }
  }
  const confusion = redactPii(sentence.text).text;
  const evidence = [{ index: confusedAt.index, start: sentence.start, end: sentence.end }];
  let resolution: string | null = null;
  if (resolvedBy !== null) {
    const reply = messages[resolvedBy]?.text ?? "";
    const a = analyses[resolvedBy];
    const anchor =
      a?.cues.find((c) => c.kind === "next_step" || c.kind === "paraphrase")?.start ??
      a?.factChecks.find((f) => f.verdict === "agrees")?.claimStart ??
      0;
    const s = sentenceAt(reply, anchor);
    resolution = redactPii(s.text).text;
    evidence.push({ index: resolvedBy, start: s.start, end: s.end });
  }
  const text =
    resolution === null
      ? `Customers were confused by: "${confusion}". [What worked? Add it before publishing.]`
      : `Customers were confused by: "${confusion}". This worked: "${resolution}"`;
  return { text, confusion, resolution, evidence };
}
