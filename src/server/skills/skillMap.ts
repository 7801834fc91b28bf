// The skill map and the mentorship suggestions, from the store's per-conversation evidence
// (src/store/skills.ts). Pure: evidence in, levels, verdicts and suggestions out; no clock, no I/O.
import {
  SKILL_NAMES,
  SKILLS,
  type PairingSuggestion,
  type SkillEntry,
  type SkillName,
  type SkillRule,
  type SkillVerdict,
} from "../../protocol/skills.ts";
import type { SkillEvidenceRecord, SkillMeasures, SkillTallyRecord } from "../../store/index.ts";

/** A level is judged only over at least this many conversations, the person's and the rest of the team's. */
export const MIN_CONVERSATIONS = 5;
/** Points (of 100) away from the rest of the team that make a strength or a gap. */
export const VERDICT_MARGIN = 15;
/** Nobody mentors more people than this at once. */
export const MENTOR_LOAD_LIMIT = 2;
/** A lead reads a few suggestions per person, their biggest gaps, rather than every skill below the team. */
export const SUGGESTIONS_PER_PERSON = 3;
export const SKILL_RULE: SkillRule = {
  minConversations: MIN_CONVERSATIONS,
  margin: VERDICT_MARGIN,
  mentorLoadLimit: MENTOR_LOAD_LIMIT,
  suggestionsPerPerson: SUGGESTIONS_PER_PERSON,
};

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/**
 * The trend compares this many recent days of the period (half the period when it is shorter than
 * twice this) with the period's earlier days: "lately" against "before", both from evidence that
 * exists, rather than the whole period against a period before it that may hold nothing.
 */
export const TREND_RECENT_DAYS = 28;

/** Where the period's recent part starts: its last TREND_RECENT_DAYS, or its second half if shorter. */
export function recentSinceOf(since: number, until: number): number {
  return until - Math.min(TREND_RECENT_DAYS * DAY_MS, Math.floor((until - since) / 2));
}
const EXAMPLES_PER_SKILL = 5;
const QA_MAX = 4;

/** Cue skills: the cue kinds behind each, and whether showing them is good or bad. */
const CUE_SKILLS: Partial<Record<SkillName, { kinds: string[]; good: boolean }>> = {
  uses_name: { kinds: ["customer_name"], good: true },
  paraphrases: { kinds: ["paraphrase"], good: true },
  no_repeated_apologies: { kinds: ["repeated_apology"], good: false },
  // CUE-RESEND-1: the same answer pasted again, a canned line sent twice.
  no_repeated_replies: { kinds: ["repeated_reply"], good: false },
  no_hedging: { kinds: ["hedging", "vague_answer"], good: false },
  no_defensiveness: { kinds: ["defensiveness", "blame_coworker"], good: false },
  no_jargon: { kinds: ["jargon"], good: false },
};
const CALM_ENDINGS = new Set(["neutral", "satisfied"]);

/**
 * What one conversation says about each skill, 0..1; a skill it says nothing about is absent: a QA
 * item that did not apply (unless a lead scored it), cues when the agent wrote no analysed line,
 * help when no teammate stepped in or the customer's mood was never read.
 */
export function skillValues(e: SkillEvidenceRecord): Map<SkillName, number> {
  const values = new Map<SkillName, number>();
  for (const name of SKILL_NAMES) {
    const info = SKILLS[name];
    if (info.source === "qa") {
      const score = e.qa[name];
      if (score !== undefined) values.set(name, Math.max(0, Math.min(QA_MAX, score)) / QA_MAX);
    } else if (info.source === "cues") {
      const cue = CUE_SKILLS[name];
      if (cue === undefined || e.agentLines === 0) continue;
      const shown = cue.kinds.some((k) => (e.cueLines[k] ?? 0) > 0);
      values.set(name, shown === cue.good ? 1 : 0);
    } else if (e.helped && e.endEmotion !== null) {
      values.set(name, CALM_ENDINGS.has(e.endEmotion) ? 1 : 0);
    }
  }
  return values;
}

/** skillValues as the database sums it (summariseSkillEvidence): the same skills, kinds and calm endings. */
export const SKILL_MEASURES: SkillMeasures = {
  qa: SKILL_NAMES.filter((name) => SKILLS[name].source === "qa"),
  cues: SKILL_NAMES.flatMap((name) => {
    const cue = CUE_SKILLS[name];
    return SKILLS[name].source === "cues" && cue !== undefined
      ? [{ skill: name, kinds: cue.kinds, good: cue.good }]
      : [];
  }),
  help: SKILL_NAMES.filter((name) => SKILLS[name].source !== "qa" && SKILLS[name].source !== "cues"),
  calm: [...CALM_ENDINGS],
};

interface Observation {
  evidence: SkillEvidenceRecord;
  values: Map<SkillName, number>;
}

interface Level {
  level: number | null;
  conversations: number;
}

function levelOf(observations: readonly Observation[], skill: SkillName): Level {
  let sum = 0;
  let n = 0;
  for (const o of observations) {
    const v = o.values.get(skill);
    if (v === undefined) continue;
    sum += v;
    n++;
  }
  return levelOfTally({ sum, n });
}

/** A sum of skill values and how many there are. */
export interface Tally {
  sum: number;
  n: number;
}
const NO_TALLY: Tally = { sum: 0, n: 0 };

function levelOfTally({ sum, n }: Tally): Level {
  return { level: n === 0 ? null : Math.round((sum / n) * 1000) / 10, conversations: n };
}

/** A tally's key: a person's (or, with null, everyone's), in a topic (or, with null, all of them). */
function tallyKey(personId: string | null, topic: string | null, skill: SkillName): string {
  return `${personId ?? ""}\u0000${topic === null ? "\u0001" : topic}\u0000${skill}`;
}

/**
 * The sums levelOf takes, per person, topic and skill, and for everyone: one pass over the
 * observations. A value is a QA score over QA_MAX or 0/1, so the sums are exact and the rest of a
 * team's sum is the whole team's less the person's.
 */
function tallyLevels(observations: readonly Observation[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  const add = (key: string, value: number) => {
    const tally = tallies.get(key);
    if (tally === undefined) tallies.set(key, { sum: value, n: 1 });
    else {
      tally.sum += value;
      tally.n++;
    }
  };
  for (const o of observations) {
    const { agentId, topic } = o.evidence;
    for (const [skill, value] of o.values) {
      add(tallyKey(agentId, null, skill), value);
      add(tallyKey(null, null, skill), value);
      if (topic !== null) {
        add(tallyKey(agentId, topic, skill), value);
        add(tallyKey(null, topic, skill), value);
      }
    }
  }
  return tallies;
}

/** A tally's sums and each person's topics (most conversations first), as tallyLevels and topicsOf give them. */
export interface SkillTallies {
  tallies: Map<string, Tally>;
  topics: Map<string, { topic: string; conversations: number }[]>;
}

function sortTopics(counts: Map<string, number>): { topic: string; conversations: number }[] {
  return [...counts]
    .map(([topic, conversations]) => ({ topic, conversations }))
    .sort((a, b) => b.conversations - a.conversations || a.topic.localeCompare(b.topic));
}

/**
 * The database's sums (summariseSkillEvidence) as tallyLevels keys them: each person's (when summed
 * by person) and everyone's, overall and per topic; a skill the map does not know is left out.
 */
export function talliesOf(rows: readonly SkillTallyRecord[]): SkillTallies {
  const tallies = new Map<string, Tally>();
  const counts = new Map<string, Map<string, number>>();
  const known = new Set<string>(SKILL_NAMES);
  const add = (key: string, sum: number, n: number) => {
    const tally = tallies.get(key);
    if (tally === undefined) tallies.set(key, { sum, n });
    else {
      tally.sum += sum;
      tally.n += n;
    }
  };
  for (const row of rows) {
    if (row.skill === null) {
      if (row.agentId !== null && row.topic !== null) {
        const mine = counts.get(row.agentId) ?? new Map<string, number>();
        mine.set(row.topic, (mine.get(row.topic) ?? 0) + row.n);
        counts.set(row.agentId, mine);
      }
      continue;
    }
    if (!known.has(row.skill)) continue;
    const skill = row.skill as SkillName;
    add(tallyKey(null, null, skill), row.sum, row.n);
    if (row.topic !== null) add(tallyKey(null, row.topic, skill), row.sum, row.n);
    if (row.agentId !== null) {
      add(tallyKey(row.agentId, null, skill), row.sum, row.n);
      if (row.topic !== null) add(tallyKey(row.agentId, row.topic, skill), row.sum, row.n);
    }
  }
  return { tallies, topics: new Map([...counts].map(([id, c]) => [id, sortTopics(c)])) };
}

/**
 * Strength or gap only with enough evidence on both sides (MIN_CONVERSATIONS each), and only when
 * the person's level is VERDICT_MARGIN points or more above or below the rest of the team's: the
 * bar is the team's own level, not an absolute one.
 */
export function judge(own: Level, team: Level): SkillVerdict {
  if (own.level === null || team.level === null) return "not_enough";
  if (own.conversations < MIN_CONVERSATIONS || team.conversations < MIN_CONVERSATIONS) return "not_enough";
  const difference = own.level - team.level;
  if (difference >= VERDICT_MARGIN) return "strength";
  if (difference <= -VERDICT_MARGIN) return "gap";
  return "typical";
}

function judged(own: Level, team: Level) {
  return {
    level: own.level,
    conversations: own.conversations,
    teamLevel: team.level,
    teamConversations: team.conversations,
    verdict: judge(own, team),
  };
}

function observe(evidence: readonly SkillEvidenceRecord[]): Observation[] {
  return evidence.map((e) => ({ evidence: e, values: skillValues(e) }));
}

/** Topics of the observations, most conversations first, then by name. */
function topicsOf(observations: readonly Observation[]): { topic: string; conversations: number }[] {
  const counts = new Map<string, number>();
  for (const o of observations)
    if (o.evidence.topic !== null) counts.set(o.evidence.topic, (counts.get(o.evidence.topic) ?? 0) + 1);
  return sortTopics(counts);
}

export interface SkillMapInput {
  personId: string;
  /** Evidence of the teams in scope, closed in [previousSince, until). */
  evidence: readonly SkillEvidenceRecord[];
  since: number;
  until: number;
  previousSince: number;
}

export interface BuiltSkillMap {
  /** The period's recent part, which the trend compares with the evidence before it. */
  recentPeriod: { since: string; until: string };
  conversations: number;
  topics: { topic: string; conversations: number }[];
  skills: SkillEntry[];
}

/** One person's skills in [since, until), against the rest of their team(s) in the same period. */
export function buildSkillMap(input: SkillMapInput): BuiltSkillMap {
  const inPeriod = (e: SkillEvidenceRecord) => e.closedAt >= input.since && e.closedAt < input.until;
  return buildSkillMapOf({
    ...input,
    own: input.evidence.filter((e) => e.agentId === input.personId),
    rest: tallyLevels(observe(input.evidence.filter((e) => inPeriod(e) && e.agentId !== input.personId))),
  });
}

/**
 * buildSkillMap from what it shows: the person's own evidence in [previousSince, until) and the
 * rest of the team's sums in [since, until) (everyone's keys of tallyLevels or talliesOf), so the
 * rest of the team is summed by the database instead of sent card by card.
 */
export function buildSkillMapOf(input: {
  personId: string;
  own: readonly SkillEvidenceRecord[];
  rest: ReadonlyMap<string, Tally>;
  since: number;
  until: number;
  previousSince: number;
}): BuiltSkillMap {
  const before = observe(
    input.own.filter(
      (e) => e.agentId === input.personId && e.closedAt >= input.previousSince && e.closedAt < input.since,
    ),
  );
  const own = observe(
    input.own.filter(
      (e) => e.agentId === input.personId && e.closedAt >= input.since && e.closedAt < input.until,
    ),
  );
  const restLevel = (topic: string | null, skill: SkillName) =>
    levelOfTally(input.rest.get(tallyKey(null, topic, skill)) ?? NO_TALLY);
  const recentSince = recentSinceOf(input.since, input.until);
  const recent = own.filter((o) => o.evidence.closedAt >= recentSince);
  const earlier = own.filter((o) => o.evidence.closedAt < recentSince);
  const topics = topicsOf(own);
  const weekCount = Math.max(1, Math.ceil((input.until - input.since) / WEEK_MS));
  const weeks = Array.from({ length: weekCount }, (_, i) => input.since + i * WEEK_MS);
  const skills = SKILL_NAMES.map((skill): SkillEntry => {
    const mine = levelOf(own, skill);
    const lately = levelOf(recent, skill);
    // Lately against the period's earlier part; where that says nothing about the skill, against
    // the same length before the period. "New" is left for a skill with evidence in neither.
    const inPeriod = levelOf(earlier, skill);
    const previous =
      inPeriod.conversations > 0
        ? {
            ...inPeriod,
            since: new Date(input.since).toISOString(),
            until: new Date(recentSince).toISOString(),
          }
        : {
            ...levelOf(before, skill),
            since: new Date(input.previousSince).toISOString(),
            until: new Date(input.since).toISOString(),
          };
    const entry = judged(mine, restLevel(null, skill));
    const withValue = own.flatMap((o) => {
      const value = o.values.get(skill);
      return value === undefined ? [] : [{ o, value }];
    });
    // A strength's best conversations show it; otherwise the weakest show what to work on.
    withValue.sort((a, b) =>
      entry.verdict === "strength"
        ? b.value - a.value || b.o.evidence.closedAt - a.o.evidence.closedAt
        : a.value - b.value || b.o.evidence.closedAt - a.o.evidence.closedAt,
    );
    return {
      skill,
      ...entry,
      recent: lately,
      previous,
      change:
        lately.level !== null && previous.level !== null
          ? Math.round((lately.level - previous.level) * 10) / 10
          : null,
      weeks: weeks.map((start) => ({
        start: new Date(start).toISOString(),
        ...levelOf(
          own.filter((o) => o.evidence.closedAt >= start && o.evidence.closedAt < start + WEEK_MS),
          skill,
        ),
      })),
      examples: withValue.slice(0, EXAMPLES_PER_SKILL).map(({ o, value }) => ({
        conversationId: o.evidence.conversationId,
        topic: o.evidence.topic,
        closedAt: new Date(o.evidence.closedAt).toISOString(),
        value: Math.round(value * 100),
      })),
      topics: topics.map(({ topic }) => ({
        topic,
        ...judged(
          levelOf(
            own.filter((o) => o.evidence.topic === topic),
            skill,
          ),
          restLevel(topic, skill),
        ),
      })),
    };
  });
  return {
    recentPeriod: { since: new Date(recentSince).toISOString(), until: new Date(input.until).toISOString() },
    conversations: own.length,
    topics,
    skills,
  };
}

// -- mentorship ------------------------------------------------------------------------------------

export interface TeamMember {
  id: string;
  name: string;
}

export interface PairingInForce {
  mentorId: string;
  menteeId: string;
  skill: string;
  topic: string | null;
}

/** "Ben's conversations about billing end with a clear next step 9 times in 10; Ada's 4 in 10." */
export function pairingReason(
  skill: SkillName,
  topic: string | null,
  mentor: { name: string; level: number },
  mentee: { name: string; level: number; conversations?: number },
): string {
  const info = SKILLS[skill];
  const about = topic === null ? "" : ` about ${topic}`;
  if (info.scale === "score") {
    const of4 = (level: number) => `${(Math.round((level / 100) * QA_MAX * 10) / 10).toFixed(1)} of 4`;
    // True of the demo's Cho (a blunt agent: every empathy item scored 0), but "0.0 of 4" read as
    // a computing error; in words, with how many conversations say so.
    if (of4(mentee.level) === "0.0 of 4") {
      const over =
        mentee.conversations === undefined
          ? "in any conversation"
          : `in any of ${mentee.conversations} conversation${mentee.conversations === 1 ? "" : "s"}`;
      return `${mentor.name}'s conversations${about} score ${of4(mentor.level)} on ${info.label.toLowerCase()}; ${mentee.name}'s show no ${info.label.toLowerCase()} ${over}.`;
    }
    return `${mentor.name}'s conversations${about} score ${of4(mentor.level)} on ${info.label.toLowerCase()}; ${mentee.name}'s ${of4(mentee.level)}.`;
  }
  // Rounded to tenths, a teammate who did it in 5 % of conversations read "0 in 10" (never) and one
  // at 99.4 % "10 times in 10" (always); the rounding says so instead.
  const in10 = (level: number) => {
    const n = Math.round(level / 10);
    return n === 0 && level > 0 ? "less than 1" : n === 10 && level < 100 ? "more than 9" : String(n);
  };
  return `${mentor.name}'s conversations${about} ${info.phrase} ${in10(mentor.level)} times in 10; ${mentee.name}'s ${in10(mentee.level)} in 10.`;
}

interface Gap {
  mentee: TeamMember;
  skill: SkillName;
  topic: string | null;
  level: number;
  /** How far below the rest of the team, in points. */
  shortfall: number;
  /** A topic gap that is also a gap overall: without a mentor strong in the topic, one strong overall. */
  fallback: boolean;
  /** How big the gap is among the person's: the skill's shortfall as a whole where it is a gap as a whole. */
  rank: number;
}

/**
 * Mentorship suggestions for one team: each clear gap of a member (overall first, then within a
 * topic for a skill not already suggested to them) matched to a teammate whose same skill, in the
 * same topic for a topic gap, is a strength. Gaps of the skill as a whole first, then the biggest
 * shortfall first, at most SUGGESTIONS_PER_PERSON
 * per person and one per skill (none for a skill they are already paired in); the mentor with the fewest
 * people to mentor (pairings in force and suggestions so far), then the highest level, wins; nobody
 * is given more than MENTOR_LOAD_LIMIT people and nobody is paired with themself. A gap already
 * covered by a pairing in force is not suggested again.
 */
export function suggestPairings(input: {
  members: readonly TeamMember[];
  evidence: readonly SkillEvidenceRecord[];
  pairings: readonly PairingInForce[];
}): PairingSuggestion[] {
  const observations = observe(input.evidence);
  // Each level is a sum over the observations: summed once per person, topic and skill (and for
  // the whole team), the rest of the team's is the team's less the person's. Filtering every
  // observation for each of them (members × skills × topics, and again for each mentor of each gap)
  // took two minutes of the server's one thread for a team of 40 with 33,000 conversations.
  return suggestPairingsOf({
    members: input.members,
    tallies: tallyLevels(observations),
    topics: new Map(
      input.members.map((m) => [m.id, topicsOf(observations.filter((o) => o.evidence.agentId === m.id))]),
    ),
    pairings: input.pairings,
  });
}

/**
 * suggestPairings from the team's sums per person, topic and skill and each person's topics
 * (talliesOf the database's sums), instead of every card of the team.
 */
export function suggestPairingsOf(input: {
  members: readonly TeamMember[];
  tallies: ReadonlyMap<string, Tally>;
  topics: ReadonlyMap<string, readonly { topic: string; conversations: number }[]>;
  pairings: readonly PairingInForce[];
}): PairingSuggestion[] {
  const tallies = input.tallies;
  const verdictOf = (member: TeamMember, skill: SkillName, topic: string | null) => {
    const mine = tallies.get(tallyKey(member.id, topic, skill)) ?? NO_TALLY;
    const all = tallies.get(tallyKey(null, topic, skill)) ?? NO_TALLY;
    const own = levelOfTally(mine);
    const rest = levelOfTally({ sum: all.sum - mine.sum, n: all.n - mine.n });
    return { own, rest, verdict: judge(own, rest) };
  };

  const gaps: Gap[] = [];
  for (const mentee of input.members) {
    const topics = input.topics.get(mentee.id) ?? [];
    for (const skill of SKILL_NAMES) {
      const overall = verdictOf(mentee, skill, null);
      const overallGap =
        overall.verdict === "gap" && overall.own.level !== null && overall.rest.level !== null;
      const overallShortfall = (overall.rest.level ?? 0) - (overall.own.level ?? 0);
      // Where the gap sits in particular topics, a mentor strong in those topics helps most.
      const inTopics = topics.flatMap(({ topic }) => {
        const v = verdictOf(mentee, skill, topic);
        return v.verdict === "gap" && v.own.level !== null && v.rest.level !== null
          ? [
              {
                mentee,
                skill,
                topic,
                level: v.own.level,
                shortfall: v.rest.level - v.own.level,
                fallback: overallGap,
                rank: overallGap ? overallShortfall : v.rest.level - v.own.level,
              },
            ]
          : [];
      });
      // A gap in every topic that says anything is the skill's as a whole: one mentor for it.
      const judgedTopics = topics.filter(
        ({ topic }) => verdictOf(mentee, skill, topic).verdict !== "not_enough",
      );
      const everywhere = overallGap && inTopics.length === judgedTopics.length;
      if (inTopics.length > 0 && !everywhere) gaps.push(...inTopics);
      else if (overallGap && overall.own.level !== null && overall.rest.level !== null)
        gaps.push({
          mentee,
          skill,
          topic: null,
          level: overall.own.level,
          shortfall: overallShortfall,
          fallback: false,
          rank: overallShortfall,
        });
    }
  }
  // A skill that is a gap as a whole (the map's "Gaps" line) before one that falls short in a topic
  // only: a rate skill missing in one topic is 100 points short and would otherwise crowd out the
  // gaps a lead reads first (the demo's Ben: paraphrases about accounts before empathy). Among
  // those, the skill's shortfall as a whole decides, not the topic's it is paired in: Ben's empathy
  // is 46 points short overall, 33 about refunds, where the team is less warm too.
  const overall = (g: Gap) => g.topic === null || g.fallback;
  gaps.sort(
    (a, b) =>
      Number(overall(b)) - Number(overall(a)) ||
      b.rank - a.rank ||
      b.shortfall - a.shortfall ||
      a.mentee.name.localeCompare(b.mentee.name) ||
      a.skill.localeCompare(b.skill) ||
      (a.topic ?? "").localeCompare(b.topic ?? ""),
  );

  const load = new Map<string, number>();
  const mentees = new Map<string, Set<string>>();
  const addLoad = (mentorId: string, menteeId: string) => {
    const set = mentees.get(mentorId) ?? new Set<string>();
    // Mentoring the same person in two skills is one person to look after.
    if (!set.has(menteeId)) load.set(mentorId, (load.get(mentorId) ?? 0) + 1);
    set.add(menteeId);
    mentees.set(mentorId, set);
  };
  for (const p of input.pairings) addLoad(p.mentorId, p.menteeId);
  const covered = new Set(input.pairings.map((p) => `${p.menteeId}|${p.skill}|${p.topic ?? ""}`));
  // One suggestion per skill and mentee: the same skill in a second topic (or beside a pairing in
  // force for it) would crowd out a different gap, such as empathy behind hedging in two topics.
  const skillsOf = new Map<string, Set<string>>();
  const addSkill = (menteeId: string, skill: string) =>
    skillsOf.set(menteeId, (skillsOf.get(menteeId) ?? new Set<string>()).add(skill));
  for (const p of input.pairings) addSkill(p.menteeId, p.skill);

  const suggestions: PairingSuggestion[] = [];
  const suggestedTo = new Map<string, number>();
  for (const gap of gaps) {
    if (skillsOf.get(gap.mentee.id)?.has(gap.skill) === true) continue;
    if ((suggestedTo.get(gap.mentee.id) ?? 0) >= SUGGESTIONS_PER_PERSON) continue;
    const candidatesFor = (topic: string | null) =>
      input.members.flatMap((mentor) => {
        if (mentor.id === gap.mentee.id) return [];
        const already = mentees.get(mentor.id)?.has(gap.mentee.id) === true;
        if (!already && (load.get(mentor.id) ?? 0) >= MENTOR_LOAD_LIMIT) return [];
        const v = verdictOf(mentor, gap.skill, topic);
        return v.verdict === "strength" && v.own.level !== null
          ? [{ mentor, level: v.own.level, already, topic }]
          : [];
      });
    let candidates = candidatesFor(gap.topic);
    if (candidates.length === 0 && gap.fallback) candidates = candidatesFor(null);
    candidates.sort(
      (a, b) =>
        Number(b.already) - Number(a.already) ||
        (load.get(a.mentor.id) ?? 0) - (load.get(b.mentor.id) ?? 0) ||
        b.level - a.level ||
        a.mentor.name.localeCompare(b.mentor.name),
    );
    const chosen = candidates[0];
    if (chosen === undefined) continue;
    // A fallback pairs the skill as a whole: said with the mentee's overall level.
    const topic = chosen.topic;
    const menteeLevel =
      topic === gap.topic ? gap.level : (verdictOf(gap.mentee, gap.skill, null).own.level ?? 0);
    const key = `${gap.mentee.id}|${gap.skill}|${topic ?? ""}`;
    if (covered.has(key)) continue;
    addLoad(chosen.mentor.id, gap.mentee.id);
    covered.add(key);
    addSkill(gap.mentee.id, gap.skill);
    suggestedTo.set(gap.mentee.id, (suggestedTo.get(gap.mentee.id) ?? 0) + 1);
    suggestions.push({
      mentee: gap.mentee,
      mentor: chosen.mentor,
      skill: gap.skill,
      topic,
      menteeLevel,
      mentorLevel: chosen.level,
      reason: pairingReason(
        gap.skill,
        topic,
        { name: chosen.mentor.name, level: chosen.level },
        {
          name: gap.mentee.name,
          level: menteeLevel,
          conversations: verdictOf(gap.mentee, gap.skill, topic).own.conversations,
        },
      ),
    });
  }
  return suggestions;
}
