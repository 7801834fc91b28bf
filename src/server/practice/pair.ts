// A live pair drill: a teammate plays the customer instead of the simulation, the trainee the agent,
// taking turns. Pure: the lines typed so far in, the transcript with the engine's reading of each
// agent reply, whose turn it is and a prompt for the customer's player out. The prompt is the line
// the simulated customer would say to the same replies (`playDrill`), so the player is steered by
// the same reading the solo drill uses, and stays free to say it their own way.
import type { EngineMessage, MessageAnalysis } from "../../engine/index.ts";
import { scoreConversation, type QaScorecard } from "../../engine/qa/index.ts";
import {
  DRILL_MAX_REPLIES,
  playDrill,
  readReply,
  type DrillEngine,
  type DrillScenario,
  type DrillTurn,
} from "./drill.ts";

export type PairRole = "customer" | "agent";

export interface PairState {
  turns: DrillTurn[];
  /** Who writes next. */
  next: PairRole;
  /** For the customer's player, when it is their turn: what the simulated customer would say. */
  suggestion: string | null;
  /** The agent has used every reply. */
  outOfReplies: boolean;
}

/** Reads a pair drill's lines (in order) through the engine. */
export function readPair(
  scenario: DrillScenario,
  lines: readonly { role: PairRole; text: string }[],
  engine: DrillEngine,
): PairState & { analyses: MessageAnalysis[]; messages: EngineMessage[] } {
  let state = engine.fresh();
  const turns: DrillTurn[] = [];
  const analyses: MessageAnalysis[] = [];
  const messages: EngineMessage[] = [];
  for (const line of lines) {
    const message: EngineMessage = {
      role: line.role,
      text: line.text,
      ...(line.role === "customer" && scenario.customerName !== undefined
        ? { author: scenario.customerName }
        : {}),
    };
    const result = engine.observe(state, message);
    state = result.state;
    analyses.push(result.analysis);
    messages.push(message);
    turns.push({
      role: line.role,
      text: line.text,
      line: null,
      reading: line.role === "agent" ? readReply(line.text, result.analysis) : null,
    });
  }
  const next: PairRole = lines.at(-1)?.role === "customer" ? "agent" : "customer";
  const replies = lines.filter((l) => l.role === "agent").map((l) => l.text);
  let suggestion: string | null = null;
  if (next === "customer") {
    const simulated = playDrill(scenario, replies, engine).turns;
    const last = simulated.at(-1);
    suggestion = last?.role === "customer" ? last.text : null;
  }
  return { turns, next, suggestion, outOfReplies: replies.length >= DRILL_MAX_REPLIES, analyses, messages };
}

/** The QA scorecard over a finished pair drill (the agent's lines are the trainee's). */
export function scorePair(read: { analyses: MessageAnalysis[]; messages: EngineMessage[] }): QaScorecard {
  return scoreConversation(read.analyses, read.messages);
}
