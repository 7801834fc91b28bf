import { describe, expect, it } from "vitest";
import type { SkillEvidenceRecord, SkillTallyRecord } from "../../store/index.ts";
import {
  buildSkillMap,
  buildSkillMapOf,
  judge,
  MENTOR_LOAD_LIMIT,
  MIN_CONVERSATIONS,
  pairingReason,
  SKILL_MEASURES,
  skillValues,
  suggestPairings,
  suggestPairingsOf,
  SUGGESTIONS_PER_PERSON,
  talliesOf,
  VERDICT_MARGIN,
} from "./skillMap.ts";

const DAY = 86_400_000;
const UNTIL = Date.parse("2026-06-01T00:00:00Z");
const SINCE = UNTIL - 28 * DAY;
let n = 0;

/** One closed conversation of `agentId`; by default it scores `nextSteps` of 4 on clear next steps. */
function conv(
  agentId: string,
  nextSteps: number,
  over: Partial<SkillEvidenceRecord> = {},
): SkillEvidenceRecord {
  n++;
  return {
    conversationId: `c${n}`,
    teamId: "t",
    agentId,
    topic: "billing",
    closedAt: SINCE + DAY + n * 1000,
    qa: { clear_next_steps: nextSteps },
    agentLines: 0,
    cueLines: {},
    helped: false,
    endEmotion: null,
    ...over,
  };
}
const times = <T>(k: number, f: () => T): T[] => Array.from({ length: k }, f);

describe("skill values of one conversation", () => {
  it("reads QA scores out of 4, cues as held or not, help only when a teammate stepped in and the mood is known", () => {
    const v = skillValues(
      conv("a", 3, {
        qa: { clear_next_steps: 3, empathy: 0 },
        agentLines: 2,
        cueLines: { customer_name: 1, hedging: 2 },
        helped: true,
        endEmotion: "satisfied",
      }),
    );
    expect(Object.fromEntries(v)).toEqual({
      clear_next_steps: 0.75,
      empathy: 0,
      uses_name: 1,
      paraphrases: 0,
      no_repeated_apologies: 1,
      no_repeated_replies: 1,
      no_hedging: 0,
      no_defensiveness: 1,
      no_jargon: 1,
      recovers_with_help: 1,
    });
    // The same reply sent twice (CUE-RESEND-1) is a gap of its own.
    const resent = skillValues(conv("a", 3, { agentLines: 3, cueLines: { repeated_reply: 1 } }));
    expect(resent.get("no_repeated_replies")).toBe(0);
    expect(resent.get("no_repeated_apologies")).toBe(1);
    // No agent line: the cues say nothing; not helped: nothing about help.
    const quiet = skillValues(conv("a", 4, { helped: false, endEmotion: "angry" }));
    expect([...quiet.keys()]).toEqual(["clear_next_steps"]);
    expect(skillValues(conv("a", 4, { helped: true, endEmotion: "angry" })).get("recovers_with_help")).toBe(
      0,
    );
    expect(skillValues(conv("a", 4, { helped: true, endEmotion: null })).has("recovers_with_help")).toBe(
      false,
    );
  });
});

describe("strength or gap: enough evidence, against the rest of the team", () => {
  it("says not enough with fewer than the minimum conversations on either side, however far apart", () => {
    expect(judge({ level: 100, conversations: MIN_CONVERSATIONS - 1 }, { level: 0, conversations: 50 })).toBe(
      "not_enough",
    );
    expect(judge({ level: 0, conversations: 50 }, { level: 100, conversations: MIN_CONVERSATIONS - 1 })).toBe(
      "not_enough",
    );
    expect(judge({ level: null, conversations: 0 }, { level: 50, conversations: 50 })).toBe("not_enough");
  });

  it("needs the margin above or below the team's level, not an absolute bar", () => {
    const team = { level: 40, conversations: 20 };
    expect(judge({ level: 40 + VERDICT_MARGIN, conversations: 5 }, team)).toBe("strength");
    expect(judge({ level: 40 + VERDICT_MARGIN - 1, conversations: 5 }, team)).toBe("typical");
    expect(judge({ level: 40 - VERDICT_MARGIN, conversations: 5 }, team)).toBe("gap");
    // 60 is a gap in a team at 90 and a strength in a team at 30.
    expect(judge({ level: 60, conversations: 9 }, { level: 90, conversations: 9 })).toBe("gap");
    expect(judge({ level: 60, conversations: 9 }, { level: 30, conversations: 9 })).toBe("strength");
  });

  it("builds a person's map: level, team level, verdict, trend against the previous period, weeks, topics, examples", () => {
    const evidence = [
      ...times(6, () => conv("ada", 1)),
      ...times(2, () => conv("ada", 4, { topic: "returns" })),
      ...times(8, () => conv("ben", 4)),
      // The previous period: Ada did worse still.
      ...times(3, () => conv("ada", 0, { closedAt: SINCE - 3 * DAY })),
    ];
    const map = buildSkillMap({
      personId: "ada",
      evidence,
      since: SINCE,
      until: UNTIL,
      previousSince: SINCE - 28 * DAY,
    });
    expect(map.conversations).toBe(8);
    expect(map.topics).toEqual([
      { topic: "billing", conversations: 6 },
      { topic: "returns", conversations: 2 },
    ]);
    const steps = map.skills.find((s) => s.skill === "clear_next_steps");
    expect(steps).toMatchObject({
      level: 43.8,
      conversations: 8,
      teamLevel: 100,
      teamConversations: 8,
      verdict: "gap",
      // All of it in the period's first half: nothing lately to compare.
      recent: { level: null, conversations: 0 },
      previous: {
        level: 43.8,
        conversations: 8,
        since: new Date(SINCE).toISOString(),
        until: new Date(SINCE + 14 * DAY).toISOString(),
      },
      change: null,
    });
    expect(steps?.topics).toEqual([
      { topic: "billing", level: 25, conversations: 6, teamLevel: 100, teamConversations: 8, verdict: "gap" },
      // Two conversations about returns: not enough to say, and nobody else had any.
      {
        topic: "returns",
        level: 100,
        conversations: 2,
        teamLevel: null,
        teamConversations: 0,
        verdict: "not_enough",
      },
    ]);
    expect(steps?.weeks).toHaveLength(4);
    expect(steps?.weeks[0]).toMatchObject({ start: new Date(SINCE).toISOString(), conversations: 8 });
    // A gap's examples are the weakest conversations first.
    expect(steps?.examples.map((e) => e.value)).toEqual([25, 25, 25, 25, 25]);
    // Skills with no evidence at all say not enough.
    expect(map.skills.find((s) => s.skill === "uses_name")).toMatchObject({
      level: null,
      conversations: 0,
      verdict: "not_enough",
    });
  });
});

describe("the trend: lately against before, from the evidence that exists", () => {
  // The demo's shape: the default 90 days, with eight weeks of history in them and nothing before.
  const until = UNTIL;
  const since = until - 90 * DAY;
  const at = (daysAgo: number) => ({ closedAt: until - daysAgo * DAY });
  const build = (evidence: SkillEvidenceRecord[]) =>
    buildSkillMap({ personId: "ada", evidence, since, until, previousSince: since - 90 * DAY });

  it("compares the last four weeks with the weeks before them in the period", () => {
    const map = build([
      // Five to eight weeks ago: 1 of 4. The last four weeks: 3 of 4.
      ...[55, 50, 45, 40, 35, 30].map((d) => conv("ada", 1, at(d))),
      ...[25, 20, 15, 10, 5].map((d) => conv("ada", 3, at(d))),
    ]);
    expect(map.recentPeriod).toEqual({
      since: new Date(until - 28 * DAY).toISOString(),
      until: new Date(until).toISOString(),
    });
    expect(map.skills.find((s) => s.skill === "clear_next_steps")).toMatchObject({
      level: expect.closeTo((100 * (6 * 0.25 + 5 * 0.75)) / 11, 1),
      recent: { level: 75, conversations: 5 },
      previous: {
        level: 25,
        conversations: 6,
        since: new Date(since).toISOString(),
        until: new Date(until - 28 * DAY).toISOString(),
      },
      change: 50,
    });
  });

  it("says new only for a skill with no evidence before the last four weeks, in the period or the one before", () => {
    const map = build([
      ...[50, 40].map((d) => conv("ada", 2, at(d))),
      conv("ada", 2, { ...at(10), qa: { clear_next_steps: 2, empathy: 4 } }),
      // Before the period: something on ownership, nothing on it in the period's earlier weeks.
      conv("ada", 2, { ...at(120), qa: { ownership: 1 } }),
      conv("ada", 2, { ...at(3), qa: { ownership: 3 } }),
    ]);
    const skill = (name: string) => map.skills.find((s) => s.skill === name);
    // Empathy first appears lately: new, with nothing earlier to compare.
    expect(skill("empathy")).toMatchObject({
      recent: { level: 100, conversations: 1 },
      previous: { level: null, conversations: 0 },
      change: null,
    });
    // Ownership had evidence before the period: compared with that, not called new.
    expect(skill("ownership")).toMatchObject({
      recent: { level: 75, conversations: 1 },
      previous: {
        level: 25,
        conversations: 1,
        since: new Date(since - 90 * DAY).toISOString(),
        until: new Date(since).toISOString(),
      },
      change: 50,
    });
  });

  it("splits a period shorter than eight weeks in halves", () => {
    const map = buildSkillMap({
      personId: "ada",
      evidence: [conv("ada", 0, at(10)), conv("ada", 4, at(2))],
      since: until - 14 * DAY,
      until,
      previousSince: until - 28 * DAY,
    });
    expect(map.recentPeriod.since).toBe(new Date(until - 7 * DAY).toISOString());
    expect(map.skills.find((s) => s.skill === "clear_next_steps")?.change).toBe(100);
  });
});

describe("mentorship suggestions", () => {
  const members = ["ada", "ben", "cy", "dee", "eve"].map((id) => ({
    id,
    name: id[0]?.toUpperCase() + id.slice(1),
  }));

  it("matches a gap to a teammate strong in it, never the person themself, and says why in numbers", () => {
    const evidence = [
      ...times(6, () => conv("ada", 1)),
      ...times(6, () => conv("ben", 4)),
      ...times(6, () => conv("cy", 2)),
    ];
    const suggestions = suggestPairings({ members, evidence, pairings: [] });
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      mentee: { id: "ada" },
      mentor: { id: "ben" },
      skill: "clear_next_steps",
      topic: null,
    });
    expect(suggestions[0]?.reason).toBe(
      "Ben's conversations score 4.0 of 4 on clear next steps; Ada's 1.0 of 4.",
    );
    for (const s of suggestions) expect(s.mentor.id).not.toBe(s.mentee.id);
  });

  it("gives nobody more than the load limit, counting pairings in force, and skips gaps already paired", () => {
    // Ben is the only one strong; four teammates have the gap.
    const evidence = [
      ...times(10, () => conv("ben", 4)),
      ...["ada", "cy", "dee", "eve"].flatMap((id) => times(6, () => conv(id, 2))),
    ];
    const free = suggestPairings({ members, evidence, pairings: [] });
    expect(free.filter((s) => s.mentor.id === "ben").length).toBe(MENTOR_LOAD_LIMIT);
    const busy = suggestPairings({
      members,
      evidence,
      pairings: [{ mentorId: "ben", menteeId: "ada", skill: "clear_next_steps", topic: null }],
    });
    // Ada is paired already; Ben has room for one more.
    expect(busy.map((s) => s.mentee.id)).not.toContain("ada");
    expect(busy.filter((s) => s.mentor.id === "ben")).toHaveLength(MENTOR_LOAD_LIMIT - 1);
    const full = suggestPairings({
      members,
      evidence,
      pairings: [
        { mentorId: "ben", menteeId: "ada", skill: "empathy", topic: null },
        { mentorId: "ben", menteeId: "cy", skill: "empathy", topic: null },
      ],
    });
    // Ben already mentors Ada and Cy (in another skill): he may take their next steps too, nobody else.
    expect(full.map((s) => [s.mentor.id, s.mentee.id]).sort()).toEqual([
      ["ben", "ada"],
      ["ben", "cy"],
    ]);
  });

  it("suggests a person's biggest gaps only, at most the per-person number", () => {
    const evidence = [
      ...times(6, () =>
        conv("ada", 0, { qa: { clear_next_steps: 0, empathy: 0, ownership: 1, accuracy: 2 } }),
      ),
      ...times(6, () =>
        conv("ben", 4, { qa: { clear_next_steps: 4, empathy: 4, ownership: 4, accuracy: 4 } }),
      ),
    ];
    const suggestions = suggestPairings({ members, evidence, pairings: [] });
    expect(suggestions.map((s) => s.skill)).toEqual(["clear_next_steps", "empathy", "ownership"]);
    expect(suggestions).toHaveLength(SUGGESTIONS_PER_PERSON);
  });

  it("matches a gap within a topic to someone strong in that topic", () => {
    const evidence = [
      // Ada is fine on returns but weak on billing; Cy is strong on billing, Ben only on returns.
      ...times(6, () => conv("ada", 4, { topic: "returns" })),
      ...times(6, () => conv("ada", 1, { topic: "billing" })),
      ...times(6, () => conv("ben", 4, { topic: "returns" })),
      ...times(6, () => conv("ben", 2, { topic: "billing" })),
      ...times(6, () => conv("cy", 4, { topic: "billing" })),
    ];
    const suggestions = suggestPairings({ members, evidence, pairings: [] });
    const ada = suggestions.find((s) => s.mentee.id === "ada");
    expect(ada).toMatchObject({ mentor: { id: "cy" }, topic: "billing", skill: "clear_next_steps" });
    expect(ada?.reason).toContain("conversations about billing");
  });

  it("reads each conversation's evidence a bounded number of times, not once per person, skill and topic", () => {
    // A team of 40 with 33,000 conversations took two minutes of the server's thread: every
    // verdict filtered every conversation again. Counted here by reads of each one's agent.
    let reads = 0;
    const counted = (e: SkillEvidenceRecord): SkillEvidenceRecord => {
      const { agentId, ...rest } = e;
      return Object.defineProperty(rest, "agentId", {
        enumerable: true,
        get: () => {
          reads++;
          return agentId;
        },
      }) as SkillEvidenceRecord;
    };
    const evidence = members.flatMap((m, i) =>
      ["billing", "refunds"].flatMap((topic) =>
        times(6, () =>
          counted(
            conv(m.id, i % 5, {
              topic,
              qa: { clear_next_steps: i % 5, empathy: 4 - (i % 5) },
              agentLines: 2,
              cueLines: i % 2 === 0 ? { hedging: 1 } : {},
            }),
          ),
        ),
      ),
    );
    const suggestions = suggestPairings({ members, evidence, pairings: [] });
    expect(suggestions.length).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual((members.length + 2) * evidence.length);
  });

  it("phrases rate skills in times out of ten", () => {
    expect(
      pairingReason("uses_name", "billing", { name: "Ben", level: 90 }, { name: "Ada", level: 40 }),
    ).toBe("Ben's conversations about billing address the customer by name 9 times in 10; Ada's 4 in 10.");
  });
});

describe("from the database's sums", () => {
  /** What summariseSkillEvidence returns for these cards: each person's, topic's and skill's sum and count. */
  function sumsOf(evidence: readonly SkillEvidenceRecord[], byAgent: boolean): SkillTallyRecord[] {
    const sums = new Map<string, SkillTallyRecord>();
    const add = (e: SkillEvidenceRecord, skill: string | null, value: number) => {
      const agentId = byAgent ? e.agentId : null;
      const key = `${agentId}|${e.topic}|${skill}`;
      const row = sums.get(key) ?? { agentId, topic: e.topic, skill, sum: 0, n: 0 };
      row.sum += value;
      row.n += 1;
      sums.set(key, row);
    };
    for (const e of evidence) {
      add(e, null, 0);
      for (const [skill, value] of skillValues(e)) add(e, skill, value);
    }
    return [...sums.values()];
  }
  const team = [
    ...times(8, () => conv("ana", 1, { topic: "refunds", agentLines: 2, cueLines: { hedging: 1 } })),
    ...times(6, () => conv("ana", 2, { topic: null, helped: true, endEmotion: "angry" })),
    ...times(9, () => conv("ben", 4, { topic: "refunds", agentLines: 1, cueLines: { customer_name: 1 } })),
    ...times(7, () => conv("ben", 3, { topic: "billing", helped: true, endEmotion: "satisfied" })),
    ...times(6, () => conv("cho", 0, { topic: "billing", closedAt: SINCE - 3 * DAY })),
    ...times(6, () => conv("cho", 2, { topic: "refunds", agentLines: 3, cueLines: { paraphrase: 2 } })),
  ];
  const period = { since: SINCE, until: UNTIL, previousSince: SINCE - 28 * DAY };

  it("builds the same skill map from the person's cards and the rest of the team's sums", () => {
    for (const personId of ["ana", "ben", "cho"]) {
      const rest = team.filter((e) => e.agentId !== personId && e.closedAt >= SINCE);
      expect(
        buildSkillMapOf({
          personId,
          own: team.filter((e) => e.agentId === personId),
          rest: talliesOf(sumsOf(rest, false)).tallies,
          ...period,
        }),
      ).toEqual(buildSkillMap({ personId, evidence: team, ...period }));
    }
  });

  it("suggests the same pairings from each person's sums", () => {
    const members = ["ana", "ben", "cho"].map((id) => ({ id, name: id.toUpperCase() }));
    const current = team.filter((e) => e.closedAt >= SINCE);
    const { tallies, topics } = talliesOf(sumsOf(current, true));
    const suggestions = suggestPairings({ members, evidence: current, pairings: [] });
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestPairingsOf({ members, tallies, topics, pairings: [] })).toEqual(suggestions);
  });

  it("measures in the database the skills skillValues reads, and leaves out a skill it does not know", () => {
    expect(SKILL_MEASURES.qa).toContain("clear_next_steps");
    expect(SKILL_MEASURES.cues).toContainEqual({
      skill: "no_hedging",
      kinds: ["hedging", "vague_answer"],
      good: false,
    });
    expect(SKILL_MEASURES.calm).toEqual(["neutral", "satisfied"]);
    const { tallies } = talliesOf([{ agentId: null, topic: null, skill: "juggling", sum: 1, n: 1 }]);
    expect(tallies.size).toBe(0);
  });
});
