import type { HuddleAction, HuddleAgenda } from "../../protocol/huddles.ts";
import {
  countHardConversationsByAgent,
  countShiftKnowledgeGaps,
  findLines,
  findLinesBefore,
  listConversationSteps,
  listGapQuestionsByTopic,
  listHuddleActions,
  listPeople,
  findHardestEndedConversation,
  findEndedShiftConversation,
  listEndedHardConversations,
  HARD_LINE_RISK,
  listShiftConversations,
  listShiftCues,
  listShiftIncidents,
  type HuddleActionRecord,
  type PersonRecord,
  type Queryable,
  type ShiftConversation,
  type ShiftCue,
  type ShiftWindow,
} from "../../store/index.ts";
import { clearestGapTitle, gapTitle } from "../../engine/knowledge/gapTitle.ts";
import type { Principal } from "../auth/principal.ts";
import { nameVariants, redactReferences, redactText } from "../loop2/redaction.ts";
import { isLeadOf } from "../policies.ts";

/*
 * The buddy-boost routine's agendas (docs/ARCHITECTURE.md, "Huddles"), made from the team's shift:
 *
 * - warm-up (before the shift, five minutes in pairs): the hardest conversation of the past week
 *   (up to now, on a day under way) that has ended, its agent not named, where it peaked, what happened, and two quick wins — the
 *   moves that answer the cues it showed;
 * - check-in (mid-shift, pairs rotated): for the reader, one observation from their own
 *   conversations so far and one tip from what worked for them; for leads, who has had several
 *   hard conversations in the last two hours (someone to check on);
 * - wrap-up (after the shift): the top three patterns of the shift, each with a procedure update to
 *   write and, once a lead names one, its champion.
 */

/** A line at or above this risk makes a conversation hard. */
export const HARD_RISK = HARD_LINE_RISK;
/** How far back the warm-up looks for a hard conversation that has ended. */
export const WARM_UP_LOOKBACK_DAYS = 7;
const DAY_MS = 24 * 3_600_000;
export const WARM_UP_LOOKBACK_MS = WARM_UP_LOOKBACK_DAYS * DAY_MS;
/** The days before a warm-up whose picks it works out again, so as not to show one of theirs. */
const WARM_UP_REPLAY_DAYS = 2 * WARM_UP_LOOKBACK_DAYS;
/** How far back the conversations a warm-up chooses from (and those of the days it replays) ended. */
const WARM_UP_HISTORY_DAYS = WARM_UP_REPLAY_DAYS + WARM_UP_LOOKBACK_DAYS;

/**
 * The conversation a warm-up shows, from the team's hard conversations that ended before its shift
 * (`since`), so that day after day it shows another. It showed the week's hardest, the same one for
 * seven days running. A day shows the hardest that ended in the 24 hours before it (each ends once,
 * so never one another day showed that way); a day when none did, the week's hardest that no day of
 * the week before it showed, worked out again for the two weeks before (the same for every reader,
 * with nothing stored); when every one of them was shown, the one shown longest ago.
 * `candidates` must hold, for each day, at least its `WARM_UP_LOOKBACK_DAYS + 1` hardest.
 */
export function warmUpPick(
  candidates: readonly { id: string; endedAt: number; peakRisk: number }[],
  since: number,
): string | null {
  const hardest = [...candidates].sort((a, b) => b.peakRisk - a.peakRisk || a.id.localeCompare(b.id));
  const endedIn = (from: number, to: number) => hardest.filter((c) => c.endedAt >= from && c.endedAt < to);
  const picks = new Map<number, string | null>();
  for (let daysBefore = WARM_UP_REPLAY_DAYS; daysBefore >= 0; daysBefore--) {
    const start = since - daysBefore * DAY_MS;
    const yesterday = endedIn(start - DAY_MS, start)[0];
    if (yesterday !== undefined) {
      picks.set(daysBefore, yesterday.id);
      continue;
    }
    // How many days ago each was last shown, in the week before this day.
    const shownAgo = new Map<string, number>();
    for (let d = daysBefore + WARM_UP_LOOKBACK_DAYS; d > daysBefore; d--) {
      const id = picks.get(d);
      if (id !== undefined && id !== null) shownAgo.set(id, d - daysBefore);
    }
    const week = endedIn(start - WARM_UP_LOOKBACK_MS, start);
    const unseen = week.find((c) => !shownAgo.has(c.id));
    // Every one of them was shown: the one shown longest ago.
    const longestAgo = [...week].sort((a, b) => (shownAgo.get(b.id) ?? 0) - (shownAgo.get(a.id) ?? 0))[0];
    picks.set(daysBefore, (unseen ?? longestAgo)?.id ?? null);
  }
  return picks.get(0) ?? null;
}
/** The check-in's "lately", and how many hard conversations in it make someone worth checking on. */
export const CHECK_ON_WINDOW_MS = 2 * 3_600_000;
export const CHECK_ON_HARD_CONVERSATIONS = 2;
/** A pattern shows in at least this many conversations of the shift. */
export const PATTERN_MIN_CONVERSATIONS = 2;

const AGENT_CUES: Record<string, { label: string; quickWin: string; update: (topic: string) => string }> = {
  filler: {
    label: "Answers padded with filler words",
    quickWin: "Lead with the answer itself; the “um, so, basically” run-up makes it sound unsure.",
    update: (t) => `Two-line answers to the commonest ${t}questions, answer first`,
  },
  apology: {
    label: "Apologies standing in for action",
    quickWin: "Apologise once, then say what you will do and by when.",
    update: (t) => `An opener for ${t}complaints: one apology, then the next step`,
  },
  repeated_apology: {
    label: "The same apology, again and again",
    quickWin: "One apology is enough: follow it with what happens next and when.",
    update: (t) => `An opener for ${t}complaints: one apology, then the next step`,
  },
  hedging: {
    label: "Hedged answers (“I think”, “maybe”)",
    quickWin: "Say what you know plainly, and how and when you will confirm the rest.",
    update: (t) => `An answer sheet for the ${t}questions agents hedged on`,
  },
  vague_answer: {
    label: "Answers without a specific",
    quickWin: "Give one specific: a date, an amount, or the name of the next step.",
    update: (t) => `The dates, amounts and steps to quote for ${t}cases`,
  },
  redundant_clarification: {
    label: "Asking for details the customer had already given",
    quickWin: "Read back what the customer already told you before asking for anything new.",
    update: () => "A read-back step before asking a customer for details",
  },
  defensiveness: {
    label: "Defending instead of solving",
    quickWin: "Leave out whose fault it was; name the problem as one you will solve together.",
    update: (t) => `What to say when a ${t}customer blames us, as a shared goal`,
  },
  blame_coworker: {
    // Since CUE-BLAME-1 the courier, the system and IT count too: to the customer it is all us.
    label: "Blaming someone else in front of the customer",
    quickWin: "Talk about the fix, not whose fault it was: “Let me put right what went wrong there.”",
    update: () => "How to own a colleague's, a courier's or the system's mistake in front of the customer",
  },
  jargon: {
    label: "Internal jargon",
    quickWin: "Use the customer's own words for the thing, not the team's.",
    update: (t) => `Plain words for the internal terms used in ${t}conversations`,
  },
  long_gap: {
    label: "Long silences while the customer waited",
    quickWin: "While you look something up, say what you are checking and how long it will take.",
    update: () => "Holding lines to send while looking something up",
  },
  // CUE-RESEND-1: the same reply sent again (a canned line, an answer pasted twice).
  repeated_reply: {
    label: "The same reply sent twice",
    quickWin: "Before sending a saved reply again, answer what the customer just wrote, in their words.",
    update: (t) => `Saved replies for ${t}cases, each with a line to fit it to what the customer asked`,
  },
  hold: {
    label: "Holds without a reason or a time",
    quickWin: "Before a hold, say why and for how long, and come back before that time is up.",
    update: () => "How to put a customer on hold: reason, time, return",
  },
};

const CUSTOMER_CUES: Record<string, { label: string; quickWin: string; update: (topic: string) => string }> =
  {
    frustration: {
      label: "Frustrated customers",
      quickWin: "Mirror the customer's own words back before solving, so they know it landed.",
      update: (t) => `The first two lines to say to a frustrated ${t}customer`,
    },
    anger: {
      label: "Angry customers",
      quickWin: "Slow down, acknowledge the anger in a sentence, then offer one concrete step.",
      update: (t) => `How to answer an angry ${t}customer, and when to bring in a lead`,
    },
    confusion: {
      label: "Confused customers",
      quickWin: "Check understanding with one open question, then explain in the customer's terms.",
      update: (t) => `A plain-words explanation of ${t}cases to say or paste`,
    },
    repetition: {
      label: "Customers repeating themselves (not heard)",
      quickWin: "When a customer repeats something, paraphrase it back before answering.",
      update: () => "A paraphrase step when a customer repeats themself",
    },
    waiting: {
      label: "Customers left waiting",
      quickWin: "Update a waiting customer every 10–15 minutes, even with no news.",
      update: () => "Wording for updates every 10–15 minutes while a customer waits",
    },
    churn_threat: {
      label: "Customers threatening to leave",
      quickWin: "Ask what would make them stay, and say what you can offer before they go.",
      update: (t) => `What the team can offer a ${t}customer about to leave`,
    },
    legal_threat: {
      label: "Customers mentioning legal action",
      quickWin: "Stay calm and factual, and bring in a lead as the protocol says.",
      update: () => "What to say, and whom to tell, when a customer mentions legal action",
    },
    asks_manager: {
      label: "Customers asking for a manager",
      quickWin: "Offer the authority they ask for early, with a summary so they need not repeat.",
      update: () => "When to bring in a lead, and the handover summary to give them",
    },
  };

const ROOT_CAUSES: Record<string, { label: string; update: (topic: string) => string }> = {
  knowledge_gap: {
    label: "Agents missing the facts",
    update: (t) => `Add the missing ${t}facts to the knowledge base`,
  },
  stress: {
    label: "Signs of stress after a run of hard conversations",
    update: () => "A cover plan: when and how to hand off after a run of hard conversations",
  },
  language_barrier: {
    label: "Language getting in the way",
    update: () => "Plain-English phrasing and the translation options we have",
  },
  power_imbalance: {
    label: "A tone that was too formal or too casual",
    update: () => "A short tone guide: warm, plain, not stiff",
  },
  unclear_expectations: {
    label: "Customers unsure what happens next",
    update: (t) => `Close every ${t}contact with what happens next and by when`,
  },
  policy_dispute: {
    label: "Customers disputing a policy",
    update: (t) => `The ${t}policy and the reason for it, in two sentences`,
  },
  billing_error: {
    label: "Billing errors",
    update: () => "Steps to check and put right a billing error in one contact",
  },
  system_malfunction: {
    label: "Something not working on our side",
    update: () => "A status note and a workaround agents can give while it is fixed",
  },
};

/** The procedure update a pattern suggests, by its key, as the agenda words it now. */
function updateWording(pattern: string): ((subject: string) => string) | undefined {
  const at = pattern.indexOf(":");
  const kind = pattern.slice(0, at);
  const name = pattern.slice(at + 1);
  if (kind === "cue") return (AGENT_CUES[name] ?? CUSTOMER_CUES[name])?.update;
  if (kind === "cause") return ROOT_CAUSES[name]?.update;
  if (kind === "gaps") return (question) => `Answer “${question}” in the knowledge base`;
  if (kind === "incident") return (label) => `Status wording and a workaround for “${label}”`;
  return undefined;
}

/**
 * Suggested updates the agenda worded differently before. A champion's update is stored as the
 * lead saved it; one saved as suggested is the product's wording, not the lead's, so it is shown
 * in today's (a week-old "How to own a colleague's mistake…" beside today's new wording read as two
 * different updates). When a suggestion's wording changes, its old form goes here.
 */
const RETIRED_UPDATES: Record<string, ((subject: string) => string)[]> = {
  // 38bb178: since CUE-BLAME-1 a courier or the system counts too.
  "cue:blame_coworker": [() => "How to own a colleague's mistake in front of the customer"],
};
/** 548a4c1: a gap pattern names the customers' question, not the key words it is grouped by. */
const RETIRED_GAP_UPDATE = (topic: string) => `Answer the open ${topic} questions in the knowledge base`;

const SUBJECT_MARK = "\u0000";

/** The subject a wording was filled with to give `title` ("" for a fixed wording), or null. */
function subjectIn(title: string, wording: (subject: string) => string): string | null {
  const shape = wording(SUBJECT_MARK);
  const at = shape.indexOf(SUBJECT_MARK);
  if (at < 0) return title === shape ? "" : null;
  const before = shape.slice(0, at);
  const after = shape.slice(at + SUBJECT_MARK.length);
  if (title.length < before.length + after.length || !title.startsWith(before) || !title.endsWith(after))
    return null;
  return title.slice(before.length, title.length - after.length);
}

/** A gap pattern's update saved in its old wording, which named the key words `topic`. */
function retiredGapTopic(pattern: string, title: string): string | null {
  if (!pattern.startsWith("gaps:")) return null;
  const topic = pattern.slice("gaps:".length);
  return subjectIn(title, RETIRED_GAP_UPDATE) === topic ? topic : null;
}

/**
 * A champion's update in the agenda's current wording: saved as suggested in a wording since
 * retired, it reads as today's suggestion for the same subject; a lead's own words stay as
 * written. `gapQuestion` titles a gap pattern's topic by its customers' clearest question (the old
 * wording named only the key words); without one, the old wording stays.
 */
export function updateInCurrentWording(
  pattern: string,
  title: string,
  gapQuestion: (topic: string) => string | null = () => null,
): string {
  const current = updateWording(pattern);
  if (current === undefined || subjectIn(title, current) !== null) return title;
  const topic = retiredGapTopic(pattern, title);
  if (topic !== null) {
    const question = gapQuestion(topic);
    return question === null ? title : current(question);
  }
  for (const retired of RETIRED_UPDATES[pattern] ?? []) {
    const subject = subjectIn(title, retired);
    if (subject !== null) return current(subject);
  }
  return title;
}

/**
 * The titles of champions' updates as the agenda shows them (`updateInCurrentWording`), by the
 * action's id; a gap pattern's question is looked up in the team's gaps and redacted as the
 * agenda's quotes are.
 */
export async function currentUpdateTitles(
  db: Queryable,
  actions: readonly HuddleActionRecord[],
  redact: (text: string) => string,
): Promise<Map<string, string>> {
  const byTeam = new Map<string, { orgId: string; topics: Set<string> }>();
  for (const a of actions) {
    const topic = retiredGapTopic(a.pattern, a.title);
    if (topic === null) continue;
    const team = byTeam.get(a.teamId) ?? { orgId: a.orgId, topics: new Set<string>() };
    team.topics.add(topic);
    byTeam.set(a.teamId, team);
  }
  const questions = new Map<string, string | null>();
  for (const [teamId, { orgId, topics }] of byTeam) {
    const asked = await listGapQuestionsByTopic(db, { orgId, teamId, topics: [...topics] });
    for (const [topic, list] of asked)
      questions.set(`${teamId} ${topic}`, clearestGapTitle(list.map(redact)));
  }
  return new Map(
    actions.map((a) => [
      a.id,
      updateInCurrentWording(a.pattern, a.title, (topic) => questions.get(`${a.teamId} ${topic}`) ?? null),
    ]),
  );
}

const STEP_WORDS: Record<string, (state: string) => string> = {
  signal: () => "a teammate signalled support",
  whisper: () => "a teammate whispered a suggestion",
  takeover_offer: (s) =>
    s === "accepted"
      ? "a teammate took over with the agent's consent"
      : s === "declined"
        ? "the agent declined an offer to take over"
        : "a teammate offered to take over",
  warm_transfer: () => "it was handed over with a summary",
  escalation: () => "it was escalated to a lead",
  raise_hand: () => "the agent raised a hand for help",
};

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const topicPart = (topic: string | null | undefined): string => (topic ? `${topic} ` : "");
const words = (kind: string): string => kind.replaceAll("_", " ");

/**
 * Pairs for a round of the circle method: everyone meets everyone over n−1 rounds, so the pairs
 * change from day to day and from warm-up to check-in. An odd one out joins the last pair.
 */
export function rotatePairs<T>(people: readonly T[], round: number): T[][] {
  if (people.length < 2) return people.length === 1 ? [[people[0] as T]] : [];
  const odd = people.length % 2 === 1;
  const seats: (T | null)[] = odd ? [...people, null] : [...people];
  const n = seats.length;
  const r = ((round % (n - 1)) + (n - 1)) % (n - 1);
  const rest = seats.slice(1);
  const turned = [...rest.slice(rest.length - r), ...rest.slice(0, rest.length - r)];
  const order = [seats[0] ?? null, ...turned];
  const pairs: T[][] = [];
  let spare: T | null = null;
  for (let i = 0; i < n / 2; i++) {
    const a = order[i] ?? null;
    const b = order[n - 1 - i] ?? null;
    if (a === null || b === null) spare = a ?? b;
    else pairs.push([a, b]);
  }
  if (spare !== null) {
    const last = pairs.at(-1);
    if (last === undefined) pairs.push([spare]);
    else last.push(spare);
  }
  return pairs;
}

/** Days since the epoch of a YYYY-MM-DD date: the round of the day's pairs. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

interface Candidate {
  key: string;
  label: string;
  conversations: Set<string>;
  topics: Map<string, number>;
  example: { conversationId: string; position: number } | null;
  /** A line to quote when there is no stored line to point at (a knowledge gap's question, an incident's report). */
  quote: string | null;
  update: string;
  /** Ties go to the kinds a team can act on most directly. */
  rank: number;
}

export interface AgendaInput {
  db: Queryable;
  principal: Principal;
  orgId: string;
  teamId: string;
  date: string;
  since: number;
  until: number;
  now: number;
}

export async function buildAgenda(input: AgendaInput): Promise<HuddleAgenda> {
  const { db, principal, orgId, teamId } = input;
  const lead = isLeadOf(principal, teamId);
  const everyone = await listPeople(db, { orgId });
  const staffNames = everyone.flatMap((p) => nameVariants(p.displayName));
  const members = everyone
    .filter((p) => p.deactivatedAt === null && p.teamIds.includes(teamId) && p.role !== "admin")
    .sort((a, b) => a.id.localeCompare(b.id));
  const ref = (p: PersonRecord) => ({ id: p.id, name: p.displayName });
  const names = new Map(everyone.map((p) => [p.id, p.displayName]));
  const round = dayNumber(input.date);
  const shift: ShiftWindow = { orgId, teamId, since: input.since, until: input.until };
  // Huddle quotes are training material shown to the whole team: an order number leads back to
  // one customer in the shop's own systems, so it goes like a name (as in practice drills). Whoever
  // needs the order opens the conversation, which stays linked for its lead and agent.
  const redact = (text: string, customerName: string | null) =>
    redactReferences(redactText(text, [...nameVariants(customerName), ...staffNames]));

  // -- warm-up: the hardest conversation of the past week that has ended -------------------------
  // Up to now when the day is under way (the warm-up of a shift that began an hour ago, or a first
  // day with nothing before it), never past the day's end.
  const lookedSince = input.since - WARM_UP_LOOKBACK_MS;
  const lookedUntil = Math.max(input.since, Math.min(input.until, input.now));
  // One a day, not the week's hardest every day of the week (warmUpPick).
  const ended = await listEndedHardConversations(
    db,
    { orgId, teamId, since: input.since - WARM_UP_HISTORY_DAYS * DAY_MS, until: input.since },
    WARM_UP_LOOKBACK_DAYS + 1,
  );
  const picked = warmUpPick(ended, input.since);
  const hard =
    picked !== null
      ? await findEndedShiftConversation(
          db,
          { orgId, teamId, since: input.since - WARM_UP_HISTORY_DAYS * DAY_MS, until: input.since },
          picked,
        )
      : // Nothing ended before the shift (a first day): the day's own so far.
        await findHardestEndedConversation(db, { orgId, teamId, since: lookedSince, until: lookedUntil });
  let hardConversation: HuddleAgenda["warmUp"]["hardConversation"] = null;
  if (hard !== null) {
    const [peakLines, steps, cues] = await Promise.all([
      findLinesBefore(db, orgId, hard.id, hard.peakPosition, 2),
      listConversationSteps(db, orgId, hard.id),
      listShiftCues(db, { orgId, teamId, since: lookedSince, until: lookedUntil }, hard.id),
    ]);
    hardConversation = {
      conversationId: lead || hard.agentId === principal.personId ? hard.id : null,
      topic: hard.topic,
      channel: hard.channel,
      peakRisk: hard.peakRisk,
      finalRisk: hard.risk,
      rootCause: hard.rootCause,
      peak: peakLines
        .filter((l) => l.role === "customer" || l.role === "agent")
        .map((l) => ({ role: l.role as "customer" | "agent", text: redact(l.text, hard.customerName) })),
      outcome: outcomeOf(hard, steps),
      quickWins: quickWinsOf(cues),
    };
  }

  // -- check-in: my shift so far, and (leads) who to check on ---------------------------------------
  const soFar = Math.min(input.until, Math.max(input.since + 1, input.now));
  // The reader's own conversations and their cues only: nobody else's are shown to them.
  const [myConversations, myCues] = await Promise.all([
    listShiftConversations(db, { ...shift, until: soFar }, null, principal.personId),
    listShiftCues(db, { ...shift, until: soFar }, undefined, principal.personId),
  ]);
  const mine = myShift(principal.personId, myConversations, myCues, input.now >= input.until);
  let checkOn: HuddleAgenda["checkIn"]["checkOn"] = [];
  if (lead) {
    const lately = Math.max(input.since, soFar - CHECK_ON_WINDOW_MS);
    // Counted from the window's hard lines (HARD_RISK is the store's HARD_LINE_RISK).
    const perAgent = await countHardConversationsByAgent(db, { ...shift, since: lately, until: soFar });
    checkOn = [...perAgent]
      .filter(([id, n]) => n >= CHECK_ON_HARD_CONVERSATIONS && names.has(id))
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => ({
        person: { id, name: names.get(id) ?? "" },
        hardConversations: n,
        since: new Date(lately).toISOString(),
      }));
  }

  // -- wrap-up: the shift's top three patterns, and their champions ---------------------------------
  // Every conversation of the shift: the wrap-up says how many there were, and a pattern counts
  // each one it showed in (reading the 500 hardest left a busy day's count at 500).
  const [wrapConversations, wrapCues, shiftGaps, incidents, todays, earlier] = await Promise.all([
    listShiftConversations(db, shift, null),
    listShiftCues(db, shift),
    countShiftKnowledgeGaps(db, shift),
    listShiftIncidents(db, shift),
    listHuddleActions(db, { orgId, teamId, day: input.date }),
    listHuddleActions(db, { orgId, teamId, day: input.date, openBefore: true }),
  ]);
  // A gap's question titles its pattern, so it is redacted as a quote is before it is read.
  const gaps = shiftGaps.map((g) => ({
    ...g,
    question: redact(g.question, null),
    questions: g.questions.map((q) => redact(q, null)),
  }));
  const candidates = patternCandidates(wrapConversations, wrapCues, gaps, incidents);
  const top = candidates.slice(0, 3);
  const examples = await findLines(
    db,
    orgId,
    top.flatMap((c) => (c.example !== null ? [c.example] : [])),
  );
  const customerOf = new Map(wrapConversations.map((c) => [c.id, c.customerName]));
  const titles = await currentUpdateTitles(db, [...todays, ...earlier], (text) => redact(text, null));
  const present = (a: HuddleActionRecord): HuddleAction => ({
    id: a.id,
    teamId: a.teamId,
    date: a.day,
    pattern: a.pattern,
    title: titles.get(a.id) ?? a.title,
    owner: { id: a.ownerId, name: names.get(a.ownerId) ?? "" },
    status: a.status,
    note: a.note,
    createdAt: new Date(a.createdAt).toISOString(),
    doneAt: a.doneAt === null ? null : new Date(a.doneAt).toISOString(),
    editable: lead || a.ownerId === principal.personId,
  });
  const byPattern = new Map(todays.map((a) => [a.pattern, a]));
  const patterns = top.map((c) => {
    const line =
      c.example === null
        ? undefined
        : examples.find(
            (l) => l.conversationId === c.example?.conversationId && l.position === c.example.position,
          );
    const action = byPattern.get(c.key);
    return {
      key: c.key,
      label: c.label,
      conversations: c.conversations.size,
      topics: [...c.topics].sort((a, b) => b[1] - a[1]).map(([t]) => t),
      example:
        line !== undefined && (line.role === "customer" || line.role === "agent")
          ? {
              role: line.role as "customer" | "agent",
              text: redact(line.text, customerOf.get(line.conversationId) ?? null),
            }
          : c.quote !== null
            ? { role: "customer" as const, text: redact(c.quote, null) }
            : null,
      suggestedUpdate: c.update,
      action: action === undefined ? null : present(action),
    };
  });

  return {
    teamId,
    date: input.date,
    canAssign: lead,
    members: members.map(ref),
    warmUp: {
      lookedSince: new Date(lookedSince).toISOString(),
      pairs: rotatePairs(members, round).map((pair) => pair.map(ref)),
      hardConversation,
    },
    checkIn: {
      pairs: rotatePairs(members, round + 1).map((pair) => pair.map(ref)),
      mine,
      checkOn,
    },
    wrapUp: {
      conversations: wrapConversations.length,
      patterns,
      // Still open: an earlier day's, and today's whose pattern has since left the top three (the
      // day's patterns are read afresh as conversations close, so a champion named at noon could
      // otherwise lose sight of theirs by the evening).
      openActions: [
        ...todays.filter((a) => a.status === "open" && !top.some((c) => c.key === a.pattern)),
        ...earlier,
      ].map(present),
    },
  };
}

function outcomeOf(c: ShiftConversation, steps: readonly { kind: string; state: string }[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of steps) {
    const phrase = STEP_WORDS[s.kind]?.(s.state);
    if (phrase === undefined || seen.has(phrase)) continue;
    seen.add(phrase);
    parts.push(phrase);
  }
  const what =
    parts.length === 0
      ? "Nobody stepped in"
      : `${parts.slice(0, -1).join(", ")}${parts.length > 1 ? " and " : ""}${parts.at(-1) ?? ""}`;
  const calmer = c.risk <= c.peakRisk - 0.3;
  const ending = calmer
    ? `the customer calmed down (risk ${pct(c.peakRisk)} at its worst, ${pct(c.risk)} at the end)`
    : `it ended still tense (risk ${pct(c.peakRisk)} at its worst, ${pct(c.risk)} at the end)`;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}; ${ending}.`;
}

/**
 * The two moves that answer the conversation's commonest cues, the agent's first, then the
 * customer's; each with the pattern it answers in words ("Blaming someone else in front of the
 * customer", not the engine's "blame coworker").
 */
export function quickWinsOf(cues: readonly ShiftCue[]): { cue: string; text: string }[] {
  const count = (table: Record<string, unknown>, role: string) => {
    const n = new Map<string, number>();
    for (const c of cues)
      if (c.role === role && c.kind in table) n.set(c.kind, (n.get(c.kind) ?? 0) + c.lines);
    return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  };
  const wins: { cue: string; text: string }[] = [];
  const seenText = new Set<string>();
  for (const kind of count(AGENT_CUES, "agent")) {
    const entry = AGENT_CUES[kind];
    if (entry === undefined || seenText.has(entry.quickWin)) continue;
    seenText.add(entry.quickWin);
    wins.push({ cue: entry.label, text: entry.quickWin });
  }
  for (const kind of count(CUSTOMER_CUES, "customer")) {
    const entry = CUSTOMER_CUES[kind];
    if (entry === undefined || seenText.has(entry.quickWin)) continue;
    seenText.add(entry.quickWin);
    wins.push({ cue: entry.label, text: entry.quickWin });
  }
  return wins.slice(0, 2);
}

/**
 * The reader's shift so far (or, once the day is over, that day's): one observation and one tip,
 * from their own conversations only. A past day is not "so far" or "yet this shift".
 */
function myShift(
  personId: string,
  conversations: readonly ShiftConversation[],
  cues: readonly ShiftCue[],
  ended = false,
): HuddleAgenda["checkIn"]["mine"] {
  const mine = conversations.filter((c) => c.agentId === personId);
  if (mine.length === 0)
    return ended
      ? {
          conversations: 0,
          observation: "No conversations of yours that day: share one thing you noticed on the floor.",
          tip: "Ask your pair what worked for them that day, and try it in your next conversation.",
        }
      : {
          conversations: 0,
          observation:
            "No conversations of yours yet this shift: share one thing you have noticed on the floor.",
          tip: "Ask your pair what has worked for them so far, and try it in your next conversation.",
        };
  const soFar = ended ? "that day" : "so far";
  const ids = new Set(mine.map((c) => c.id));
  const topicOf = new Map(mine.map((c) => [c.id, c.topic]));
  const customer = new Map<string, Set<string>>();
  const good = new Map<string, Set<string>>();
  for (const c of cues) {
    if (!ids.has(c.conversationId)) continue;
    if (c.role === "customer" && c.kind in CUSTOMER_CUES) {
      const set = customer.get(c.kind) ?? new Set<string>();
      set.add(c.conversationId);
      customer.set(c.kind, set);
    }
    if (c.role === "agent" && c.authorId === personId && c.polarity === "good") {
      const set = good.get(c.kind) ?? new Set<string>();
      set.add(c.conversationId);
      good.set(c.kind, set);
    }
  }
  const hardest = mine.reduce((a, b) => (b.peakRisk > a.peakRisk ? b : a));
  const topCustomer = [...customer].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0];
  let observation: string;
  if (topCustomer !== undefined) {
    const topics = new Map<string, number>();
    for (const id of topCustomer[1]) {
      const t = topicOf.get(id);
      if (t) topics.set(t, (topics.get(t) ?? 0) + 1);
    }
    const topic = [...topics].sort((a, b) => b[1] - a[1])[0]?.[0];
    observation =
      `${mine.length} conversation${mine.length === 1 ? "" : "s"} ${soFar}; ` +
      `customers showed ${words(topCustomer[0])} in ${topCustomer[1].size} of them` +
      `${topic ? `, mostly about ${topic}` : ""}.`;
  } else {
    observation = `${mine.length} conversation${mine.length === 1 ? "" : "s"} ${soFar}; the hardest reached a risk of ${pct(hardest.peakRisk)}.`;
  }
  const topGood = [...good].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0];
  const tip =
    topGood !== undefined
      ? `What worked for you: ${words(topGood[0])}, in ${topGood[1].size} conversation${topGood[1].size === 1 ? "" : "s"}. Give your pair one line of it as a tip.`
      : topCustomer !== undefined
        ? `One thing to try next: ${CUSTOMER_CUES[topCustomer[0]]?.quickWin ?? ""}`
        : `Share one sentence that worked for you ${ended ? "that day" : "today"} with your pair.`;
  return { conversations: mine.length, observation, tip };
}

/** The shift's patterns, most conversations first: incidents, knowledge gaps, root causes, cues. */
export function patternCandidates(
  conversations: readonly ShiftConversation[],
  cues: readonly ShiftCue[],
  gaps: readonly {
    topic: string;
    conversations: number;
    question: string;
    questions?: readonly string[];
    /** The published fact that answers them all: the knowledge base had the answer. */
    answeredBy?: string | null;
  }[],
  incidents: readonly { id: string; label: string; example: string; conversations: number }[],
): Candidate[] {
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const candidates = new Map<string, Candidate>();
  const add = (
    key: string,
    make: () => Omit<Candidate, "conversations" | "topics" | "example" | "quote">,
    conversationId: string,
    example: { conversationId: string; position: number } | null,
  ) => {
    let c = candidates.get(key);
    if (c === undefined) {
      c = { ...make(), conversations: new Set(), topics: new Map(), example: null, quote: null };
      candidates.set(key, c);
    }
    // A topic counts its conversations: a conversation whose cue showed in the agent's lines and a
    // helper's (two rows) is one conversation about it, not two.
    if (!c.conversations.has(conversationId)) {
      c.conversations.add(conversationId);
      const topic = byId.get(conversationId)?.topic;
      if (topic) c.topics.set(topic, (c.topics.get(topic) ?? 0) + 1);
    }
    if (c.example === null && example !== null) c.example = example;
  };
  const mainTopic = (key: string): string => {
    const c = candidates.get(key);
    if (c === undefined || c.topics.size === 0) return "";
    return topicPart([...c.topics].sort((a, b) => b[1] - a[1])[0]?.[0]);
  };
  // Hardest conversations first, so each pattern's example comes from where it hurt most.
  const order = new Map(conversations.map((c, i) => [c.id, i]));
  const sorted = [...cues].sort(
    (a, b) => (order.get(a.conversationId) ?? 1e9) - (order.get(b.conversationId) ?? 1e9),
  );
  for (const cue of sorted) {
    const table = cue.role === "agent" ? AGENT_CUES : cue.role === "customer" ? CUSTOMER_CUES : undefined;
    const entry = table?.[cue.kind];
    if (entry === undefined) continue;
    add(
      `cue:${cue.kind}`,
      () => ({ key: `cue:${cue.kind}`, label: entry.label, update: "", rank: cue.role === "agent" ? 3 : 4 }),
      cue.conversationId,
      { conversationId: cue.conversationId, position: cue.firstPosition },
    );
  }
  for (const c of conversations) {
    const cause = c.rootCause === null ? undefined : ROOT_CAUSES[c.rootCause];
    if (cause === undefined || c.rootCause === null) continue;
    add(
      `cause:${c.rootCause}`,
      () => ({ key: `cause:${c.rootCause}`, label: cause.label, update: "", rank: 2 }),
      c.id,
      { conversationId: c.id, position: c.peakPosition },
    );
  }
  const out = [...candidates.values()].filter((c) => c.conversations.size >= PATTERN_MIN_CONVERSATIONS);
  for (const c of out) {
    const topic = mainTopic(c.key);
    c.update = updateWording(c.key)?.(topic) ?? "";
  }
  for (const g of gaps) {
    if (g.conversations < PATTERN_MIN_CONVERSATIONS) continue;
    // Titled by the clearest of the customers' questions as they asked it; the key words the gaps
    // are grouped by ("warranty cover water damage") stay a topic hint, and the pattern's key.
    const askings = g.questions !== undefined && g.questions.length > 0 ? g.questions : [g.question];
    const title = clearestGapTitle(askings) ?? g.topic;
    // Another asking, when there is one, shows how else customers put it; else the asking in full
    // when its title left out more than a word or two ("ok, …") of what the customer said.
    const asked = askings.find((q) => gapTitle(q) === title);
    const wordCount = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
    const other =
      askings.find((q) => gapTitle(q) !== title) ??
      (asked !== undefined && wordCount(asked) - wordCount(title) >= 3 ? asked : null);
    out.push({
      key: `gaps:${g.topic}`,
      label: `Agents could not answer: “${title}”`,
      conversations: new Set(Array.from({ length: g.conversations }, (_, i) => `${g.topic}:${i}`)),
      topics: new Map([[g.topic, g.conversations]]),
      example: null,
      quote: other,
      // "Answer it in the knowledge base" is untrue when a published fact answers it already: the
      // agents did not know it, which is the team's to go over.
      update:
        g.answeredBy !== undefined && g.answeredBy !== null
          ? `Go over the knowledge base's answer to “${title}”: “${g.answeredBy}”`
          : (updateWording("gaps:")?.(title) ?? ""),
      rank: 1,
    });
  }
  for (const incident of incidents) {
    if (incident.conversations < PATTERN_MIN_CONVERSATIONS) continue;
    out.push({
      key: `incident:${incident.id}`,
      label: `Incident: ${incident.label}`,
      conversations: new Set(Array.from({ length: incident.conversations }, (_, i) => `${incident.id}:${i}`)),
      topics: new Map(),
      example: null,
      quote: incident.example,
      update: updateWording("incident:")?.(incident.label) ?? "",
      rank: 0,
    });
  }
  return out.sort(
    (a, b) => b.conversations.size - a.conversations.size || a.rank - b.rank || a.key.localeCompare(b.key),
  );
}
