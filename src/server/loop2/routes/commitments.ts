import {
  commitmentsOverviewQuerySchema,
  commitmentsOverviewResponseSchema,
  type CommitmentsOverview,
} from "../../../protocol/index.ts";
import {
  findConversationById,
  findPersonById,
  listCommitments,
  listPeople,
  type PersonRecord,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import type { ServerContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { isLeadOf } from "../../policies.ts";
import { ledTeams } from "../policies.ts";
import { nameVariants, redactText } from "../redaction.ts";

/** A commitment is "due soon" within this window: the working day ahead. */
export const COMMITMENT_DUE_SOON_MS = 24 * 60 * 60_000;

type Item = CommitmentsOverview["agents"][number]["commitments"][number];

export function stateOf(dueAt: number | null, now: number): Item["state"] {
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
          status: "open",
          limit: 500,
        });
        if (open.length === 0 && people.length > 1) continue;
        const customer = new Map<string, string | null>();
        for (const id of new Set(open.map((c) => c.conversationId)))
          customer.set(
            id,
            (await findConversationById(ctx.store, principal.orgId, id))?.customerName ?? null,
          );
        const order: Record<Item["state"], number> = { overdue: 0, due_soon: 1, upcoming: 2, no_date: 3 };
        const commitments = open
          .map((c) => ({
            id: c.id,
            conversationId: c.conversationId,
            // Shown beyond the conversation: the customer's personal data stays in the conversation.
            text: redactText(c.text, [...nameVariants(customer.get(c.conversationId)), ...staffNames]),
            dueAt: c.dueAt === null ? null : new Date(c.dueAt).toISOString(),
            state: stateOf(c.dueAt, now),
            due: c.dueAt ?? Number.MAX_SAFE_INTEGER,
          }))
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
}
