import { checkFeedback } from "../../engine/feedback/index.ts";
import { idParamsSchema } from "../../protocol/index.ts";
import {
  createScenarioBodySchema,
  type PracticeEventType,
  endPracticeBodySchema,
  practiceLineBodySchema,
  listPracticeSessionsQuerySchema,
  practiceReplyBodySchema,
  practiceScenarioResponseSchema,
  practiceScenariosResponseSchema,
  practiceSessionResponseSchema,
  practiceSessionsResponseSchema,
  practiceTeamQuerySchema,
  removedScenarioResponseSchema,
  reviewPracticeBodySchema,
  type ScenarioCandidate,
  scenarioCandidatesResponseSchema,
  startPracticeBodySchema,
} from "../../protocol/practice.ts";
import {
  findPersonById,
  isUniqueViolation,
  listPeople,
  type EventRecord,
  type JsonValue,
  type NewEvent,
  type Queryable,
} from "../../store/index.ts";
import {
  createPracticeScenario,
  createPracticeSession,
  deletePracticeScenario,
  DRILL_ABANDONED_AFTER_HOURS,
  findPracticeScenario,
  findPracticeSession,
  listPracticeScenarios,
  listPracticeSessions,
  listScenarioCandidates,
  reviewPracticeSession,
  startSwappedPracticeSession,
  updatePracticeSession,
  type PracticeScenarioRecord,
  type PracticeSessionRecord,
} from "../../store/drills.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { AppError, forbidden, invalidState, notFound, validationFailed } from "../errors.ts";
import { ledTeams } from "../loop2/policies.ts";
import { nameVariants, redactText } from "../loop2/redaction.ts";
import { loadAnalysedTranscript } from "../loop2/transcript.ts";
import { assertLead, canFilterByTeam, canReadTeam, isLeadOf, scopeTeams } from "../policies.ts";
import { presentEvent } from "../presenters.ts";
import type { RoutedEvent } from "../realtime/hub.ts";
import { loadReadableConversation, nameMap } from "../routes/conversations.ts";
import { playDrill, type DrillEngine, type DrillOutcome } from "./drill.ts";
import { readPair, scorePair } from "./pair.ts";
import {
  drillScenarioOf,
  presentScenario,
  presentSession,
  scoreOf,
  turnsOf,
  type PairView,
} from "./present.ts";
import { buildScenario, redactReferences, ScenarioSourceError } from "./scenario.ts";
import { sameSituation, situationWords } from "./situations.ts";

/** A closed conversation whose forecast reached this risk is suggested as a scenario. */
export const CANDIDATE_MIN_PEAK_RISK = 0.6;
/** Suggestions shown, one per situation, out of this many candidates read (the best-ranked first). */
const CANDIDATES_SHOWN = 20;
const CANDIDATES_READ = 200;

/*
 * Who may do what with drills (docs/ARCHITECTURE.md, "Role-play drills"). As everywhere, what the
 * caller may not see answers NOT_FOUND.
 * - scenario: read by the team (its members and admins); made by a lead of the team or an admin.
 * - session: read by its trainee (and, in a pair drill, the teammate playing the customer) and the
 *   team's leads and admins, nobody else (not another teammate); written in by its players only,
 *   each on their turn; commented on by a lead of the team who did not play in it.
 */
const isPlayer = (p: Principal, s: PracticeSessionRecord): boolean =>
  s.traineeId === p.personId || s.customerPlayerId === p.personId;
const canReadSession = (p: Principal, s: PracticeSessionRecord): boolean =>
  s.orgId === p.orgId && (isPlayer(p, s) || isLeadOf(p, s.teamId));

/**
 * A drill's event, one per person it goes to: its players (in their person rooms, never the team's:
 * a drill's lines are practice material) and `also` (the lead who commented). `personId` in the
 * payload is who did it, so a client can tell its own doing from the partner's.
 */
function drillEvents(
  s: PracticeSessionRecord,
  type: PracticeEventType,
  actorId: string,
  options: { also?: string; previousSessionId?: string } = {},
): NewEvent[] {
  const to = new Set([s.traineeId, s.customerPlayerId, options.also]);
  return [...to]
    .filter((id): id is string => id !== null && id !== undefined)
    .map((personId) => ({
      orgId: s.orgId,
      personId,
      type,
      payload: {
        sessionId: s.id,
        personId: actorId,
        ...(options.previousSessionId !== undefined ? { previousSessionId: options.previousSessionId } : {}),
      },
    }));
}

/**
 * What a lead watching a running pair drill hears (the `drill` room, joined only by the leads of its
 * team and admins: src/server/realtime/access.ts): each of the drill's steps once, as an unstored
 * hint made from the copy stored for its trainee (the same type, ids and event id), with no
 * addressee, so it toasts nobody. Not replayed after a reconnect: the page refetches then.
 */
function watcherHints(s: PracticeSessionRecord, appended: readonly EventRecord[]): RoutedEvent[] {
  return appended.flatMap((record) => {
    const event = record.personId === s.traineeId ? presentEvent(record) : null;
    return event === null
      ? []
      : [{ orgId: s.orgId, event: { ...event, personId: null }, rooms: [`drill:${s.id}`] }];
  });
}

/** A pair drill's lines as stored (its turns), for `readPair`. */
const pairLines = (s: PracticeSessionRecord) =>
  turnsOf(s.turns).map((t) => ({
    role: t.role === "agent" ? ("agent" as const) : ("customer" as const),
    text: t.text,
  }));

async function loadReadableScenario(
  db: Queryable,
  p: Principal,
  id: string,
): Promise<PracticeScenarioRecord> {
  const s = await findPracticeScenario(db, p.orgId, id);
  if (s === null || !canReadTeam(p, s.teamId)) throw notFound("scenario");
  return s;
}

/** The engine a drill runs on: the one the live product uses, with the team's knowledge and settings. */
async function drillEngine(
  ctx: ServerContext,
  db: Queryable,
  orgId: string,
  teamId: string,
): Promise<DrillEngine> {
  const context = await ctx.engine.contextFor(db, orgId, teamId);
  return {
    fresh: () => ctx.engine.fresh(),
    observe: (state, message) => ctx.engine.observe(state, message, context),
  };
}

/** The stored form of a drill's outcome. */
function storedOutcome(outcome: DrillOutcome): {
  turns: JsonValue;
  score: JsonValue | null;
  overall: number | null;
} {
  return {
    turns: outcome.turns as unknown as JsonValue,
    score: outcome.score === null ? null : (scoreOf(outcome.score, outcome.turns) as unknown as JsonValue),
    overall: outcome.score?.overall ?? null,
  };
}

/** A candidate's opening line, at most this long on the list. */
const OPENING_MAX_CHARS = 160;
const clipOpening = (text: string): string =>
  text.length <= OPENING_MAX_CHARS ? text : `${text.slice(0, OPENING_MAX_CHARS - 1)}…`;

/** A drill takes a turn only while it runs; one left for a day is over too (abandoned). */
function assertRunning(s: PracticeSessionRecord): void {
  if (s.status === "abandoned")
    throw invalidState(
      `Nobody wrote in this drill for ${DRILL_ABANDONED_AFTER_HOURS} hours, so it was closed as abandoned: start a new one to practise again`,
    );
  if (s.status !== "active") throw invalidState("This drill is over: start a new one to practise again");
}

export function registerPracticeRoutes(register: Register, ctx: ServerContext): void {
  /** Whose turn it is in a running pair drill, and the prompt for the customer's player. */
  const pairView = async (
    s: PracticeSessionRecord,
    scenario: PracticeScenarioRecord | null,
  ): Promise<PairView | null> => {
    if (s.mode !== "pair" || s.status !== "active" || scenario === null) return null;
    const engine = await drillEngine(ctx, ctx.store, s.orgId, s.teamId);
    const read = readPair(drillScenarioOf(scenario), pairLines(s), engine);
    return { next: read.next, suggestion: read.suggestion };
  };
  const present = async (p: Principal, sessions: PracticeSessionRecord[]) => {
    const names = await nameMap(ctx, p.orgId);
    const scenarios = new Map<string, PracticeScenarioRecord | null>();
    for (const id of new Set(sessions.map((s) => s.scenarioId)))
      scenarios.set(id, await findPracticeScenario(ctx.store, p.orgId, id));
    const out = [];
    for (const s of sessions) {
      const scenario = scenarios.get(s.scenarioId) ?? null;
      out.push(presentSession(p, s, scenario, names, await pairView(s, scenario)));
    }
    return out;
  };
  const presentOne = async (p: Principal, session: PracticeSessionRecord) => {
    const scenario = await findPracticeScenario(ctx.store, p.orgId, session.scenarioId);
    return {
      session: presentSession(
        p,
        session,
        scenario,
        await nameMap(ctx, p.orgId),
        await pairView(session, scenario),
      ),
    };
  };

  register({
    method: "GET",
    url: "/practice/candidates",
    summary: "Closed conversations worth practising (high peak risk or an escalation), for a team's leads",
    tag: "practice",
    auth: "person",
    schemas: { query: practiceTeamQuerySchema },
    response: scenarioCandidatesResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = ledTeams(principal, query.teamId);
      const candidates = await listScenarioCandidates(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        minPeakRisk: CANDIDATE_MIN_PEAK_RISK,
        limit: CANDIDATES_READ,
      });
      const staff = (await listPeople(ctx.store, { orgId: principal.orgId })).flatMap((x) =>
        nameVariants(x.displayName),
      );
      // One suggestion per situation: a team meets the same problem with many customers, each
      // opening it in their own words, and the list showed it once per wording (six times, each
      // "2 more opened like it"). The best-ranked one stands for the others; a conversation joins
      // a group of its team and topic when its opening tells the same situation as one in it.
      const groups: {
        key: string;
        openings: string[];
        words: ReadonlySet<string>[];
        shown: ScenarioCandidate;
      }[] = [];
      for (const c of candidates) {
        const opening =
          c.opening === null
            ? null
            : clipOpening(
                redactReferences(redactText(c.opening, [...nameVariants(c.customerName), ...staff])),
              );
        const key = `${c.teamId}:${c.topic ?? ""}`;
        const words = opening === null ? null : situationWords(opening);
        // The same words ("Hello?") or the same situation in other words.
        const group =
          opening === null || words === null
            ? undefined
            : groups.find(
                (g) =>
                  g.key === key &&
                  (g.openings.includes(opening) || g.words.some((w) => sameSituation(w, words))),
              );
        if (group !== undefined && opening !== null && words !== null) {
          group.shown.similar++;
          group.openings.push(opening);
          group.words.push(words);
          continue;
        }
        groups.push({
          key,
          openings: opening === null ? [] : [opening],
          words: words === null ? [] : [words],
          shown: {
            conversationId: c.conversationId,
            teamId: c.teamId,
            topic: c.topic,
            opening,
            customerEmotion: c.customerEmotion,
            messageCount: c.messageCount,
            peakRisk: c.peakRisk,
            escalated: c.escalated,
            closedAt: c.closedAt !== null ? new Date(c.closedAt).toISOString() : null,
            similar: 0,
          },
        });
      }
      return { candidates: groups.slice(0, CANDIDATES_SHOWN).map((g) => g.shown) };
    },
  });

  register({
    method: "POST",
    url: "/practice/scenarios",
    summary:
      "Make a closed conversation of the team into an anonymised practice scenario (a lead of the team)",
    tag: "practice",
    auth: "person",
    schemas: { body: createScenarioBodySchema },
    response: practiceScenarioResponseSchema,
    status: 201,
    handler: async ({ principal, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, body.conversationId);
      assertLead(principal, c.teamId);
      if (c.status !== "closed")
        throw invalidState("The conversation is still open: a scenario is made from a closed conversation");
      const [transcript, people] = await Promise.all([
        loadAnalysedTranscript(ctx, ctx.store, c),
        listPeople(ctx.store, { orgId: principal.orgId }),
      ]);
      // Every name the server knows: the customer's, each writer's as the channel gave it, the team's.
      const known = [
        ...nameVariants(c.customerName),
        ...transcript.records.flatMap((r) => nameVariants(r.authorName)),
        ...people.flatMap((x) => nameVariants(x.displayName)),
      ];
      let built;
      try {
        built = buildScenario({
          messages: transcript.messages,
          analyses: transcript.analyses,
          topic: c.topic,
          redact: (text) => redactReferences(redactText(text, known)),
        });
      } catch (error) {
        if (error instanceof ScenarioSourceError) throw invalidState(`No scenario: ${error.message}`);
        throw error;
      }
      let scenario: PracticeScenarioRecord;
      try {
        scenario = await runCommand(ctx, async (tx) => {
          const created = await createPracticeScenario(tx, {
            orgId: principal.orgId,
            teamId: c.teamId,
            sourceConversationId: c.id,
            createdBy: principal.personId,
            title: built.title,
            topic: c.topic,
            persona: built.persona as unknown as JsonValue,
            rootCause: built.rootCause,
            goodReply: built.goodReply,
            customerLines: built.lines as unknown as JsonValue,
            closing: built.closing,
          });
          return {
            result: created,
            events: [],
            // Training material copied from a customer's conversation: who made it, from which.
            audit: [
              auditEntry(principal, "practice_scenario.created", "conversation", c.id, request.id, {
                scenarioId: created.id,
              }),
            ],
          };
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError("CONFLICT", "This conversation is already a practice scenario");
        throw error;
      }
      return { scenario: presentScenario(principal, scenario, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "GET",
    url: "/practice/scenarios",
    summary: "Practice scenarios of my teams (every teammate may practise them)",
    tag: "practice",
    auth: "person",
    schemas: { query: practiceTeamQuerySchema },
    response: practiceScenariosResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = scopeTeams(principal, query.teamId);
      const scenarios = await listPracticeScenarios(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
      });
      const names = await nameMap(ctx, principal.orgId);
      return { scenarios: scenarios.map((s) => presentScenario(principal, s, names)) };
    },
  });

  register({
    method: "GET",
    url: "/practice/scenarios/:id",
    summary: "One practice scenario (its team); its customer lines and source for the team's leads",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: practiceScenarioResponseSchema,
    handler: async ({ principal, params }) => {
      const s = await loadReadableScenario(ctx.store, principal, params.id);
      return { scenario: presentScenario(principal, s, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "DELETE",
    url: "/practice/scenarios/:id",
    summary:
      "Remove a practice scenario of the team, and the drills played on it (a lead of the team): made by mistake, a duplicate, or with something in it that should not be",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: removedScenarioResponseSchema,
    handler: async ({ principal, params, request }) => {
      const s = await loadReadableScenario(ctx.store, principal, params.id);
      assertLead(principal, s.teamId);
      const removed = await runCommand(ctx, async (tx) => {
        const gone = await deletePracticeScenario(tx, principal.orgId, s.id);
        if (gone === null) throw notFound("scenario");
        return {
          result: gone,
          events: [],
          audit: [
            // Like its making: the conversation it came from (the team's, once that is erased).
            s.sourceConversationId !== null
              ? auditEntry(
                  principal,
                  "practice_scenario.removed",
                  "conversation",
                  s.sourceConversationId,
                  request.id,
                  { scenarioId: s.id, drills: gone.drills },
                )
              : auditEntry(principal, "practice_scenario.removed", "team", s.teamId, request.id, {
                  scenarioId: s.id,
                  drills: gone.drills,
                }),
          ],
        };
      });
      return { removed: { scenarioId: s.id, drills: removed.drills } };
    },
  });

  register({
    method: "POST",
    url: "/practice/sessions",
    summary:
      "Start a drill on a scenario of my team: the simulated customer opens, or (partnerId) a teammate plays the customer; a swap (swapOf) of a drill already swapped answers the drill that swap made",
    tag: "practice",
    auth: "person",
    schemas: { body: startPracticeBodySchema },
    response: practiceSessionResponseSchema,
    status: 201,
    handler: async ({ principal, body }) => {
      const scenario = await loadReadableScenario(ctx.store, principal, body.scenarioId);
      const issues: { path: string[]; message: string; code: "custom" }[] = [];
      const issue = (field: string, message: string) =>
        issues.push({ path: ["body", field], message, code: "custom" });
      if (body.play !== undefined && body.partnerId === undefined)
        issue("play", "a part is chosen only with a partnerId");
      if (body.swapOf !== undefined && body.partnerId === undefined)
        issue("swapOf", "a swap names the partner too (partnerId)");
      let players = { traineeId: principal.personId, customerPlayerId: null as string | null };
      let turns: JsonValue = [];
      if (body.partnerId !== undefined) {
        const partner = await findPersonById(ctx.store, principal.orgId, body.partnerId);
        if (
          partner === null ||
          partner.id === principal.personId ||
          !partner.teamIds.includes(scenario.teamId)
        )
          issue("partnerId", "the partner must be another member of the scenario's team");
        players =
          body.play === "customer"
            ? { traineeId: body.partnerId, customerPlayerId: principal.personId }
            : { traineeId: principal.personId, customerPlayerId: body.partnerId };
        if (body.swapOf !== undefined) {
          const before = await findPracticeSession(ctx.store, principal.orgId, body.swapOf);
          if (before === null || before.mode !== "pair" || !isPlayer(principal, before))
            issue("swapOf", "must be a pair drill you played in");
          else {
            if (before.status === "active") issue("swapOf", "must be over before the roles swap");
            if (before.scenarioId !== scenario.id) issue("swapOf", "must be a drill on the same scenario");
            const other =
              before.traineeId === principal.personId ? before.customerPlayerId : before.traineeId;
            if (other !== body.partnerId) issue("partnerId", "must be your partner in the drill you swap");
            if (before.traineeId === players.traineeId)
              issue("play", "must be the part you did not play in the drill you swap");
          }
        }
      }
      if (issues.length > 0) throw validationFailed(issues);
      if (body.partnerId === undefined) {
        const engine = await drillEngine(ctx, ctx.store, principal.orgId, scenario.teamId);
        turns = storedOutcome(playDrill(drillScenarioOf(scenario), [], engine)).turns;
      }
      const swapOf = body.swapOf;
      const session = await runCommand(ctx, async (tx) => {
        if (swapOf !== undefined && players.customerPlayerId !== null) {
          // One swap per drill: when both players press "Swap roles" at once, the second gets the
          // first's drill (the same players in the same parts, as the checks above make sure), and
          // nobody hears of it twice.
          const swap = await startSwappedPracticeSession(tx, {
            orgId: principal.orgId,
            teamId: scenario.teamId,
            scenarioId: scenario.id,
            traineeId: players.traineeId,
            customerPlayerId: players.customerPlayerId,
            swapOf,
            turns,
          });
          if (
            !swap.created &&
            (swap.session.traineeId !== players.traineeId ||
              swap.session.customerPlayerId !== players.customerPlayerId)
          )
            throw new AppError("CONFLICT", "This drill was already played again with the parts swapped");
          return {
            result: swap.session,
            events: swap.created
              ? drillEvents(swap.session, "drill.roles_swapped", principal.personId, {
                  previousSessionId: swapOf,
                })
              : [],
          };
        }
        const created = await createPracticeSession(tx, {
          orgId: principal.orgId,
          teamId: scenario.teamId,
          scenarioId: scenario.id,
          ...players,
          turns,
        });
        return {
          result: created,
          // Both players hear of a pair drill (the partner's page offers to join it); a solo drill
          // is the trainee's alone and needs no event.
          events:
            created.mode !== "pair" ? [] : drillEvents(created, "drill.partner_joined", principal.personId),
        };
      });
      return presentOne(principal, session);
    },
  });

  register({
    method: "GET",
    url: "/practice/sessions",
    summary: "Drill sessions: my own (agents, or traineeId=me), or my teams' (leads, admins), newest first",
    tag: "practice",
    auth: "person",
    schemas: { query: listPracticeSessionsQuerySchema },
    response: practiceSessionsResponseSchema,
    handler: async ({ principal, query }) => {
      const scenario = query.scenarioId !== undefined ? { scenarioId: query.scenarioId } : {};
      let sessions: PracticeSessionRecord[];
      if (principal.role === "agent" || query.traineeId === principal.personId) {
        if (query.traineeId !== undefined && query.traineeId !== principal.personId)
          throw forbidden("Agents see their own drill sessions only");
        if (query.teamId !== undefined && !canFilterByTeam(principal, query.teamId)) throw notFound("team");
        sessions = await listPracticeSessions(ctx.store, {
          orgId: principal.orgId,
          traineeId: principal.personId,
          ...(query.teamId !== undefined ? { teamIds: [query.teamId] } : {}),
          ...scenario,
        });
      } else {
        const teamIds = ledTeams(principal, query.teamId);
        sessions = await listPracticeSessions(ctx.store, {
          orgId: principal.orgId,
          ...(teamIds !== undefined ? { teamIds } : {}),
          ...(query.traineeId !== undefined ? { traineeId: query.traineeId } : {}),
          ...scenario,
        });
      }
      return { sessions: await present(principal, sessions) };
    },
  });

  register({
    method: "GET",
    url: "/practice/sessions/:id",
    summary: "One drill session with the engine's reading of each reply (its trainee and the team's leads)",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: practiceSessionResponseSchema,
    handler: async ({ principal, params }) => {
      const s = await findPracticeSession(ctx.store, principal.orgId, params.id);
      if (s === null || !canReadSession(principal, s)) throw notFound("practice session");
      return presentOne(principal, s);
    },
  });

  /** Replays the drill with `replies` under the session's lock and stores it (its trainee only). */
  const advance = async (
    p: Principal,
    id: string,
    next: (s: PracticeSessionRecord) => { replies: string[]; ended: boolean },
  ) => {
    const saved = await runCommand(ctx, async (tx) => {
      const s = await findPracticeSession(tx, p.orgId, id, { forUpdate: true });
      if (s === null || !canReadSession(p, s)) throw notFound("practice session");
      if (s.traineeId !== p.personId) throw forbidden("Only the trainee replies in their drill");
      assertRunning(s);
      if (s.mode === "pair")
        throw invalidState("In a pair drill, each player writes their lines (POST …/lines)");
      const scenario = await findPracticeScenario(tx, p.orgId, s.scenarioId);
      if (scenario === null) throw notFound("scenario");
      const { replies, ended } = next(s);
      const outcome = playDrill(
        drillScenarioOf(scenario),
        replies,
        await drillEngine(ctx, tx, p.orgId, s.teamId),
        {
          ended,
        },
      );
      const stored = storedOutcome(outcome);
      const result = await updatePracticeSession(tx, {
        orgId: p.orgId,
        id: s.id,
        status: outcome.status,
        replies,
        turns: stored.turns,
        score: stored.score,
        overall: stored.overall,
      });
      if (result === null) throw notFound("practice session");
      return { result, events: [] };
    });
    return presentOne(p, saved);
  };

  /** A pair drill's next line, or its end, under the session's lock (its players only). */
  const writePair = async (
    p: Principal,
    id: string,
    action: { line: string } | { end: "ended" | "satisfied" | "walked_away" },
  ) => {
    const saved = await runCommand(ctx, async (tx) => {
      const s = await findPracticeSession(tx, p.orgId, id, { forUpdate: true });
      if (s === null || !canReadSession(p, s)) throw notFound("practice session");
      if (!isPlayer(p, s)) throw forbidden("Only the players write in a drill");
      if (s.mode !== "pair") throw invalidState("A solo drill takes replies (POST …/replies)");
      assertRunning(s);
      const role = s.traineeId === p.personId ? "agent" : "customer";
      if ("end" in action && action.end !== "ended" && role !== "customer")
        throw forbidden("Only the customer's player says how it ended for the customer");
      const scenario = await findPracticeScenario(tx, p.orgId, s.scenarioId);
      if (scenario === null) throw notFound("scenario");
      const drill = drillScenarioOf(scenario);
      const engine = await drillEngine(ctx, tx, p.orgId, s.teamId);
      let lines = pairLines(s);
      if ("line" in action) {
        const before = readPair(drill, lines, engine);
        if (before.next !== role) throw invalidState(`It is the ${before.next}'s turn`);
        lines = [...lines, { role, text: action.line }];
      }
      const read = readPair(drill, lines, engine);
      const status =
        "end" in action ? action.end : role === "agent" && read.outOfReplies ? "max_turns" : "active";
      const score = status === "active" ? null : scoreOf(scorePair(read), read.turns);
      const result = await updatePracticeSession(tx, {
        orgId: p.orgId,
        id: s.id,
        status,
        replies: lines.filter((l) => l.role === "agent").map((l) => l.text),
        turns: read.turns as unknown as JsonValue,
        score: score as unknown as JsonValue,
        overall: score?.overall ?? null,
      });
      if (result === null) throw notFound("practice session");
      // The partner's page refetches the session on these (a line, then the score once it is over),
      // and so does a watching lead's.
      return {
        result,
        events: [
          ...("line" in action ? drillEvents(result, "drill.line_said", p.personId) : []),
          ...(status !== "active" ? drillEvents(result, "drill.ended", p.personId) : []),
        ],
        hints: (appended) => watcherHints(result, appended),
      };
    });
    return presentOne(p, saved);
  };

  register({
    method: "POST",
    url: "/practice/sessions/:id/replies",
    summary: "Reply in my drill: the engine reads the reply and the simulated customer answers",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema, body: practiceReplyBodySchema },
    response: practiceSessionResponseSchema,
    handler: async ({ principal, params, body }) =>
      advance(principal, params.id, (s) => ({ replies: [...s.replies, body.text], ended: false })),
  });

  register({
    method: "POST",
    url: "/practice/sessions/:id/end",
    summary:
      "End my drill now, scored on the lines so far (in a pair drill either player; the customer's may say it ended satisfied or walked away)",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema, body: endPracticeBodySchema },
    response: practiceSessionResponseSchema,
    handler: async ({ principal, params, body }) => {
      const s = await findPracticeSession(ctx.store, principal.orgId, params.id);
      if (s === null || !canReadSession(principal, s)) throw notFound("practice session");
      if (s.mode === "pair") return writePair(principal, params.id, { end: body?.outcome ?? "ended" });
      if (body?.outcome !== undefined)
        throw validationFailed([
          {
            path: ["body", "outcome"],
            message: "only the customer's player in a pair drill says how it ended",
            code: "custom",
          },
        ]);
      return advance(principal, params.id, (x) => ({ replies: x.replies, ended: true }));
    },
  });

  register({
    method: "POST",
    url: "/practice/sessions/:id/lines",
    summary: "Write my line in a pair drill, on my turn (the agent's lines are read by the engine)",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema, body: practiceLineBodySchema },
    response: practiceSessionResponseSchema,
    handler: async ({ principal, params, body }) => writePair(principal, params.id, { line: body.text }),
  });

  register({
    method: "POST",
    url: "/practice/sessions/:id/review",
    summary:
      "Comment on a finished drill (a lead of the team); the feedback checker flags judgements of the person",
    tag: "practice",
    auth: "person",
    schemas: { params: idParamsSchema, body: reviewPracticeBodySchema },
    response: practiceSessionResponseSchema,
    handler: async ({ principal, params, body }) => {
      const s = await findPracticeSession(ctx.store, principal.orgId, params.id);
      if (s === null || !canReadSession(principal, s)) throw notFound("practice session");
      if (isPlayer(principal, s)) throw forbidden("A drill you played in is reviewed by another lead");
      assertLead(principal, s.teamId);
      if (s.status === "active") throw invalidState("The drill is still running: comment once it is over");
      const check = checkFeedback(body.comment);
      const saved = await runCommand(ctx, async (tx) => {
        const result = await reviewPracticeSession(tx, {
          orgId: principal.orgId,
          id: s.id,
          reviewedBy: principal.personId,
          comment: body.comment,
          check: check as unknown as JsonValue,
        });
        if (result === null) throw notFound("practice session");
        // The players read the comment; the lead's other pages show it too.
        return {
          result,
          events: drillEvents(result, "drill.commented", principal.personId, { also: principal.personId }),
        };
      });
      return presentOne(principal, saved);
    },
  });
}
