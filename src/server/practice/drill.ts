// The simulated customer of a role-play drill (docs/ARCHITECTURE.md, "Role-play drills"). Pure and
// deterministic: the scenario and the trainee's replies in, the transcript out. Each reply is read
// by the step-in engine the live product uses (`observe`, over the drill's own transcript, so
// paraphrase, repetition and repeated apologies are judged against what was said in the drill), and
// that reading decides which of the real customer's (anonymised) lines comes next.
import type {
  ConversationState,
  CueKind,
  EngineMessage,
  MessageAnalysis,
  StepInReason,
} from "../../engine/index.ts";
import { scoreConversation, type QaScorecard } from "../../engine/qa/index.ts";

/** One line of the real customer's, anonymised, with how upset the engine read it. */
export interface ScenarioLine {
  text: string;
  /** The engine's frustration reading of the line, 0..1. */
  frustration: number;
  /** Angry, threatening, asking for a manager or saying they had to repeat themself: the lines an escalating customer reuses. */
  angry: boolean;
}

export interface DrillScenario {
  lines: readonly ScenarioLine[];
  /** What the customer says once satisfied: the real last line if it was content, else ours. */
  closing: string;
  /**
   * What the customer wants, in their own words ("my refund", "this charge"), for the lines we
   * write: "I still need my refund sorted", "someone who can sort out this charge".
   */
  need: string;
  /**
   * The simulated customer's stand-in name (the real one is redacted), said where they introduce
   * themself and given to the engine as the lines' author, so a trainee who uses it is credited.
   */
  customerName?: string;
}

export type Landing = "calmed" | "neutral" | "escalated";

export interface ReadCue {
  kind: CueKind;
  polarity: "good" | "bad";
  start: number;
  end: number;
  /** The words the cue was found in. */
  text: string;
}

/** How one reply landed, as the engine read it. */
export interface ReplyReading {
  landing: Landing;
  good: ReadCue[];
  bad: ReadCue[];
  /** The engine's risk forecast after the reply, 0..1. */
  risk: number;
  /** Step-in reasons the engine would have raised on this reply. */
  reasons: StepInReason[];
  why: string;
}

export interface DrillTurn {
  role: "customer" | "agent";
  text: string;
  /** Which real customer line this is (index into the scenario's lines); null for a line we wrote. */
  line: number | null;
  reading: ReplyReading | null;
}

export type DrillStatus = "active" | "satisfied" | "walked_away" | "max_turns" | "ended";

export interface DrillOutcome {
  turns: DrillTurn[];
  status: DrillStatus;
  /** 0 calm … MAX_TEMPER, where the customer gives up. */
  temper: number;
  /** The QA scorecard over the drill's transcript; null while the drill runs. */
  score: QaScorecard | null;
}

/** The engine, as the drill needs it (the server passes the team's knowledge base and settings). */
export interface DrillEngine {
  fresh(): ConversationState;
  observe(
    state: ConversationState,
    message: EngineMessage,
  ): { state: ConversationState; analysis: MessageAnalysis };
}

/** Replies a trainee gets before the drill ends on its own. */
export const DRILL_MAX_REPLIES = 8;
/** The customer's temper at which they give up (walk away). */
export const MAX_TEMPER = 5;

/** Moves that calm a customer (PRODUCT.md: empathy, paraphrase, a concrete next step). */
const CALMING: ReadonlySet<CueKind> = new Set<CueKind>(["empathy", "paraphrase", "next_step"]);
/** Moves that make it worse: hedging, blame, defensiveness, apologising again, getting facts wrong. */
const ESCALATING: ReadonlySet<CueKind> = new Set<CueKind>([
  "defensiveness",
  "blame_coworker",
  "hedging",
  "vague_answer",
  "repeated_apology",
  "redundant_clarification",
  "repeated_reply",
  "wrong_information",
]);
const ESCALATING_REASONS: ReadonlySet<StepInReason> = new Set<StepInReason>([
  "not_solution_focused",
  "wrong_information",
]);

/** Reads a reply's analysis into what the drill needs: the cues with their words, and the landing. */
export function readReply(text: string, analysis: MessageAnalysis): ReplyReading {
  const cue = (c: MessageAnalysis["cues"][number]): ReadCue | null =>
    c.polarity === "neutral"
      ? null
      : { kind: c.kind, polarity: c.polarity, start: c.start, end: c.end, text: text.slice(c.start, c.end) };
  const cues = analysis.cues.map(cue).filter((c): c is ReadCue => c !== null);
  const good = cues.filter((c) => c.polarity === "good");
  const bad = cues.filter((c) => c.polarity === "bad");
  const reasons = analysis.stepIn.reasons;
  const hurt = bad.filter((c) => ESCALATING.has(c.kind));
  const helped = good.filter((c) => CALMING.has(c.kind));
  let landing: Landing;
  let why: string;
  if (hurt.length > 0 || reasons.some((r) => ESCALATING_REASONS.has(r))) {
    landing = "escalated";
    why =
      hurt.length > 0
        ? `The customer heard ${describe(hurt)}, so they push harder.`
        : `The engine would have stepped in here (${reasons.join(", ").replace(/_/g, " ")}), so the customer pushes harder.`;
  } else if (helped.length > 0) {
    landing = "calmed";
    why = `The customer heard ${describe(helped)}, so they calm down and move on.`;
  } else {
    landing = "neutral";
    why =
      "No empathy, paraphrase or concrete next step, and nothing that hurt: the customer repeats what they need.";
  }
  return { landing, good, bad, risk: analysis.risk, reasons, why };
}

function describe(cues: readonly ReadCue[]): string {
  const kinds = [...new Set(cues.map((c) => c.kind.replace(/_/g, " ")))];
  return kinds.length === 1 ? (kinds[0] ?? "") : `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1) ?? ""}`;
}

/**
 * Plays a drill: the customer's opening line, then for each reply the engine's reading and the
 * customer's answer. Same scenario and replies, same drill. `ended` marks a drill the trainee ended.
 *
 * The customer keeps a temper (starting at 2, or 3 when the real opening was already angry):
 * - a reply that calms lowers it; at 0 the customer is satisfied and says the closing line;
 *   otherwise they say the next calm real line after the last one used (the real conversation's
 *   way toward a resolution) or, with none left, ask for (or check) the concrete next step;
 * - a reply that escalates raises it and brings the angriest real line not yet used (again, in
 *   other words, when all are used); at MAX_TEMPER the customer walks away;
 * - a neutral reply brings the next real line in order, whatever its mood, or a restatement of
 *   what they want (in other words each time: a line we write is not said twice in a row).
 */
export function playDrill(
  scenario: DrillScenario,
  replies: readonly string[],
  engine: DrillEngine,
  options: { ended?: boolean } = {},
): DrillOutcome {
  const lines = scenario.lines;
  const turns: DrillTurn[] = [];
  const messages: EngineMessage[] = [];
  const analyses: MessageAnalysis[] = [];
  let state = engine.fresh();
  const say = (turn: DrillTurn): MessageAnalysis => {
    const message: EngineMessage = {
      role: turn.role,
      text: turn.text,
      ...(turn.role === "customer" && scenario.customerName !== undefined
        ? { author: scenario.customerName }
        : {}),
    };
    const result = engine.observe(state, message);
    state = result.state;
    messages.push(message);
    analyses.push(result.analysis);
    turns.push(turn);
    return result.analysis;
  };
  const used = new Set<number>();
  const customerLine = (index: number): void => {
    used.add(index);
    say({ role: "customer", text: lines[index]?.text ?? "", line: index, reading: null });
  };
  const customerSays = (text: string): void => {
    say({ role: "customer", text, line: null, reading: null });
  };
  // A line we write is not said twice in a row: the first of its variants not said yet, then the
  // variants in turn, so a customer who restates their need several times does not sound canned.
  const customerSaysOneOf = (variants: readonly string[]): void => {
    const said = new Set(turns.filter((t) => t.role === "customer").map((t) => t.text));
    const unsaid = variants.find((v) => !said.has(v));
    const last = turns.at(-1)?.text;
    const next = unsaid ?? variants.find((v) => v !== last) ?? variants[0] ?? "";
    customerSays(next);
  };

  const first = lines[0];
  if (first === undefined) return { turns, status: "ended", temper: 0, score: null };
  customerLine(0);
  let cursor = 0;
  let temper = first.angry ? 3 : 2;
  let status: DrillStatus = "active";

  for (const [n, reply] of replies.entries()) {
    if (status !== "active") break;
    const analysis = say({ role: "agent", text: reply, line: null, reading: null });
    const reading = readReply(reply, analysis);
    const last = turns.at(-1);
    if (last !== undefined) last.reading = reading;

    if (reading.landing === "calmed") {
      temper = Math.max(0, temper - 1);
      if (temper === 0) {
        customerSays(scenario.closing);
        status = "satisfied";
      } else {
        const next = findIndex(lines, used, (l, i) => i > cursor && !l.angry);
        if (next !== -1) {
          customerLine(next);
          cursor = next;
        } else {
          // Calmer, not yet convinced: the customer asks for the step (or checks the one promised).
          const promised = reading.good.some((c) => c.kind === "next_step" || c.kind === "commitment");
          customerSaysOneOf(
            promised
              ? [
                  `Okay. And this time it will actually happen? I don't want to chase ${scenario.need} again.`,
                  `Right. So I won't have to get in touch again about ${scenario.need}?`,
                ]
              : [
                  `Alright. So what actually happens now about ${scenario.need}, and when?`,
                  `Okay, I hear you. But what are you actually going to do about ${scenario.need}?`,
                ],
          );
        }
      }
    } else if (reading.landing === "escalated") {
      temper++;
      if (temper >= MAX_TEMPER) {
        customerSays(
          `I've explained this enough times. I'm not getting anywhere with you, so I'll find someone who can sort out ${scenario.need}.`,
        );
        status = "walked_away";
      } else {
        const angriest = angriestUnused(lines, used);
        if (angriest !== -1) {
          customerLine(angriest);
          cursor = Math.max(cursor, angriest);
        } else {
          const worst = angriestUnused(lines, new Set());
          customerSaysOneOf([
            `I'll say it again: ${worst === -1 ? `I need ${scenario.need} sorted.` : (lines[worst]?.text ?? "")}`,
            `You're not listening. I need ${scenario.need} sorted, not excuses.`,
          ]);
        }
      }
    } else {
      const next = findIndex(lines, used, (_l, i) => i > cursor);
      if (next !== -1) {
        customerLine(next);
        cursor = next;
      } else {
        customerSaysOneOf([
          `That doesn't answer me. I still need ${scenario.need} sorted.`,
          `You're not telling me anything. What are you going to do about ${scenario.need}?`,
          `I keep asking and getting nothing back. Can someone actually sort out ${scenario.need}?`,
        ]);
      }
    }
    if (status === "active" && n + 1 >= DRILL_MAX_REPLIES) status = "max_turns";
  }
  if (status === "active" && options.ended === true) status = "ended";
  return {
    turns,
    status,
    temper,
    score: status === "active" ? null : scoreConversation(analyses, messages),
  };
}

function findIndex(
  lines: readonly ScenarioLine[],
  used: ReadonlySet<number>,
  ok: (line: ScenarioLine, index: number) => boolean,
): number {
  return lines.findIndex((l, i) => !used.has(i) && ok(l, i));
}

/** A line at least this frustrated counts as upset enough for an escalating customer to say. */
const UPSET_FRUSTRATION = 0.35;

/**
 * The unused line that reads angriest (the earliest of equals) among the angry or upset ones; -1
 * when none is left.
 */
function angriestUnused(lines: readonly ScenarioLine[], used: ReadonlySet<number>): number {
  let best = -1;
  const score = (x: ScenarioLine) => (x.angry ? 1 : 0) + x.frustration;
  lines.forEach((l, i) => {
    if (used.has(i) || (!l.angry && l.frustration < UPSET_FRUSTRATION)) return;
    const b = lines[best];
    if (b === undefined || score(l) > score(b)) best = i;
  });
  return best;
}
