// Which lines of a conversation were its agent's own handling, so the QA scorecard scores those and
// not a teammate's (docs/LOOP2.md, "Whose lines a scorecard scores"), and whose each line is on the
// skill map (src/store/skills.ts counts a card's lines with it): one rule for both. In the store so
// that the skill map's lines, stored with each card, are counted by it. Pure: records in, the lines out.
import type { HANDOVER_KINDS } from "../protocol/index.ts";
import type { InterventionRecord } from "./interventions.ts";
import type { MessageRecord } from "./messages.ts";

/** How the conversation left the agent's hands. */
export type HandoverKind = (typeof HANDOVER_KINDS)[number];

/** The first moment a teammate handled the conversation instead of its agent. */
export interface Handover {
  /** Index of the first customer-visible line that is not the agent's (among those lines). */
  index: number;
  /** The teammate; null when not known (a line with no author after a takeover by nobody known). */
  personId: string | null;
  /** An accepted takeover, a warm transfer, or a teammate writing to the customer without either. */
  kind: HandoverKind;
  /** When it happened (epoch ms): the takeover's or transfer's time, or the teammate's first line. */
  at: number;
}

/** What a scorecard records about the lines it scored (stored beside the engine's items). */
export interface ScoredScope {
  /** The agent's own lines scored. */
  agentLines: number;
  /** Customer lines scored: those written while the agent was handling the conversation. */
  customerLines: number;
  /** Customer-visible lines left out: teammates' lines and what the customer said to them. */
  excludedLines: number;
  handover: Handover | null;
}

/** The conversation changing hands: to whom, how, when. */
interface Move {
  at: number;
  to: string | null;
  kind: HandoverKind;
}

export interface AgentPart {
  /** Indexes (among the customer-visible lines) of the lines that are the agent's handling. */
  indexes: number[];
  scope: ScoredScope;
}

/**
 * The agent's part of a conversation, from its customer-visible lines in order and its step-ins.
 * Who is handling it moves, line by line: it starts with the agent; an accepted takeover gives it to
 * the helper and a warm transfer to its receiver from their time on; an agent line written by
 * someone (as its author says) gives it to them from that line. The agent's part is then their own
 * lines (by author; a line with no author while they were handling it), and the customer's lines
 * while they were handling it. With no agent, every line is the part (nobody to tell apart).
 *
 * `personId` asks for someone else's part by the same rule: a teammate who took over, received a
 * transfer or wrote to the customer (their debrief is drafted from it). The handover stays the
 * moment the conversation left the agent's hands; `agentLines` counts that person's own lines.
 */
export function agentPart(
  records: readonly Pick<MessageRecord, "role" | "authorPersonId" | "sentAt">[],
  interventions: readonly Pick<
    InterventionRecord,
    "kind" | "state" | "fromPersonId" | "toPersonId" | "createdAt" | "decidedAt" | "updatedAt"
  >[],
  agentId: string | null,
  personId: string | null = agentId,
): AgentPart {
  const all = records.map((_, i) => i);
  if (agentId === null || personId === null)
    return {
      indexes: all,
      scope: {
        agentLines: records.filter((r) => r.role === "agent").length,
        customerLines: records.filter((r) => r.role === "customer").length,
        excludedLines: 0,
        handover: null,
      },
    };
  const moves = interventions
    .flatMap((i): Move[] => {
      if (i.kind === "takeover_offer" && (i.state === "accepted" || i.state === "done"))
        return [{ at: i.decidedAt ?? i.updatedAt, to: i.fromPersonId, kind: "takeover" }];
      if (i.kind === "warm_transfer" && i.state === "done")
        return [{ at: i.createdAt, to: i.toPersonId, kind: "transfer" }];
      return [];
    })
    .sort((a, b) => a.at - b.at);
  let handler: string | null = agentId;
  let lastMove: Move | null = null;
  let next = 0;
  let handover: Handover | null = null;
  const indexes: number[] = [];
  let agentLines = 0;
  let customerLines = 0;
  records.forEach((r, index) => {
    for (let move = moves[next]; move !== undefined && move.at <= r.sentAt; move = moves[++next]) {
      handler = move.to;
      lastMove = move;
    }
    if (r.role === "agent" && r.authorPersonId !== null && r.authorPersonId !== handler) {
      handler = r.authorPersonId;
      lastMove = { at: r.sentAt, to: r.authorPersonId, kind: "wrote" };
    }
    const byHandler = (id: string) =>
      r.role === "agent"
        ? r.authorPersonId === id || (r.authorPersonId === null && handler === id)
        : handler === id;
    if (byHandler(personId)) {
      indexes.push(index);
      if (r.role === "agent") agentLines++;
      else customerLines++;
    }
    if (!byHandler(agentId) && handover === null) {
      // A teammate's first line stands for the takeover or transfer that gave them the conversation
      // (the helpdesk's clock and ours may disagree by a few seconds about which came first).
      const to = handler;
      const how =
        lastMove?.kind === "wrote" ? (moves.find((m) => m.to === to && m.to !== null) ?? lastMove) : lastMove;
      handover = { index, personId: to, kind: how?.kind ?? "wrote", at: how?.at ?? r.sentAt };
    }
  });
  return {
    indexes,
    scope: { agentLines, customerLines, excludedLines: records.length - indexes.length, handover },
  };
}
