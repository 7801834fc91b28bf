// Per-turn QA signals for agent messages: what the scorecard's courtesy and listening evidence says
// about one reply. Used to compare with turn-level human labels (MAIA-DQE politeness, understanding).
import type { MessageAnalysis } from "../index.ts";

export interface AgentTurnRating {
  index: number;
  /** Courtesy evidence in the reply: thanks, empathy, apology, the name (+) against defensiveness and blame (−). */
  courtesy: number;
  /** Listening evidence: paraphrase, the name (+) against asking again for given details, sending the same reply again and the customer's next message repeating or confused (−). */
  listening: number;
}

const CONFUSION_OR_REPEAT = new Set(["repetition", "confusion"]);

/** Rates every agent message of a finished conversation (the customer's next message is read too). */
export function rateAgentTurns(analyses: readonly MessageAnalysis[]): AgentTurnRating[] {
  const out: AgentTurnRating[] = [];
  analyses.forEach((a, i) => {
    if (a.role !== "agent") return;
    const count = (kind: string): number => a.cues.filter((c) => c.kind === kind).length;
    let nextCustomer: MessageAnalysis | undefined;
    for (let j = i + 1; j < analyses.length; j++) {
      const b = analyses[j];
      if (b?.role === "customer") {
        nextCustomer = b;
        break;
      }
    }
    const notHeard = nextCustomer?.cues.some((c) => CONFUSION_OR_REPEAT.has(c.kind)) === true ? 1 : 0;
    out.push({
      index: a.index,
      courtesy:
        count("thanks") +
        count("empathy") +
        count("apology") +
        count("customer_name") -
        2 * (count("defensiveness") + count("blame_coworker")),
      listening:
        count("paraphrase") +
        count("customer_name") -
        count("redundant_clarification") -
        count("repeated_reply") -
        notHeard,
    });
  });
  return out;
}
