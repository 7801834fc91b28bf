import { resolveDueAt } from "./commitmentDue.ts";
import type { EngineConfig } from "./config.ts";
import { NUMBER_SOURCE } from "./text.ts";
import type { Commitment } from "./types.ts";

/**
 * COMMIT-*: promises the agent makes ("I'll call you back Tuesday", "you'll get an email within
 * 24 hours") with their due time resolved from the message's own time, in the team's time zone
 * (commitmentDue.ts).
 */

/** "ll" covers I'll, we'll, you'll, will and shall. */
const PROMISE_HINTS: readonly string[] = ["ll", "going to", "expect", "promise"];
const SENTENCE_RE = /(?:[^.!?\n]|\.(?=\d))+[.!?]*/g;
const PROMISE_RE =
  /\b(?:i|we)(?:['’]ll| will| shall|['’]m going to| am going to|['’]re going to| are going to)\b|\byou(?:['’]ll| will) (?:receive|get|hear|see|have)\b|\bexpect (?:a|an|the|it|your)\b|\bi promise\b/i;
const FOLLOW_UP_RE =
  /\b(?:call|ring|phone|email|e-mail|text|message|get back|follow up|follow-up|update|contact|reach out|send|ship|refund|credit|check in)\b/i;

/**
 * COMMIT-1: the time expressions that, like a follow-up verb, make a promise a commitment. Only
 * that: the due time is read by resolveDueAt, which knows many more phrasings ("now", "at noon").
 */
const TIME_RE = new RegExp(
  [
    `\\b(?:within|in|under)\\s+(?:the\\s+next\\s+)?(${NUMBER_SOURCE})\\s+(business\\s+|working\\s+)?(minute|hour|day|week)s?\\b`,
    `\\bwithin\\s+the\\s+(hour|day|week)\\b`,
    `\\b(?:by|before)?\\s*(?:the\\s+)?(end of (?:the )?day|eod|close of business|cob|end of (?:the )?week|end of business)\\b`,
    `\\b(later today|this afternoon|this evening|tonight|today)\\b`,
    `\\b(tomorrow)(?:\\s+(morning|afternoon|evening))?\\b`,
    `\\b(?:on\\s+|by\\s+|next\\s+|this\\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\\s+(morning|afternoon|evening))?\\b`,
    `\\b(next week)\\b`,
    `\\bat\\s+(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)\\b`,
  ].join("|"),
  "i",
);

/** Extracts commitments from an agent message; `at` is the message time (epoch ms) or undefined. */
export function extractCommitments(
  text: string,
  at: number | undefined,
  config: EngineConfig,
  lower: string = text.toLowerCase(),
): Commitment[] {
  // Every promise holds one of these strings: a cheap test before the regexes.
  if (!PROMISE_HINTS.some((hint) => lower.includes(hint)) || !PROMISE_RE.test(text)) return [];
  const out: Commitment[] = [];
  SENTENCE_RE.lastIndex = 0;
  for (let m = SENTENCE_RE.exec(text); m !== null; m = SENTENCE_RE.exec(text)) {
    const sentence = m[0];
    if (!PROMISE_RE.test(sentence)) continue;
    // One sentence may hold several promises ("… by end of day, and I'll text you tomorrow").
    const starts: number[] = [];
    PROMISE_ALL_RE.lastIndex = 0;
    for (let p = PROMISE_ALL_RE.exec(sentence); p !== null; p = PROMISE_ALL_RE.exec(sentence))
      starts.push(p.index);
    for (let k = 0; k < starts.length; k++) {
      const from = k === 0 ? 0 : starts[k]!;
      const to = starts[k + 1] ?? sentence.length;
      const part = sentence.slice(from, to);
      const time = TIME_RE.exec(part);
      if (time === null && !FOLLOW_UP_RE.test(part)) continue;
      const trimmed = part.replace(TRAILING_JOIN_RE, "");
      const lead = trimmed.length - trimmed.trimStart().length;
      const start = m.index + from + lead;
      const end = m.index + from + trimmed.trimEnd().length;
      out.push({
        text: text.slice(start, end),
        start,
        end,
        dueAt: at === undefined ? null : resolveDueAt(part, at, config),
      });
    }
  }
  return out;
}

const PROMISE_ALL_RE = new RegExp(PROMISE_RE.source, "gi");
const TRAILING_JOIN_RE = /[\s,;]*(?:and|then|also)?[\s,;]*$/i;
