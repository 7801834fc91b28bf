import {
  assignHuddleActionBodySchema,
  huddleActionParamsSchema,
  huddleActionResponseSchema,
  huddleAgendaQuerySchema,
  huddleAgendaResponseSchema,
  updateHuddleActionBodySchema,
  type HuddleAction,
} from "../../protocol/huddles.ts";
import {
  assignHuddleAction,
  findHuddleActionById,
  findPersonById,
  findTeamById,
  listPeople,
  setHuddleActionStatus,
  type HuddleActionRecord,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { canReadTeam, isLeadOf } from "../policies.ts";
import { nameVariants, redactReferences, redactText } from "../loop2/redaction.ts";
import { buildAgenda, currentUpdateTitles } from "./agenda.ts";

/** The OpenAPI tag of the huddle routes (test/server/huddles.test.ts covers each route for every role). */
export const HUDDLE_TAG = "huddles";

/*
 * Who may do what: everyone in a team reads its agendas (the warm-up names no agent; the check-in's
 * observation is the reader's own; who to check on is for leads); a lead of the team (or an admin)
 * names champions; a champion marks their own update done, as may a lead.
 */

async function readableTeam(ctx: ServerContext, principal: Principal, teamId: string): Promise<void> {
  const team = await findTeamById(ctx.store, principal.orgId, teamId);
  if (team === null || !canReadTeam(principal, teamId)) throw notFound("team");
}

export function registerHuddleRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/huddles/agenda",
    summary:
      "The buddy-boost agendas of a team's shift: warm-up (pairs, a recent hard conversation, two quick wins), mid-shift check-in, post-shift huddle (top three patterns and their champions)",
    tag: HUDDLE_TAG,
    auth: "person",
    schemas: { query: huddleAgendaQuerySchema },
    response: huddleAgendaResponseSchema,
    handler: async ({ principal, query }) => {
      await readableTeam(ctx, principal, query.teamId);
      return buildAgenda({
        db: ctx.store,
        principal,
        orgId: principal.orgId,
        teamId: query.teamId,
        date: query.date,
        since: Date.parse(query.since),
        until: Date.parse(query.until),
        now: ctx.now(),
      });
    },
  });

  register({
    method: "PUT",
    url: "/huddles/actions",
    summary: "Name the champion who writes the procedure update one of the day's patterns calls for (leads)",
    tag: HUDDLE_TAG,
    auth: "person",
    schemas: { body: assignHuddleActionBodySchema },
    response: huddleActionResponseSchema,
    handler: async ({ principal, body, request }) => {
      await readableTeam(ctx, principal, body.teamId);
      if (!isLeadOf(principal, body.teamId)) throw forbidden("Only a lead of this team names champions");
      const owner = await findPersonById(ctx.store, principal.orgId, body.ownerId);
      if (owner === null || owner.deactivatedAt !== null || !owner.teamIds.includes(body.teamId))
        throw notFound("person in this team");
      const action = await runCommand(ctx, async (tx) => {
        const written = await assignHuddleAction(tx, {
          orgId: principal.orgId,
          teamId: body.teamId,
          day: body.date,
          pattern: body.pattern,
          title: body.title,
          ownerId: owner.id,
          createdBy: principal.personId,
        });
        return {
          result: written,
          // The champion is told (their own person room); a lead naming themself needs no telling.
          events:
            owner.id === principal.personId
              ? []
              : [
                  {
                    orgId: principal.orgId,
                    personId: owner.id,
                    type: "huddle.champion_named",
                    payload: { actionId: written.id, personId: principal.personId },
                  },
                ],
          audit: [
            auditEntry(principal, "huddle.champion_named", "team", body.teamId, request.id, {
              actionId: written.id,
              ownerId: owner.id,
              pattern: body.pattern,
            }),
          ],
        };
      });
      return { action: present(action, owner.displayName, true, await shownTitle(ctx, action)) };
    },
  });

  register({
    method: "PATCH",
    url: "/huddles/actions/:id",
    summary: "Mark a procedure update done (with a note) or open again: its champion or a lead of the team",
    tag: HUDDLE_TAG,
    auth: "person",
    schemas: {
      params: huddleActionParamsSchema,
      body: updateHuddleActionBodySchema,
    },
    response: huddleActionResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const existing = await findHuddleActionById(ctx.store, principal.orgId, params.id);
      if (existing === null || !canReadTeam(principal, existing.teamId)) throw notFound("huddle action");
      const lead = isLeadOf(principal, existing.teamId);
      if (!lead && existing.ownerId !== principal.personId)
        throw forbidden("Only its champion or a lead of the team may change it");
      const updated = await runCommand(ctx, async (tx) => {
        const written = await setHuddleActionStatus(tx, {
          orgId: principal.orgId,
          id: existing.id,
          status: body.status,
          note: body.note,
          at: ctx.now(),
        });
        return {
          result: written,
          events: [],
          audit: [
            auditEntry(
              principal,
              body.status === "done" ? "huddle.update_done" : "huddle.update_reopened",
              "team",
              existing.teamId,
              request.id,
              { actionId: existing.id },
            ),
          ],
        };
      });
      const owner = await findPersonById(ctx.store, principal.orgId, updated.ownerId);
      return { action: present(updated, owner?.displayName ?? "", true, await shownTitle(ctx, updated)) };
    },
  });
}

/** The update's title as the agenda shows it (in the current wording when it was saved as suggested). */
async function shownTitle(ctx: ServerContext, a: HuddleActionRecord): Promise<string> {
  const staffNames = (await listPeople(ctx.store, { orgId: a.orgId })).flatMap((p) =>
    nameVariants(p.displayName),
  );
  const titles = await currentUpdateTitles(ctx.store, [a], (text) =>
    redactReferences(redactText(text, staffNames)),
  );
  return titles.get(a.id) ?? a.title;
}

function present(a: HuddleActionRecord, ownerName: string, editable: boolean, title: string): HuddleAction {
  return {
    id: a.id,
    teamId: a.teamId,
    date: a.day,
    pattern: a.pattern,
    title,
    owner: { id: a.ownerId, name: ownerName },
    status: a.status,
    note: a.note,
    createdAt: new Date(a.createdAt).toISOString(),
    doneAt: a.doneAt === null ? null : new Date(a.doneAt).toISOString(),
    editable,
  };
}
