import type { LlmPrompt, PromptPart } from "./client.ts";

/*
 * Every prompt tagteam sends to the optional language model, written here and nowhere else. The
 * instructions are constants; the data (transcript lines, the engine's reading, knowledge facts,
 * the built-in summary) goes in the user message as labelled lines, each redacted by the client.
 */

export interface TranscriptLine {
  role: "customer" | "agent" | "system";
  kind: string;
  text: string;
}

/** How many of the latest customer-visible lines a prompt carries, and how long each may be. */
export const PROMPT_TRANSCRIPT_LINES = 12;
const LINE_MAX_CHARS = 400;

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/**
 * The latest lines the customer saw, oldest first, labelled "Customer" or "Agent". Whispers,
 * signals and notes are never included (they are not kind "message").
 */
export function transcriptPart(messages: readonly TranscriptLine[]): PromptPart {
  const visible = messages.filter((m) => m.kind === "message" && m.role !== "system");
  const recent = visible.slice(-PROMPT_TRANSCRIPT_LINES);
  const skipped = visible.length - recent.length;
  return {
    heading: `Recent transcript, oldest first${skipped > 0 ? ` (${skipped} earlier lines left out)` : ""}:`,
    lines:
      recent.length > 0
        ? recent.map((m) => ({
            label: m.role === "customer" ? "Customer" : "Agent",
            text: clip(m.text, LINE_MAX_CHARS),
          }))
        : [{ text: "(no messages yet)" }],
  };
}

/** The names worth redacting for a person who wrote: the customer's every part; an agent's full and first name. */
export function namesToRedact(customerName: string | null, agentNames: readonly (string | null)[]): string[] {
  const words = (name: string | null) =>
    (name ?? "")
      .trim()
      .split(/\s+/)
      .filter((w) => w.length >= 2);
  const out = new Set<string>();
  const customer = (customerName ?? "").trim();
  if (customer.length >= 2) out.add(customer);
  for (const w of words(customerName)) if (w.length >= 3) out.add(w);
  for (const name of agentNames) {
    const full = (name ?? "").trim();
    if (full.length < 2 || full.includes("@")) continue;
    out.add(full);
    const first = words(full)[0];
    if (first !== undefined && first.length >= 3) out.add(first);
  }
  return [...out];
}

const PLACEHOLDERS =
  "Words in square brackets such as [EMAIL], [PHONE] or [PERSON] stand for personal details that were removed: keep them as they are and never guess what they were.";

const WHISPER_SYSTEM = [
  "You help a support teammate who is quietly coaching a colleague during a live customer chat.",
  'Write what the teammate could whisper to the agent: one or two short sentences, addressed to the agent as "you". The customer never sees it.',
  "Pick the single most useful of these: a concrete next step the agent can take now; a line of empathy the agent can say, echoing the customer's own words; or the correct fact, when the agent has said something the knowledge facts contradict.",
  "Use only the facts given. Never invent policies, amounts, dates or promises.",
  PLACEHOLDERS,
  "Answer with the whisper only: no greeting, no label, no quotation marks.",
].join("\n");

export interface WhisperDraftInput {
  topic: string | null;
  /** The open alert's reading, when the engine raised one. */
  alert: { why: string; reasons: readonly string[]; suggestion: string | null } | null;
  /** Statements of the knowledge facts the engine cited for this conversation. */
  facts: readonly string[];
  messages: readonly TranscriptLine[];
  knownNames: readonly string[];
}

export function whisperDraftPrompt(input: WhisperDraftInput): LlmPrompt {
  const parts: PromptPart[] = [];
  if (input.topic !== null) parts.push({ lines: [{ label: "Topic", text: input.topic }] });
  if (input.alert !== null) {
    const reasons = input.alert.reasons.map((r) => r.replace(/_/g, " ")).join(", ");
    parts.push({
      lines: [
        {
          label: "Why the conversation was flagged",
          text: `${clip(input.alert.why, 500)}${reasons ? ` (${reasons})` : ""}`,
        },
        ...(input.alert.suggestion !== null
          ? [{ label: "Suggested step", text: clip(input.alert.suggestion, 500) }]
          : []),
      ],
    });
  }
  if (input.facts.length > 0)
    parts.push({
      heading: "Knowledge facts that apply:",
      lines: input.facts.map((f) => ({ text: clip(f, 300) })),
    });
  parts.push(transcriptPart(input.messages));
  parts.push({ heading: "Write the whisper.", lines: [] });
  return { system: WHISPER_SYSTEM, parts, knownNames: input.knownNames, maxTokens: 160, maxChars: 600 };
}

const HANDOVER_SYSTEM = [
  "You write the handover note a support agent reads when a live customer conversation is transferred to them.",
  "In two to four sentences of plain prose: what the customer wants, what has happened so far, how they feel now, and what the new agent should do first.",
  "Use only what the notes and the transcript say. Never invent facts, amounts, dates or promises.",
  'Call the customer "the customer".',
  PLACEHOLDERS,
  "Answer with the note only: no heading, no list, no quotation marks.",
].join("\n");

export interface HandoverInput {
  /** tagteam's own summary (transferSummary.ts), as it will be stored. */
  summary: string;
  messages: readonly TranscriptLine[];
  knownNames: readonly string[];
}

export function handoverPrompt(input: HandoverInput): LlmPrompt {
  return {
    system: HANDOVER_SYSTEM,
    parts: [
      {
        heading: "Notes:",
        lines: input.summary
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((text) => ({ text })),
      },
      transcriptPart(input.messages),
      { heading: "Write the handover note.", lines: [] },
    ],
    knownNames: input.knownNames,
    maxTokens: 300,
    maxChars: 1200,
  };
}
