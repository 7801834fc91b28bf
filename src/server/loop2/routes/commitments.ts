import {
  commitmentsOverviewQuerySchema,
  commitmentsOverviewResponseSchema,
  loop2IdParamsSchema,
  updateCommitmentBodySchema,
  updateCommitmentResponseSchema,
  type CommitmentsOverview,
} from "../../../protocol/index.ts";
import {
  findCommitmentById,
  findConversationById,
  findConversationsByIds,
  findPersonById,
  listCommitments,
  listPeople,
  OWED_COMMITMENT_STATUSES,
  setCommitmentStatus,
  type CommitmentStatus,
  type NewEvent,
  type PersonRecord,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import { auditEntry } from "../../commands/auditEntry.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { isLeadOf } from "../../policies.ts";
import { canCloseCommitment, ledTeams } from "../policies.ts";
import { nameVariants, redactText } from "../redaction.ts";

/** A commitment is "due soon" within this window: the working day ahead. */
export const COMMITMENT_DUE_SOON_MS = 24 * 60 * 60_000;

type Item = CommitmentsOverview["agents"][number]["commitments"][number];

/** Where a promise still owed stands: missed is overdue whatever the clock says (it was marked so). */
export function stateOf(dueAt: number | null, now: number, status: CommitmentStatus = "open"): Item["state"] {
  if (status === "missed") return "overdue";
  if (dueAt === null) return "no_date";
  if (dueAt < now) return "overdue";
  return dueAt < now + COMMITMENT_DUE_SOON_MS ? "due_soon" : "upcoming";
}

export function registerCommitmentRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/commitments/overview",
    summary: "Follow-ups per agent, overdue first: mine, or (leads) each agent's in my teams",
    tag: "commitments",
    auth: "person",
    schemas: { query: commitmentsOverviewQuerySchema },
    response: commitmentsOverviewResponseSchema,
    handler: async ({ principal, query }) => {
      let people: PersonRecord[];
      if (query.personId !== undefined) {
        const person = await findPersonById(ctx.store, principal.orgId, query.personId);
        const allowed =
          person !== null &&
          (person.id === principal.personId || person.teamIds.some((t) => isLeadOf(principal, t)));
        if (!allowed || person === null) throw notFound("person");
        people = [person];
      } else if (principal.role === "agent") {
        const me = await findPersonById(ctx.store, principal.orgId, principal.personId);
        people = me === null ? [] : [me];
      } else {
        const teamIds = ledTeams(principal, query.teamId);
        const all = await listPeople(ctx.store, { orgId: principal.orgId });
        people = all.filter((p) => teamIds === undefined || p.teamIds.some((t) => teamIds.includes(t)));
      }
      const now = ctx.now();
      const everyone = await listPeople(ctx.store, { orgId: principal.orgId });
      const staffNames = everyone.flatMap((p) => nameVariants(p.displayName));
      const agents: CommitmentsOverview["agents"] = [];
      for (const person of people) {
        const open = await listCommitments(ctx.store, {
          orgId: principal.orgId,
          personId: person.id,
          // Still owed: open, or missed (past due, not yet done: the most urgent of all).
          status: OWED_COMMITMENT_STATUSES,
          limit: 500,
        });
        if (open.length === 0 && people.length > 1) continue;
        const conversations = new Map<string, { customerName: string | null; teamId: string | null }>();
        // One read for all of this agent's conversations (it was one per conversation).
        const found = await findConversationsByIds(
          ctx.store,
          principal.orgId,
          open.map((c) => c.conversationId),
        );
        for (const conversation of found) {
          conversations.set(conversation.id, {
            customerName: conversation.customerName,
            teamId: conversation.teamId,
          });
        }
        const order: Record<Item["state"], number> = { overdue: 0, due_soon: 1, upcoming: 2, no_date: 3 };
        const commitments = open
          .map((c) => {
            const conversation = conversations.get(c.conversationId);
            const customerName = conversation?.customerName ?? null;
            const teamId = conversation?.teamId ?? null;
            return {
              id: c.id,
              conversationId: c.conversationId,
              // Named as on the floor, which the same people see; the text is redacted, as
              // everything quoted beyond its conversation is.
              customerName,
              text: redactText(c.text, [...nameVariants(customerName), ...staffNames]),
              dueAt: c.dueAt === null ? null : new Date(c.dueAt).toISOString(),
              promisedAt: new Date(c.createdAt).toISOString(),
              state: stateOf(c.dueAt, now, c.status),
              closable: teamId !== null && canCloseCommitment(principal, c, teamId),
              due: c.dueAt ?? Number.MAX_SAFE_INTEGER,
            };
          })
          .sort((a, b) => order[a.state] - order[b.state] || a.due - b.due)
          .map(({ due: _due, ...item }) => item);
        agents.push({
          personId: person.id,
          name: person.displayName,
          overdue: commitments.filter((c) => c.state === "overdue").length,
          dueSoon: commitments.filter((c) => c.state === "due_soon").length,
          commitments,
        });
      }
      agents.sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || a.name.localeCompare(b.name));
      return { agents };
    },
  });

  register({
    method: "PATCH",
    url: "/commitments/:id",
    summary:
      "Close a promise to a customer: done (kept) or cancelled (no longer needed); its agent, a lead of its team, an admin",
    tag: "commitments",
    auth: "person",
    schemas: { params: loop2IdParamsSchema, body: updateCommitmentBodySchema },
    response: updateCommitmentResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const existing = await findCommitmentById(ctx.store, principal.orgId, params.id);
      const conversation =
        existing === null
          ? null
          : await findConversationById(ctx.store, principal.orgId, existing.conversationId);
      // Anyone else gets what an unknown id gets, so ids cannot be probed.
      if (
        existing === null ||
        conversation === null ||
        !canCloseCommitment(principal, existing, conversation.teamId)
      )
        throw notFound("commitment");
      // The team's leads follow every agent's promises (Follow-ups), so they hear of it too.
      const leads = (await listPeople(ctx.store, { orgId: principal.orgId, teamId: conversation.teamId }))
        .filter((p) => p.role === "lead" && p.deactivatedAt === null)
        .map((p) => p.id);
      const closed = await runCommand(ctx, async (tx) => {
        // Only an open one closes (INVALID_TRANSITION, 409, for one closed already, by anyone).
        const commitment = await setCommitmentStatus(tx, {
          orgId: principal.orgId,
          commitmentId: existing.id,
          status: body.status,
          at: ctx.now(),
        });
        // To whoever owes it (their console and Follow-ups, in every tab), whoever closed it, and
        // the team's leads.
        const rooms = [...new Set([commitment.personId, principal.personId, ...leads])].filter(
          (id): id is string => id !== null,
        );
        const events: NewEvent[] = rooms.map((personId) => ({
          orgId: principal.orgId,
          teamId: conversation.teamId,
          conversationId: commitment.conversationId,
          personId,
          type: "commitment.closed",
          payload: { conversationId: commitment.conversationId, personId, status: commitment.status },
        }));
        return {
          result: commitment,
          events,
          audit: [
            auditEntry(
              principal,
              body.status === "done" ? "commitment.done" : "commitment.cancelled",
              "conversation",
              commitment.conversationId,
              request.id,
              { commitmentId: commitment.id, personId: commitment.personId },
            ),
          ],
        };
      });
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return {
        commitment: {
          id: closed.id,
          conversationId: closed.conversationId,
          personId: closed.personId,
          status: closed.status,
          dueAt: iso(closed.dueAt),
          completedAt: iso(closed.completedAt),
        },
      };
    },
  });
}
