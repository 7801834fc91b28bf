import {
  answerPulseBodySchema,
  answerPulseResponseSchema,
  enps,
  openPulseBodySchema,
  PULSE_COMMENT_PROMPT,
  PULSE_MIN_ANSWERS,
  PULSE_QUESTION,
  pulseIdParamsSchema,
  pulsePromptsResponseSchema,
  pulseResponseSchema,
  pulsesQuerySchema,
  teamPulsesResponseSchema,
  type Pulse,
} from "../../protocol/index.ts";
import {
  answerPulse,
  closePulseEarly,
  findPulse,
  findTeamById,
  isPulseOpen,
  listPulsesAwaiting,
  listTeamPulses,
  listTeams,
  openPulse,
  pulseEndsAt,
  readPulseResults,
  StoreError,
  type PulseRecord,
  type PulseResults,
  type Queryable,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { AppError, forbidden, invalidState, notFound } from "../errors.ts";
import { canReadTeam, isLeadOf } from "../policies.ts";

/*
 * Employee pulses (eNPS), docs/ARCHITECTURE.md "Employee pulses (eNPS)". A team's leads (and
 * admins) open, close and read its pulses; the team's own agents and leads answer them. Another
 * team's pulse is NOT_FOUND, as if it did not exist. Nothing here records or answers who answered:
 * not the audit log (opening and closing are audited; answering is not), not an event, not a response.
 */

/** The OpenAPI tag of these routes: test/server/pulses.test.ts covers every route under it. */
export const PULSES_TAG = "pulses";

const DAY_MS = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** A pulse as a lead reads it: the results only when closed with enough answers (`readPulseResults`). */
export function presentPulse(p: PulseRecord, results: PulseResults | null, now: number): Pulse {
  const open = isPulseOpen(p, now);
  const counted =
    results === null
      ? null
      : (() => {
          const sum = (from: number, to: number) =>
            results.scores.slice(from, to + 1).reduce((s, n) => s + n, 0);
          const promoters = sum(9, 10);
          const passives = sum(7, 8);
          const detractors = sum(0, 6);
          return {
            promoters,
            passives,
            detractors,
            enps: enps({ promoters, detractors, answers: promoters + passives + detractors }),
            comments: results.comments,
          };
        })();
  return {
    id: p.id,
    teamId: p.teamId,
    openedAt: iso(p.openedAt),
    closesAt: iso(p.closesAt),
    closedAt: open ? null : iso(pulseEndsAt(p)),
    closedEarly: p.closedEarlyAt !== null,
    status: open ? "open" : "closed",
    invited: p.invited,
    answers: p.answers,
    visibility: open ? "open" : counted === null ? "too_few" : "shown",
    results: counted,
  };
}

async function presentWithResults(db: Queryable, p: PulseRecord, now: number): Promise<Pulse> {
  const results =
    isPulseOpen(p, now) || p.answers < PULSE_MIN_ANSWERS
      ? null
      : await readPulseResults(db, { orgId: p.orgId, pulseId: p.id, minAnswers: PULSE_MIN_ANSWERS, at: now });
  return presentPulse(p, results, now);
}

/** The team, if the caller leads it (or is an admin): another team is NOT_FOUND, an agent's FORBIDDEN. */
async function ledTeam(ctx: ServerContext, p: Principal, teamId: string) {
  const team = canReadTeam(p, teamId) ? await findTeamById(ctx.store, p.orgId, teamId) : null;
  if (team === null) throw notFound("team");
  if (!isLeadOf(p, team.id)) throw forbidden("Only a lead of this team may run its employee pulses");
  return team;
}

/** A pulse the caller's team owns: another team's (or a missing one) is NOT_FOUND. */
async function readablePulse(ctx: ServerContext, p: Principal, id: string): Promise<PulseRecord> {
  const pulse = await findPulse(ctx.store, p.orgId, id);
  if (pulse === null || !canReadTeam(p, pulse.teamId)) throw notFound("pulse");
  return pulse;
}

export function registerPulseRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "POST",
    url: "/pulses",
    summary: `Open an employee pulse (eNPS) for a team (its leads, admins): its active agents and leads are asked "${PULSE_QUESTION}" for 1 to 14 days (default 3). One open pulse per team; audited`,
    tag: PULSES_TAG,
    auth: "person",
    status: 201,
    schemas: { body: openPulseBodySchema },
    response: pulseResponseSchema,
    handler: async ({ principal, body, request }) => {
      const team = await ledTeam(ctx, principal, body.teamId);
      const now = ctx.now();
      const pulse = await runCommand(ctx, async (tx) => {
        let opened: PulseRecord;
        try {
          opened = await openPulse(tx, {
            orgId: principal.orgId,
            teamId: team.id,
            openedBy: principal.personId,
            closesAt: now + body.days * DAY_MS,
            at: now,
          });
        } catch (error) {
          if (error instanceof StoreError && error.code === "CONFLICT")
            throw new AppError(
              "CONFLICT",
              `${team.name} already has an open pulse: close it first, or wait until it closes`,
            );
          throw error;
        }
        // Results show only from PULSE_MIN_ANSWERS answers on, so a smaller team's pulse never could:
        // refuse it (the transaction is rolled back) rather than ask people for answers nobody sees.
        if (opened.invited < PULSE_MIN_ANSWERS)
          throw invalidState(
            `${team.name} has ${opened.invited} ${opened.invited === 1 ? "person" : "people"} to ask (its active agents and leads), and a pulse shows its results only once ${PULSE_MIN_ANSWERS} have answered, so this one never could. Add people to the team first`,
          );
        return {
          result: opened,
          events: [
            {
              orgId: principal.orgId,
              teamId: team.id,
              type: "pulse.opened",
              payload: { pulseId: opened.id },
            },
          ],
          audit: [
            auditEntry(principal, "pulse.opened", "team", team.id, request.id, {
              pulseId: opened.id,
              days: body.days,
              closesAt: iso(opened.closesAt),
              invited: opened.invited,
            }),
          ],
        };
      });
      return { pulse: presentPulse(pulse, null, now) };
    },
  });

  register({
    method: "POST",
    url: "/pulses/:id/close",
    summary:
      "Close an open employee pulse now (a lead of its team, an admin): it takes no more answers, and shows its results if enough people answered; audited",
    tag: PULSES_TAG,
    auth: "person",
    schemas: { params: pulseIdParamsSchema },
    response: pulseResponseSchema,
    handler: async ({ principal, params, request }) => {
      const pulse = await readablePulse(ctx, principal, params.id);
      if (!isLeadOf(principal, pulse.teamId))
        throw forbidden("Only a lead of this team may close its employee pulse");
      const now = ctx.now();
      const closed = await runCommand(ctx, async (tx) => {
        const result = await closePulseEarly(tx, {
          orgId: principal.orgId,
          id: pulse.id,
          closedBy: principal.personId,
          at: now,
        });
        if (result === null) throw invalidState("This pulse has already closed");
        return {
          result,
          events: [
            {
              orgId: principal.orgId,
              teamId: pulse.teamId,
              type: "pulse.closed",
              payload: { pulseId: pulse.id },
            },
          ],
          audit: [
            auditEntry(principal, "pulse.closed", "team", pulse.teamId, request.id, {
              pulseId: pulse.id,
              answers: result.answers,
              invited: result.invited,
            }),
          ],
        };
      });
      return { pulse: await presentWithResults(ctx.store, closed, now) };
    },
  });

  register({
    method: "GET",
    url: "/pulses",
    summary: `A team's employee pulses, newest first (its leads, admins): each one's answers so far and, once closed with at least ${PULSE_MIN_ANSWERS} answers, promoters (9–10), passives (7–8), detractors (0–6), the eNPS and the comments in a random order. Never who answered`,
    tag: PULSES_TAG,
    auth: "person",
    schemas: { query: pulsesQuerySchema },
    response: teamPulsesResponseSchema,
    handler: async ({ principal, query }) => {
      const team = await ledTeam(ctx, principal, query.teamId);
      const now = ctx.now();
      const pulses = await listTeamPulses(ctx.store, { orgId: principal.orgId, teamId: team.id, limit: 60 });
      return {
        team: { id: team.id, name: team.name },
        minAnswers: PULSE_MIN_ANSWERS,
        pulses: await Promise.all(pulses.map((p) => presentWithResults(ctx.store, p, now))),
      };
    },
  });

  register({
    method: "GET",
    url: "/pulses/mine",
    summary:
      "The open employee pulses I was asked and have not answered yet (a member of the team: agent or lead): the question only",
    tag: PULSES_TAG,
    auth: "person",
    schemas: {},
    response: pulsePromptsResponseSchema,
    handler: async ({ principal }) => {
      const [waiting, teams] = await Promise.all([
        listPulsesAwaiting(ctx.store, {
          orgId: principal.orgId,
          personId: principal.personId,
          at: ctx.now(),
        }),
        listTeams(ctx.store, principal.orgId),
      ]);
      const teamName = new Map(teams.map((t) => [t.id, t.name]));
      return {
        pulses: waiting
          // Asked while a member: one who has left the team since is not asked any more.
          .filter((p) => principal.teamIds.includes(p.teamId))
          .map((p) => ({
            id: p.id,
            team: { id: p.teamId, name: teamName.get(p.teamId) ?? "" },
            question: PULSE_QUESTION,
            commentPrompt: PULSE_COMMENT_PROMPT,
            closesAt: iso(pulseEndsAt(p)),
          })),
      };
    },
  });

  register({
    method: "POST",
    url: "/pulses/:id/answers",
    summary:
      "Answer an open employee pulse of my team, once (an agent or lead it asked): a score from 0 to 10 and an optional comment. Stored without my name or the time; a second answer is 409",
    tag: PULSES_TAG,
    auth: "person",
    status: 201,
    schemas: { params: pulseIdParamsSchema, body: answerPulseBodySchema },
    response: answerPulseResponseSchema,
    handler: async ({ principal, params, body }) => {
      const pulse = await readablePulse(ctx, principal, params.id);
      if (!principal.teamIds.includes(pulse.teamId))
        throw forbidden("Only the members of this team answer its pulse");
      const comment = body.comment?.trim() ?? "";
      const outcome = await answerPulse(ctx.store, {
        orgId: principal.orgId,
        pulseId: pulse.id,
        personId: principal.personId,
        score: body.score,
        comment: comment === "" ? null : comment,
        at: ctx.now(),
      });
      switch (outcome) {
        case "recorded":
          return { recorded: true as const };
        case "already_answered":
          throw new AppError(
            "CONFLICT",
            "You have already answered this pulse; each person answers once, and an answer cannot be changed (it is not kept with your name)",
          );
        case "not_invited":
          throw forbidden("You joined the team after this pulse opened; the next one will ask you");
        case "closed":
          throw invalidState("This pulse has closed and takes no more answers");
        case "not_found":
          throw notFound("pulse");
      }
    },
  });
}
