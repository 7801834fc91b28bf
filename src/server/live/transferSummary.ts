/** What the summary is built from: the transcript the customer saw and the engine's last reading. */
export interface TransferSummaryInput {
  customerName: string | null;
  topic: string | null;
  channel: string;
  messages: readonly { role: "customer" | "agent" | "system"; kind: string; text: string }[];
  emotion: string | null;
  frustration: number;
  rootCauses: readonly { cause: string; confidence: number }[];
  openCommitments: readonly { text: string; dueAt: number | null }[];
  fromName: string;
  note: string | null;
  /**
   * What the customer was told that the knowledge base contradicts and nobody has put right since
   * (the newest check of that fact still contradicts it): the receiver corrects it first.
   */
  uncorrected?: readonly { claimed: string; expected: string }[];
}

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/**
 * The warm-transfer summary: enough that the receiver can greet the customer by name, state the
 * problem back and carry on, so the customer need not repeat themself. Built from data only.
 */
export function buildTransferSummary(input: TransferSummaryInput): string {
  const visible = input.messages.filter((m) => m.kind === "message" && m.role !== "system");
  const customerLines = visible.filter((m) => m.role === "customer");
  const firstAsk = customerLines[0]?.text ?? null;
  const lastCustomer = customerLines.at(-1)?.text ?? null;
  const lastAgent = visible.filter((m) => m.role === "agent").at(-1)?.text ?? null;
  const who = input.customerName ?? "The customer";
  const lines: string[] = [];
  lines.push(
    `${who} (${input.channel}${input.topic !== null ? `, ${input.topic}` : ""}), handed over by ${input.fromName} after ${visible.length} messages.`,
  );
  if (firstAsk !== null) lines.push(`Asked: "${clip(firstAsk, 200)}"`);
  if (lastCustomer !== null && lastCustomer !== firstAsk)
    lines.push(`Latest from the customer: "${clip(lastCustomer, 200)}"`);
  if (lastAgent !== null) lines.push(`Last reply they got: "${clip(lastAgent, 200)}"`);
  for (const w of input.uncorrected ?? [])
    lines.push(
      `Still to correct: they were told "${clip(w.claimed, 80)}"; your team's knowledge says ${clip(w.expected, 160)}.`,
    );
  const mood =
    input.emotion !== null && input.emotion !== "neutral"
      ? `${input.emotion} (frustration ${Math.round(input.frustration * 100)}%)`
      : `calm (frustration ${Math.round(input.frustration * 100)}%)`;
  lines.push(`Mood now: ${mood}.`);
  const cause = [...input.rootCauses].sort((a, b) => b.confidence - a.confidence)[0];
  if (cause !== undefined) lines.push(`Likely root cause: ${cause.cause.replace(/_/g, " ")}.`);
  for (const c of input.openCommitments) {
    lines.push(
      `Promised: "${clip(c.text, 160)}"${c.dueAt !== null ? ` (due ${new Date(c.dueAt).toISOString()})` : ""}.`,
    );
  }
  if (input.note !== null && input.note.trim() !== "")
    lines.push(`Note from ${input.fromName}: ${clip(input.note, 400)}`);
  lines.push("Open by restating their problem in your own words so they know they need not repeat it.");
  return lines.join("\n");
}
