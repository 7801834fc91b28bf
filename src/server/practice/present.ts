// Presenters and stored-JSON readers for role-play drills.
import type { QaScorecard } from "../../engine/qa/index.ts";
import type { FeedbackCheckResult } from "../../protocol/index.ts";
import type {
  PracticeScenario,
  PracticeScore,
  PracticeSession,
  PracticeTurn,
} from "../../protocol/practice.ts";
import type { JsonValue } from "../../store/index.ts";
import type { PracticeScenarioRecord, PracticeSessionRecord } from "../../store/drills.ts";
import type { Principal } from "../auth/principal.ts";
import { isLeadOf } from "../policies.ts";
import { DRILL_MAX_REPLIES, type DrillScenario, type DrillTurn, type ScenarioLine } from "./drill.ts";
import { needOf, type Persona } from "./scenario.ts";
import { speakStandIns } from "./standIns.ts";

const iso = (ms: number): string => new Date(ms).toISOString();
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The stored customer lines (written by `buildScenario`), read defensively. */
export function scenarioLinesOf(json: JsonValue): ScenarioLine[] {
  if (!Array.isArray(json)) return [];
  return json
    .filter((l): l is { [key: string]: JsonValue } => isObject(l))
    .map((l) => ({
      text: typeof l.text === "string" ? l.text : "",
      frustration: typeof l.frustration === "number" ? l.frustration : 0,
      angry: l.angry === true,
    }));
}

export function personaOf(json: JsonValue): Persona {
  const p = isObject(json) ? json : {};
  const str = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);
  return {
    mood: str(p.mood, "upset"),
    wants: str(p.wants, "a clear answer and a next step"),
    askedTimes: typeof p.askedTimes === "number" ? p.askedTimes : 1,
    threats: Array.isArray(p.threats) ? p.threats.filter((t): t is string => typeof t === "string") : [],
    summary: str(p.summary, ""),
  };
}

/**
 * First names for a drill's customer, whose own name the scenario redacted: neither the trainee
 * nor the engine could use "[PERSON]", so every scorecard said the trainee "did not use the
 * customer's name".
 */
const STAND_IN_NAMES = ["Alex", "Jordan", "Robin", "Casey", "Morgan", "Jamie", "Taylor", "Riley"] as const;

/** The same stand-in name for every drill on one scenario. */
export function standInNameOf(scenarioId: string): string {
  let hash = 0;
  for (const ch of scenarioId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return STAND_IN_NAMES[hash % STAND_IN_NAMES.length] ?? "Alex";
}

/** "[PERSON]" where the customer names themself ("Hi, I'm [PERSON]", "[PERSON] here"); not a colleague they name. */
const SELF_NAMED_RE =
  /\b(my name is|this is|i am|i'm|i’m|it's|it’s)\s+\[PERSON\]|^(\s*(?:hi|hello|hey)?[,!]?\s*)\[PERSON\](?=\s+here\b)/gi;

/** What the simulated customer plays from. */
export function drillScenarioOf(s: PracticeScenarioRecord): DrillScenario {
  const customerName = standInNameOf(s.id);
  return {
    lines: scenarioLinesOf(s.customerLines).map((l) => ({
      ...l,
      // Then its other redacted data as believable stand-ins: nobody says "[ADDRESS]" aloud.
      text: speakStandIns(
        l.text.replace(SELF_NAMED_RE, (_m, intro: string | undefined, lead: string | undefined) =>
          intro !== undefined ? `${intro} ${customerName}` : `${lead ?? ""}${customerName}`,
        ),
        s.id,
        customerName,
      ),
    })),
    closing: speakStandIns(s.closing, s.id, customerName),
    need: needOf(personaOf(s.persona).wants),
    customerName,
  };
}

export function presentScenario(
  p: Principal,
  s: PracticeScenarioRecord,
  names: ReadonlyMap<string, string>,
): PracticeScenario {
  // As the drill's customer says them, with their stand-in name.
  const lines = drillScenarioOf(s).lines;
  const lead = isLeadOf(p, s.teamId);
  return {
    id: s.id,
    teamId: s.teamId,
    title: s.title,
    topic: s.topic,
    persona: personaOf(s.persona),
    rootCause: s.rootCause,
    goodReply: s.goodReply,
    opening: lines[0]?.text ?? "",
    lineCount: lines.length,
    customerLines: lead ? lines.map((l) => l.text) : null,
    sourceConversationId: lead ? s.sourceConversationId : null,
    createdByName: s.createdBy !== null ? (names.get(s.createdBy) ?? null) : null,
    createdAt: iso(s.createdAt),
  };
}

/** The transcript as stored: the drill's turns. */
export function turnsOf(json: JsonValue): DrillTurn[] {
  return Array.isArray(json) ? (json.filter(isObject) as unknown as DrillTurn[]) : [];
}

/** The score stored with a finished session: the QA items that apply and how each reply landed. */
export function scoreOf(card: QaScorecard, turns: readonly DrillTurn[]): PracticeScore {
  const landings = { calmed: 0, neutral: 0, escalated: 0 };
  for (const t of turns) if (t.reading !== null) landings[t.reading.landing]++;
  return {
    items: card.items.map((i) => ({ item: i.item, score: i.score, applicable: i.applicable, note: i.note })),
    overall: card.overall,
    percent: card.percent,
    landings,
  };
}

/** Whose turn it is in a pair drill and the customer's prompt (`readPair`), for the presenter. */
export interface PairView {
  next: "agent" | "customer";
  suggestion: string | null;
}

export function presentSession(
  p: Principal,
  s: PracticeSessionRecord,
  scenario: PracticeScenarioRecord | null,
  names: ReadonlyMap<string, string>,
  pair: PairView | null,
): PracticeSession {
  const turns: PracticeTurn[] = turnsOf(s.turns).map((t) => ({
    role: t.role === "agent" ? "agent" : "customer",
    text: typeof t.text === "string" ? t.text : "",
    real: t.role === "customer" && typeof t.line === "number",
    reading: t.reading ?? null,
  }));
  const active = s.status === "active";
  const myRole =
    s.traineeId === p.personId ? "agent" : s.customerPlayerId === p.personId ? "customer" : "reviewer";
  const turn = !active ? null : s.mode === "pair" ? (pair?.next ?? "customer") : "agent";
  const lines = scenario !== null ? drillScenarioOf(scenario).lines.map((l) => l.text) : [];
  return {
    id: s.id,
    scenarioId: s.scenarioId,
    scenarioTitle: scenario?.title ?? "Practice scenario",
    persona: scenario !== null ? personaOf(scenario.persona).summary : "",
    teamId: s.teamId,
    traineeId: s.traineeId,
    traineeName: names.get(s.traineeId) ?? null,
    mode: s.mode,
    customerPlayerId: s.customerPlayerId,
    customerPlayerName: s.customerPlayerId !== null ? (names.get(s.customerPlayerId) ?? null) : null,
    myRole,
    turn,
    prompts:
      s.mode === "pair" && myRole !== "agent"
        ? { lines, suggestion: turn === "customer" ? (pair?.suggestion ?? null) : null }
        : null,
    status: s.status,
    turns,
    repliesUsed: s.replies.length,
    maxReplies: DRILL_MAX_REPLIES,
    score: s.score as PracticeScore | null,
    review:
      s.reviewComment !== null && s.reviewedAt !== null
        ? {
            comment: s.reviewComment,
            reviewerName: s.reviewedBy !== null ? (names.get(s.reviewedBy) ?? null) : null,
            reviewedAt: iso(s.reviewedAt),
            check: s.reviewCheck as FeedbackCheckResult | null,
          }
        : null,
    canReply: active && turn === myRole,
    canEnd: active && (myRole === "agent" || (s.mode === "pair" && myRole === "customer")),
    canReview: myRole === "reviewer" && isLeadOf(p, s.teamId),
    createdAt: iso(s.createdAt),
    endedAt: s.endedAt !== null ? iso(s.endedAt) : null,
  };
}
