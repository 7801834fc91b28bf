// Knowledge capture (docs/LOOP2.md): the customer questions an agent could not answer, for the KB
// owner, and a "customers were confused by X; Y worked" insight draft for a lead to review.
import type { Cue, CueKind, EngineMessage, MessageAnalysis } from "../index.ts";
import { sentenceAt } from "../debrief/evidenceText.ts";
import { splitSentences } from "../sentenceEnd.ts";
import { redactPii } from "../pii/index.ts";
import { gapTopic, PLACEHOLDER, STOP, withoutPreamble } from "./gapTopic.ts";

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

const AUX = "can|could|do|does|did|is|are|was|were|will|would|should|may|have|has";
/**
 * Without a question mark, a sentence reads as a question only when it is built like one: an
 * auxiliary before its subject ("do you ship to Canada"), or a question word before an auxiliary
 * or "to" ("how long does it take", "how to reset it"). "Have a good day", "does not work" and
 * "when I search for it, …" are not.
 */
const UNMARKED_QUESTION = new RegExp(
  `^(?:(?:${AUX})(?:n't)? (?:i|you|we|they|he|she|it|there|this|that|these|those|my|your|our|the|a|an|any|anyone|someone)\\b|(?:how|what|when|where|why|which|who)(?: (?:long|much|many|often|soon|far|kind of|sort of|type of))?(?: (?:${AUX})\\b| to\\b|['’]s\\b))`,
  "i",
);
/**
 * Questions about the conversation or the agent rather than the subject, and pleasantries: a KB
 * cannot answer them ("are you there?", "can you hear me", "have a nice weekend", "how are you?").
 */
const NOT_ABOUT_THE_SUBJECT =
  /^(?:(?:and|so|but|ok|okay|hi|hello|hey)[,!]?\s+)*(?:have a (?:\w+ )?(?:day|night|evening|weekend|week|one|time|holiday|christmas)|(?:are|is) (?:you|anyone|anybody|someone|somebody)(?: \w+)? (?:there|still there|here|around|available|online|a (?:bot|robot|human|real person)|human|real|listening|reading)|(?:can|could|do) you (?:hear|see|read|understand) me|did (?:i|we|you) (?:get )?(?:disconnected|cut off|lose (?:me|you))|how (?:are|r) (?:you|u|things)|how(?:'s| is) it going|(?:all|alright|all right|everything ok(?:ay)?)\??$|(?:hello|hi|hey)(?: (?:there|anyone|again))?[\s?!.]*$|(?:is )?(?:this|it) (?:a )?joke|are you (?:kidding|joking|serious)|what do you mean|(?:could|can|will|would) you (?:please )?(?:just )?answer (?:my|the) question|(?:could|can|will|would) (?:you|anyone|someone) (?:please )?(?:just )?help me(?: (?:otherwise|please|now|here))?\??$)/i;
/** Words that name no subject: a question made only of these ("is something wrong?", "how long?", "ok?") is not a KB question. */
const SUBJECTLESS = new Set(
  "something anything anyone anybody someone somebody nobody nothing everything wrong even really still long then else now here there again seriously ok okay right alright sure yes yeah yep hello hey good nice great fine help helping answer answered answers question questions message messages reading read listening listen hear understand mean meant talking talk say said saying tell told bot robot human person joke kidding serious doing going otherwise absolutely need see disconnected online available way thing things".split(
    " ",
  ),
);
/**
 * Customer cues that make a question rhetorical or a complaint ("why is this so hard?", "are you
 * even reading my messages?", "so nobody can help me pay you?"): the engine's own reading of the
 * message. Counting phrases ("how many times", "again?") ask real questions as often as they
 * complain ("how many times can I change my plan?", "can you send it again?"), so a frustration or
 * repetition cue on one of those does not count by itself.
 */
const RHETORICAL_CUES = new Set<CueKind>(["frustration", "anger", "personal_attack", "repetition"]);
const COUNTING_PHRASE = /\b(?:times?|again)\b/i;
/** …unless the count is of the customer having to repeat themselves ("how many times do I have to tell you?"). */
const NAGGED =
  /\bhow many (?:more )?times (?:do|must|should|will|have) (?:i|we) (?:have to |need to |got to )?(?:tell|say|explain|ask|repeat|call|write|chase)\b/i;
const DEFERRAL =
  /\b(?:let me (?:check|find out|look into|ask)|i(?:'ll| will) (?:check|find out|get back|look into|ask)|get back to you|check with (?:my|the) (?:team|supervisor|manager|colleague))\b/i;
const CONCRETE_ANSWER = /\d|\b(?:yes|no)\b|\b(?:you can|you need to|it is|it's|we (?:do|don't|can|can't))\b/i;
function questionsIn(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (const part of splitSentences(text)) {
    const sentence = sentenceAt(text, part.start);
    const unmarked = sentence.text.replace(/^(?:(?:and|so|but|also|ok|okay)[,]?\s+)+/i, "");
    if (
      sentence.text.endsWith("?") ||
      (UNMARKED_QUESTION.test(unmarked) && sentence.text.split(/\s+/).length >= 3)
    ) {
      if (!out.some((o) => o.start === sentence.start)) out.push(sentence);
    }
  }
  return out;
}

/** Where the question itself starts: the last clause opening with a question word ("I've waited weeks, when will it come?"). */
function questionClauseStart(sentence: string): number {
  let at = 0;
  for (const m of sentence.matchAll(
    /(?:^|[,;:\u2013\u2014-]\s*|\s(?:and|but|so|or)\s+)(?=(?:how|what|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should|may|have|has)\b)/gi,
  )) {
    at = (m.index ?? 0) + m[0].length;
  }
  return at;
}

/**
 * Whether a customer question is one the knowledge base could answer: not a pleasantry, not about
 * the agent or the conversation, not made only of words that name no subject, and not rhetorical
 * or a complaint by the engine's own cues on the question's clause.
 */
function isKnowledgeQuestion(
  q: { start: number; end: number; text: string },
  messageText: string,
  cues: readonly Cue[],
): boolean {
  if (NOT_ABOUT_THE_SUBJECT.test(q.text)) return false;
  const words = withoutPreamble(q.text.replace(PLACEHOLDER, " "))
    .toLowerCase()
    .split(/[^a-z0-9'-]+/)
    .filter((w) => w.length > 2 && !STOP.has(w));
  // "How do I do it?" names its subject in the sentence before and stays; "how?", "ok?" and
  // "is something wrong?" name none.
  if (words.length === 0 ? q.text.split(/\s+/).length < 3 : words.every((w) => SUBJECTLESS.has(w))) {
    return false;
  }
  const clauseStart = q.start + questionClauseStart(q.text);
  return !cues.some(
    (c) =>
      RHETORICAL_CUES.has(c.kind) &&
      // Saying the same thing again (CUE-REPEAT-2, the whole message) is asking again, not rhetoric.
      c.detail === undefined &&
      c.start < q.end &&
      c.end > clauseStart &&
      !(
        (c.kind === "frustration" || c.kind === "repetition") &&
        COUNTING_PHRASE.test(messageText.slice(c.start, c.end)) &&
        !NAGGED.test(q.text)
      ),
  );
}

/** Number words a customer echoes a figure with ("Thirty days?" after "30 business days"). */
const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  fourteen: "14",
  fifteen: "15",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  sixty: "60",
  ninety: "90",
  hundred: "100",
};
const QUESTION_OPENING = new RegExp(`^(?:how|what|when|where|why|which|who|whose|${AUX})\\b`, "i");
const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => NUMBER_WORDS[w] ?? w);

/**
 * An echo: a fragment of three words or fewer, not built as a question, that repeats the agent's
 * last words ("Thirty days?" after "refunds can take up to 30 business days", "Tomorrow?"). The
 * customer is reacting to an answer they were given, not asking the knowledge base something new;
 * their own question, if it went unanswered, is listed already.
 */
function isEcho(question: string, previousAgentText: string | null): boolean {
  if (previousAgentText === null) return false;
  const fragment = withoutPreamble(question).trim();
  const words = wordsOf(fragment);
  if (words.length === 0 || words.length > 3 || QUESTION_OPENING.test(fragment)) return false;
  const said = new Set(wordsOf(previousAgentText));
  return words.some((w) => (w.length > 2 || /^\d+$/.test(w)) && !STOP.has(w) && said.has(w));
}

/** Two questions that read the same ("Where is my order?" / "where is my order") are one. */
const sameQuestion = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

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
  const listed = new Set<string>();
  messages.forEach((message, i) => {
    if (message.role !== "customer") return;
    const cues = analyses[i]?.cues ?? [];
    let previousAgent: string | null = null;
    for (let k = i - 1; k >= 0 && previousAgent === null; k--)
      if (messages[k]?.role === "agent") previousAgent = messages[k]?.text ?? null;
    for (const q of questionsIn(message.text)) {
      if (!isKnowledgeQuestion(q, message.text, cues) || isEcho(q.text, previousAgent)) continue;
      // The same question asked twice in one conversation is one gap (the first time it fell short).
      const key = sameQuestion(q.text);
      if (listed.has(key)) continue;
      // The agent's replies to the customer's turn: a turn runs over consecutive customer (and
      // system) messages, so a question followed by "and my order number is …" and then an answer
      // was answered in that reply window. The replies run until the customer speaks again.
      let j = i + 1;
      while (j < messages.length && messages[j]?.role !== "agent") j++;
      const replies: number[] = [];
      for (; j < messages.length && messages[j]?.role !== "customer"; j++) {
        if (messages[j]?.role === "agent") replies.push(j);
      }
      const nextCustomer = j < messages.length ? j : -1;
      const question = redactPii(q.text).text;
      const base = { question, questionIndex: i, topic: gapTopic(question) };
      const qEvidence = { index: i, start: q.start, end: q.end };
      const push = (gap: KnowledgeGap): void => {
        listed.add(key);
        gaps.push(gap);
      };
      if (replies.length === 0) {
        // No agent message after the question at all: the conversation closed on it (the server
        // runs this at close and again, for new questions only, after a reopen).
        push({ ...base, reason: "unanswered", answerIndex: null, evidence: [qEvidence] });
        continue;
      }
      const replyAnalyses = replies
        .map((j) => analyses[j])
        .filter((a): a is MessageAnalysis => a !== undefined);
      const weak = replyAnalyses.flatMap((a) =>
        a.cues.filter((c) => c.kind === "hedging" || c.kind === "vague_answer").map((c) => ({ a, c })),
      )[0];
      if (weak !== undefined) {
        push({
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
          push({
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
        push({
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
  // the agent reply just before it is what worked. A customer asking again ("Sorry, I don't
  // follow. When do I get a label?") is still waiting for the answer, so the reply before it did
  // not work, unless they are also pleased with it ("Great, thanks! And can I…?").
  let resolvedBy: number | null = null;
  for (let k = confusedAt.index + 1; k < analyses.length; k++) {
    const a = analyses[k];
    if (a?.role !== "customer") continue;
    const asksAgain =
      (messages[k]?.text ?? "").includes("?") && !a.cues.some((c) => c.kind === "satisfaction");
    const stillConfused = asksAgain || a.cues.some((c) => c.kind === "confusion" || c.kind === "repetition");
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
