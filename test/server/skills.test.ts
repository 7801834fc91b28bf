/**
 * Loop 3's skill map and mentorship over in-process HTTP against a real (PGlite) store: levels and
 * verdicts against the team, the audit of a lead's read, bad input, and pairings (never with
 * oneself, at most two people per mentor, seen by both people). Who may call what:
 * skills-privacy.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SkillMap } from "../../src/protocol/index.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { addTeamMember } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";
import { seedScoredConversations, seedTeamSkills } from "./skillsSeed.ts";

let world: World;
let seeded: { agentA: string[]; peerA: string[] };

beforeAll(async () => {
  world = await createWorld();
  seeded = await seedTeamSkills(world);
});
afterAll(async () => {
  await world?.close();
});

const mapOf = async (
  who: keyof World["people"],
  as: keyof World["people"],
  query = "",
): Promise<SkillMap> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/skills/people/${world.people[who].id}${query}`,
    as,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().skillMap;
};
const skill = (map: SkillMap, name: string) => {
  const s = map.skills.find((x) => x.skill === name);
  if (s === undefined) throw new Error(`no ${name}`);
  return s;
};
const auditOf = async (action: string) =>
  (await world.inject({ method: "GET", url: `/api/v1/audit?action=${action}`, as: "admin" })).json()
    .entries as {
    action: string;
    actor: { id: string } | null;
    target: { type: string; id: string } | null;
  }[];

describe("a person's skill map", () => {
  it("levels each skill against the rest of the team: a gap where they fall short, with the conversations behind it", async () => {
    const map = await mapOf("agentA", "agentA");
    expect(map.person).toMatchObject({ id: world.people.agentA.id, name: "Aaron Agent" });
    expect(map.conversations).toBe(6);
    expect(map.topics).toEqual([{ topic: "billing", conversations: 6 }]);
    expect(skill(map, "clear_next_steps")).toMatchObject({
      level: 25,
      conversations: 6,
      teamLevel: 87.5,
      teamConversations: 12,
      verdict: "gap",
    });
    expect(skill(map, "empathy")).toMatchObject({ level: 75, teamLevel: 75, verdict: "typical" });
    // Another team's conversations never count in team A's level.
    expect(skill(map, "clear_next_steps").examples).toHaveLength(5);
    for (const e of skill(map, "clear_next_steps").examples)
      expect(seeded.agentA).toContain(e.conversationId);
    expect(skill(map, "clear_next_steps").topics[0]).toMatchObject({ topic: "billing", verdict: "gap" });
    const peer = await mapOf("peerA", "peerA");
    expect(skill(peer, "clear_next_steps").verdict).toBe("strength");
    // The default period is the 90 days up to now; the previous period is the 90 before.
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(days(map.period.since, map.period.until)).toBe(90);
    expect(map.previousPeriod.until).toBe(map.period.since);
  });

  it("says not enough yet with fewer conversations than the rule asks, however far from the team", async () => {
    await seedScoredConversations(world, {
      agent: "leadB",
      team: "b",
      count: 2,
      scores: { clear_next_steps: 4 },
    });
    const map = await mapOf("leadB", "leadB");
    expect(skill(map, "clear_next_steps")).toMatchObject({
      level: 100,
      conversations: 2,
      teamLevel: 0,
      verdict: "not_enough",
    });
    expect(map.rule.minConversations).toBeGreaterThan(2);
  });

  it("counts a conversation that went through ingest, close and loop 2's scorecard", async () => {
    const token = await world.token("leadA", ["ingest"]);
    let conversationId = "";
    const lines = [
      { role: "customer", text: "Hi, I was charged twice for my order and I'm upset." },
      { role: "agent", text: "I'm sorry about that, Nia. I will refund the second charge by Friday." },
      { role: "customer", text: "Thanks, that helps." },
    ];
    for (const [i, line] of lines.entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "skills-real",
          senderMessageId: `skills-real-${i}`,
          topic: "payments",
          author: line.role === "agent" ? world.people.agentA.email : "Nia",
          at: new Date(Date.now() - 60_000 + i * 1000).toISOString(),
          ...line,
        }),
      );
      expect(r.statusCode, r.body).toBe(200);
      conversationId = r.json().results[0].conversationId;
    }
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const map = await mapOf("agentA", "agentA");
    expect(map.conversations).toBe(7);
    expect(map.topics).toContainEqual({ topic: "payments", conversations: 1 });
    // The agent's own line used the customer's name: the cue skills now have evidence.
    expect(skill(map, "uses_name").conversations).toBe(1);
    expect(skill(map, "uses_name").level).toBe(100);
  });

  it("audits a lead's and an admin's read of someone's map, not a person's read of their own", async () => {
    const before = (await auditOf("skill_map.read")).length;
    await mapOf("agentA", "agentA");
    expect((await auditOf("skill_map.read")).length).toBe(before);
    await mapOf("agentA", "leadA");
    await mapOf("agentA", "admin");
    const entries = await auditOf("skill_map.read");
    expect(entries.length).toBe(before + 2);
    expect(entries.slice(0, 2).map((e) => [e.actor?.id, e.target?.type, e.target?.id])).toEqual([
      [world.people.admin.id, "person", world.people.agentA.id],
      [world.people.leadA.id, "person", world.people.agentA.id],
    ]);
  });

  it("answers bad input with 400 naming the problem", async () => {
    const url = `/api/v1/skills/people/${world.people.agentA.id}`;
    const problem = async (path: string) => {
      const r = await world.inject({ method: "GET", url: path, as: "agentA" });
      expect(r.statusCode, r.body).toBe(400);
      return JSON.stringify(r.json().error.details.issues);
    };
    expect(await problem(`${url}?since=yesterday`)).toContain("since");
    expect(await problem(`${url}?since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z`)).toContain(
      "must be later than since",
    );
    expect(await problem(`${url}?since=2024-01-01T00:00:00Z&until=2026-03-01T00:00:00Z`)).toContain(
      "366 days",
    );
    expect(await problem(`${url}?until=2000-01-01T00:00:00Z&since=1999-01-01T00:00:00Z&x=1`)).toContain("x");
    // A since after now with until left to default.
    expect(await problem(`${url}?since=2099-01-01T00:00:00Z`)).toContain("earlier than until");
    expect(await problem("/api/v1/skills/people/not-an-id")).toContain("personId");
    expect(await problem(`/api/v1/skills/teams/nope/mentorship`)).toContain("teamId");
  });

  it("reads a chosen period, its recent half against what came before for the trend", async () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const map = await mapOf("agentA", "leadA", `?since=${since}&until=${until}`);
    expect(map.period).toEqual({
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    });
    expect(skill(map, "clear_next_steps").weeks.length).toBe(2);
    // A week's period: its last half against its first, then the week before it.
    const half = Math.floor((Date.parse(until) - Date.parse(since)) / 2);
    expect(map.recentPeriod.since).toBe(new Date(Date.parse(until) - half).toISOString());
    expect(skill(map, "clear_next_steps").previous).toMatchObject({ level: null, conversations: 0 });
    expect(skill(map, "clear_next_steps").change).toBeNull();
  });
});

describe("mentorship pairing", () => {
  it("suggests a teammate strong where an agent falls short, with why in numbers", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/skills/teams/${world.teams.a}/mentorship`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    const suggestions = r.json().suggestions as {
      mentee: { id: string };
      mentor: { id: string };
      skill: string;
      reason: string;
    }[];
    const mine = suggestions.find(
      (s) => s.mentee.id === world.people.agentA.id && s.skill === "clear_next_steps",
    );
    expect(mine?.mentor.id).toBe(world.people.peerA.id);
    expect(mine?.reason).toMatch(
      /^Petra Peer's conversations score 4\.0 of 4 on clear next steps; Aaron Agent's/,
    );
    for (const s of suggestions) expect(s.mentor.id).not.toBe(s.mentee.id);
  });

  it("records a pairing both people then see, refuses oneself, a duplicate, another team's person and a third mentee; ends it", async () => {
    const post = (payload: Record<string, unknown>) =>
      world.inject({ method: "POST", url: "/api/v1/skills/pairings", as: "leadA", payload });
    const base = {
      teamId: world.teams.a,
      mentorId: world.people.peerA.id,
      menteeId: world.people.agentA.id,
      skill: "clear_next_steps",
      topic: "billing",
      reason: "Petra's conversations end with a clear next step.",
    };
    const self = await post({ ...base, menteeId: world.people.peerA.id });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain("nobody mentors themself");
    const badSkill = await post({ ...base, skill: "juggling" });
    expect(badSkill.statusCode).toBe(400);
    expect(badSkill.body).toContain("skill");
    const otherTeam = await post({ ...base, menteeId: world.people.agentB.id });
    expect(otherTeam.statusCode).toBe(400);
    expect(otherTeam.body).toContain("menteeId");

    const created = await post(base);
    expect(created.statusCode, created.body).toBe(201);
    const pairing = created.json().pairing;
    expect(pairing).toMatchObject({
      mentor: { name: "Petra Peer" },
      mentee: { name: "Aaron Agent" },
      endedAt: null,
    });
    expect((await post(base)).statusCode).toBe(409);
    for (const who of ["agentA", "peerA"] as const)
      expect((await mapOf(who, who)).pairings.map((p) => p.id)).toContain(pairing.id);
    expect((await mapOf("peer2A", "peer2A")).pairings).toEqual([]);
    // The suggestion it answers is no longer suggested.
    const after = (
      await world.inject({
        method: "GET",
        url: `/api/v1/skills/teams/${world.teams.a}/mentorship`,
        as: "leadA",
      })
    ).json();
    expect(after.pairings.map((p: { id: string }) => p.id)).toContain(pairing.id);

    // Petra takes on a second person; a third is refused.
    const second = await post({ ...base, menteeId: world.people.peer2A.id });
    expect(second.statusCode, second.body).toBe(201);
    const third = await post({ ...base, menteeId: world.people.leadA.id });
    expect(third.statusCode).toBe(409);
    expect(third.json().error.message).toContain("already mentors 2 people");
    // The same mentee in another skill is no extra person.
    expect((await post({ ...base, skill: "empathy" })).statusCode).toBe(201);

    const ended = await world.inject({
      method: "POST",
      url: `/api/v1/skills/pairings/${pairing.id}/end`,
      as: "leadA",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().pairing.endedAt).not.toBeNull();
    const again = await world.inject({
      method: "POST",
      url: `/api/v1/skills/pairings/${pairing.id}/end`,
      as: "leadA",
    });
    expect(again.statusCode).toBe(409);
    expect((await mapOf("agentA", "agentA")).pairings.map((p) => p.id)).not.toContain(pairing.id);
    const audit = await auditOf("pairing.");
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["pairing.agreed", "pairing.ended"]));
  });
});

describe("an agent in two teams", () => {
  it("shows each team's lead only that team's conversations in the agent's map", async () => {
    await addTeamMember(world.store, {
      orgId: world.orgId,
      teamId: world.teams.a,
      personId: world.people.agentB.id,
    });
    const inA = await seedScoredConversations(world, {
      agent: "agentB",
      team: "a",
      count: 2,
      scores: { clear_next_steps: 4 },
      topic: "team-a-only",
    });
    const byLeadA = await mapOf("agentB", "leadA");
    expect(byLeadA.person.teams.map((t) => t.id)).toEqual([world.teams.a]);
    expect(byLeadA.conversations).toBe(2);
    expect(byLeadA.topics).toEqual([{ topic: "team-a-only", conversations: 2 }]);
    const examples = byLeadA.skills.flatMap((s) => s.examples.map((e) => e.conversationId));
    for (const id of examples) expect(inA).toContain(id);
    const byLeadB = await mapOf("agentB", "leadB");
    expect(byLeadB.person.teams.map((t) => t.id)).toEqual([world.teams.b]);
    expect(byLeadB.topics.map((t) => t.topic)).not.toContain("team-a-only");
    // The agent and an admin see both.
    expect((await mapOf("agentB", "agentB")).conversations).toBe(byLeadB.conversations + 2);
    expect((await mapOf("agentB", "admin")).person.teams).toHaveLength(2);
  });
});

describe("a lead's review", () => {
  it("counts over the engine's score: a reviewed item moves the level", async () => {
    const before = skill(await mapOf("agentA", "agentA"), "clear_next_steps");
    const [first] = seeded.agentA;
    const review = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${first}/scorecard/review`,
      as: "leadA",
      payload: { items: { clear_next_steps: 4 } },
    });
    expect(review.statusCode, review.body).toBe(200);
    const after = skill(await mapOf("agentA", "agentA"), "clear_next_steps");
    expect(after.conversations).toBe(before.conversations);
    // One conversation of seven moved from 1 of 4 to 4 of 4: three quarters of a conversation's worth.
    expect(after.level).toBeCloseTo((before.level ?? 0) + 75 / before.conversations, 0);
  });
});
