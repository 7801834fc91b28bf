import {
  createPairingBodySchema,
  mentorshipResponseSchema,
  pairingIdParamsSchema,
  pairingResponseSchema,
  personIdParamsSchema,
  SKILL_NAMES,
  SKILL_PERIOD_MAX_DAYS,
  skillMapResponseSchema,
  skillPeopleQuerySchema,
  skillPeopleResponseSchema,
  skillPeriodQuerySchema,
  teamIdParamsSchema,
  type Pairing,
  type SkillName,
  type SkillPeriodQuery,
} from "../../protocol/index.ts";
import {
  appendAuditEntries,
  createPairing,
  endPairing,
  findPairing,
  findPersonById,
  findTeamById,
  listPairings,
  listPeople,
  listSkillEvidence,
  listTeams,
  summariseSkillEvidence,
  type NewEvent,
  type PairingRecord,
  type PersonRecord,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { AppError, forbidden, notFound, validationFailed } from "../errors.ts";
import { canFilterByTeam, canReadTeam, isAdmin, isLeadOf } from "../policies.ts";
import {
  buildSkillMapOf,
  MENTOR_LOAD_LIMIT,
  SKILL_MEASURES,
  SKILL_RULE,
  suggestPairingsOf,
  talliesOf,
} from "./skillMap.ts";

/*
 * Who may read what (docs/ARCHITECTURE.md, "Skill map"). A skill map is private: the person
 * themself, the leads of a team they are an agent in, and admins. Anyone else gets NOT_FOUND, as if
 * the person did not exist. A lead's or admin's read of someone else's map is audited. Mentorship
 * suggestions and pairings are the team's leads' (and admins'); the two people in a pairing see it on
 * their own skill map.
 */

const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 90;

/** The teams whose conversations the caller may see in `person`'s skill map; null when they may not read it. */
export function readableSkillMapTeams(p: Principal, person: PersonRecord): string[] | null {
  if (person.orgId !== p.orgId) return null;
  if (person.id === p.personId || isAdmin(p)) return person.teamIds;
  if (p.role === "lead" && person.role === "agent") {
    const led = person.teamIds.filter((t) => isLeadOf(p, t));
    if (led.length > 0) return led;
  }
  return null;
}

/** As `readableSkillMapTeams`, NOT_FOUND when the caller may not read it (it must look like nothing). */
function skillMapScope(p: Principal, person: PersonRecord): string[] {
  const teams = readableSkillMapTeams(p, person);
  if (teams === null) throw notFound("person");
  return teams;
}

/** since/until with their defaults (the 90 days up to now), and the same length just before. */
export function resolvePeriod(
  query: SkillPeriodQuery,
  now: number,
): { since: number; until: number; previousSince: number } {
  const until = query.until !== undefined ? Date.parse(query.until) : now;
  const since = query.since !== undefined ? Date.parse(query.since) : until - DEFAULT_PERIOD_DAYS * DAY_MS;
  // The schema compares the two only when both are given; a default can still fall on the wrong side.
  if (since >= until)
    throw validationFailed([
      { path: ["query", "since"], message: "must be earlier than until (or now)", code: "custom" },
    ]);
  if (until - since > SKILL_PERIOD_MAX_DAYS * DAY_MS)
    throw validationFailed([
      {
        path: ["query", "since"],
        message: `must be at most ${SKILL_PERIOD_MAX_DAYS} days before until (or now)`,
        code: "custom",
      },
    ]);
  return { since, until, previousSince: since - (until - since) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A pairing as `reader` may see it. Its reason is the lead's note, by default the suggestion's
 * numbers for both people ("Ben's conversations are free of hedged answers 10 times in 10; Ana's 4
 * in 10"): each one's skill map is private, so only the team's leads read it; the two people see
 * who helps whom with what.
 */
function presentPairing(p: PairingRecord, names: Map<string, string>, reader: Principal): Pairing {
  const ref = (id: string) => ({ id, name: names.get(id) ?? "someone no longer here" });
  return {
    id: p.id,
    teamId: p.teamId,
    mentor: ref(p.mentorId),
    mentee: ref(p.menteeId),
    skill: SKILL_NAMES.find((s) => s === p.skill) ?? "empathy",
    topic: p.topic,
    reason: isLeadOf(reader, p.teamId) ? p.reason : "",
    createdAt: iso(p.createdAt),
    endedAt: p.endedAt === null ? null : iso(p.endedAt),
  };
}

/**
 * A pairing's event, to its mentor's and its mentee's person rooms only (the team does not hear of
 * it); `personId` in the payload is the lead who agreed or ended it. Their skill map shows it.
 */
function pairingEvents(
  p: PairingRecord,
  type: "pairing.agreed" | "pairing.ended",
  actorId: string,
): NewEvent[] {
  return [p.mentorId, p.menteeId].map((personId) => ({
    orgId: p.orgId,
    personId,
    type,
    payload: { pairingId: p.id, personId: actorId },
  }));
}

/** A stored pairing whose skill is one this version knows (a future skill is left out, not misnamed). */
const knownSkill = (p: PairingRecord): boolean => SKILL_NAMES.includes(p.skill as SkillName);

/** The team, if the caller leads it (or is an admin): another team is NOT_FOUND, an agent's FORBIDDEN. */
async function loadLedTeam(ctx: ServerContext, p: Principal, teamId: string) {
  const team = await findTeamById(ctx.store, p.orgId, teamId);
  if (team === null || !canReadTeam(p, team.id)) throw notFound("team");
  if (!isLeadOf(p, team.id))
    throw forbidden("Only a lead of this team may see or record mentorship pairings");
  return team;
}

export function registerSkillRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/skills/people",
    summary:
      "The people whose skill map I may read: myself, and the agents of the teams I lead (all, for admins); teamId keeps one team's (a team I cannot see is not found)",
    tag: "skills",
    auth: "person",
    schemas: { query: skillPeopleQuerySchema },
    response: skillPeopleResponseSchema,
    handler: async ({ principal, query }) => {
      if (query.teamId !== undefined && !canFilterByTeam(principal, query.teamId)) throw notFound("team");
      const [people, teams] = await Promise.all([
        listPeople(ctx.store, { orgId: principal.orgId, activeOnly: true }),
        listTeams(ctx.store, principal.orgId),
      ]);
      const teamName = new Map(teams.map((t) => [t.id, t.name]));
      const readable = people.flatMap((person) => {
        const scope = readableSkillMapTeams(principal, person);
        return scope === null || (query.teamId !== undefined && !scope.includes(query.teamId))
          ? []
          : [
              {
                id: person.id,
                name: person.displayName,
                self: person.id === principal.personId,
                teams: scope.map((id) => ({ id, name: teamName.get(id) ?? "" })),
              },
            ];
      });
      return { people: readable };
    },
  });

  register({
    method: "GET",
    url: "/skills/people/:personId",
    summary:
      "A person's skill map over a period (default the last 90 days): each skill's level, trend and verdict against the rest of the team, overall and per topic, with the conversations behind it (the person, their team's leads, admins; audited when someone else reads it)",
    tag: "skills",
    auth: "person",
    schemas: { params: personIdParamsSchema, query: skillPeriodQuerySchema },
    response: skillMapResponseSchema,
    handler: async ({ principal, params, query, request }) => {
      const person = await findPersonById(ctx.store, principal.orgId, params.personId);
      if (person === null) throw notFound("person");
      const teamIds = skillMapScope(principal, person);
      const period = resolvePeriod(query, ctx.now());
      // What the map shows: the person's own cards over both periods, and the rest of the team's
      // summed by the database over this one (not the team's cards one by one).
      const [own, rest, pairings, names, teams] = await Promise.all([
        listSkillEvidence(ctx.store, {
          orgId: principal.orgId,
          teamIds,
          agentId: person.id,
          since: period.previousSince,
          until: period.until,
        }),
        summariseSkillEvidence(ctx.store, {
          orgId: principal.orgId,
          teamIds,
          since: period.since,
          until: period.until,
          byAgent: false,
          exceptAgentId: person.id,
          measures: SKILL_MEASURES,
        }),
        listPairings(ctx.store, { orgId: principal.orgId, personId: person.id, teamIds }),
        ctx.people.names(principal.orgId),
        listTeams(ctx.store, principal.orgId),
      ]);
      const built = buildSkillMapOf({ personId: person.id, own, rest: talliesOf(rest).tallies, ...period });
      if (person.id !== principal.personId)
        await appendAuditEntries(ctx.store, [
          auditEntry(principal, "skill_map.read", "person", person.id, request.id, {
            since: iso(period.since),
            until: iso(period.until),
            teamIds,
          }),
        ]);
      const teamName = new Map(teams.map((t) => [t.id, t.name]));
      return {
        skillMap: {
          person: {
            id: person.id,
            name: person.displayName,
            teams: teamIds.map((id) => ({ id, name: teamName.get(id) ?? "" })),
          },
          period: { since: iso(period.since), until: iso(period.until) },
          previousPeriod: { since: iso(period.previousSince), until: iso(period.since) },
          rule: SKILL_RULE,
          ...built,
          pairings: pairings.filter(knownSkill).map((p) => presentPairing(p, names, principal)),
        },
      };
    },
  });

  register({
    method: "GET",
    url: "/skills/teams/:teamId/mentorship",
    summary:
      "Mentorship for a team (its leads, admins): each agent's clear gaps matched to a teammate strong in that skill (nobody mentors more than two), and the pairings in force",
    tag: "skills",
    auth: "person",
    schemas: { params: teamIdParamsSchema, query: skillPeriodQuerySchema },
    response: mentorshipResponseSchema,
    handler: async ({ principal, params, query }) => {
      const team = await loadLedTeam(ctx, principal, params.teamId);
      const period = resolvePeriod(query, ctx.now());
      const [members, evidence, pairings, names] = await Promise.all([
        listPeople(ctx.store, {
          orgId: principal.orgId,
          teamId: team.id,
          roles: ["agent"],
          activeOnly: true,
        }),
        summariseSkillEvidence(ctx.store, {
          orgId: principal.orgId,
          teamIds: [team.id],
          since: period.since,
          until: period.until,
          byAgent: true,
          measures: SKILL_MEASURES,
        }),
        listPairings(ctx.store, { orgId: principal.orgId, teamIds: [team.id] }),
        ctx.people.names(principal.orgId),
      ]);
      const known = pairings.filter(knownSkill);
      const { tallies, topics } = talliesOf(evidence);
      return {
        team: { id: team.id, name: team.name },
        period: { since: iso(period.since), until: iso(period.until) },
        rule: SKILL_RULE,
        suggestions: suggestPairingsOf({
          members: members.map((m) => ({ id: m.id, name: m.displayName })),
          tallies,
          topics,
          pairings: known,
        }),
        pairings: known.map((p) => presentPairing(p, names, principal)),
      };
    },
  });

  register({
    method: "POST",
    url: "/skills/pairings",
    summary:
      "Record a mentorship pairing as agreed (a lead of the team): both people are agents of the team, the mentor mentors at most two people",
    tag: "skills",
    auth: "person",
    status: 201,
    schemas: { body: createPairingBodySchema },
    response: pairingResponseSchema,
    handler: async ({ principal, body, request }) => {
      const team = await loadLedTeam(ctx, principal, body.teamId);
      const [mentor, mentee] = await Promise.all([
        findPersonById(ctx.store, principal.orgId, body.mentorId),
        findPersonById(ctx.store, principal.orgId, body.menteeId),
      ]);
      const issues = [
        ...(mentor === null || mentor.deactivatedAt !== null || !mentor.teamIds.includes(team.id)
          ? [{ path: ["body", "mentorId"], message: "must be an active member of the team", code: "custom" }]
          : []),
        ...(mentee === null || mentee.deactivatedAt !== null || !mentee.teamIds.includes(team.id)
          ? [{ path: ["body", "menteeId"], message: "must be an active member of the team", code: "custom" }]
          : []),
      ];
      if (issues.length > 0 || mentor === null || mentee === null) throw validationFailed(issues);
      const saved = await runCommand(ctx, async (tx) => {
        // Serialises pairings of the same mentor, so two leads agreeing at once cannot pass the limit.
        await tx.query("SELECT id FROM people WHERE org_id = $1 AND id = $2 FOR UPDATE", [
          principal.orgId,
          mentor.id,
        ]);
        const inForce = await listPairings(tx, { orgId: principal.orgId, personId: mentor.id });
        const mentees = new Set(inForce.filter((p) => p.mentorId === mentor.id).map((p) => p.menteeId));
        if (!mentees.has(mentee.id) && mentees.size >= MENTOR_LOAD_LIMIT)
          throw new AppError(
            "CONFLICT",
            `${mentor.displayName} already mentors ${mentees.size} people, the most anyone takes on at once; end a pairing first`,
          );
        const result = await createPairing(tx, {
          orgId: principal.orgId,
          teamId: team.id,
          mentorId: mentor.id,
          menteeId: mentee.id,
          skill: body.skill,
          topic: body.topic ?? null,
          reason: body.reason ?? "",
          createdBy: principal.personId,
        });
        await appendAuditEntries(tx, [
          auditEntry(principal, "pairing.agreed", "person", mentee.id, request.id, {
            pairingId: result.id,
            mentorId: mentor.id,
            skill: body.skill,
            topic: body.topic ?? null,
          }),
        ]);
        return { result, events: pairingEvents(result, "pairing.agreed", principal.personId) };
      });
      return { pairing: presentPairing(saved, await ctx.people.names(principal.orgId), principal) };
    },
  });

  register({
    method: "POST",
    url: "/skills/pairings/:id/end",
    summary: "End a mentorship pairing (a lead of its team)",
    tag: "skills",
    auth: "person",
    schemas: { params: pairingIdParamsSchema },
    response: pairingResponseSchema,
    handler: async ({ principal, params, request }) => {
      const pairing = await findPairing(ctx.store, principal.orgId, params.id);
      // Its two people may know of it, but only a lead ends it; anyone else outside the team sees nothing.
      if (pairing === null || !canReadTeam(principal, pairing.teamId)) throw notFound("pairing");
      if (!isLeadOf(principal, pairing.teamId)) throw forbidden("Only a lead of this team may end a pairing");
      const ended = await runCommand(ctx, async (tx) => {
        const result = await endPairing(tx, {
          orgId: principal.orgId,
          id: pairing.id,
          endedBy: principal.personId,
        });
        if (result === null) throw new AppError("INVALID_STATE", "This pairing has already ended");
        await appendAuditEntries(tx, [
          auditEntry(principal, "pairing.ended", "person", pairing.menteeId, request.id, {
            pairingId: pairing.id,
            mentorId: pairing.mentorId,
            skill: pairing.skill,
          }),
        ]);
        return { result, events: pairingEvents(result, "pairing.ended", principal.personId) };
      });
      return { pairing: presentPairing(ended, await ctx.people.names(principal.orgId), principal) };
    },
  });
}
