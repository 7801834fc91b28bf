import {
  idParamsSchema,
  incidentResponseSchema,
  listIncidentsQuerySchema,
  listIncidentsResponseSchema,
  resolveIncidentBodySchema,
} from "../../protocol/index.ts";
import {
  findIncidentById,
  listIncidentConversations,
  listIncidents,
  type IncidentRecord,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { closeIncident } from "../live/incidentDetector.ts";
import { assertLead, assertReadable, scopeTeams } from "../policies.ts";
import { presentIncident } from "../presenters.ts";
import { nameMap } from "./conversations.ts";

/** Another team's incident answers NOT_FOUND, like a missing one. */
async function loadIncident(ctx: ServerContext, p: Principal, id: string): Promise<IncidentRecord> {
  const incident = await findIncidentById(ctx.store, p.orgId, id);
  if (incident === null) throw notFound("incident");
  assertReadable(p, incident, "incident");
  return incident;
}

async function incidentResponse(ctx: ServerContext, p: Principal, incident: IncidentRecord) {
  const conversations = await listIncidentConversations(ctx.store, incident);
  return {
    incident: presentIncident(incident, await nameMap(ctx, p.orgId)),
    conversations: conversations.map((c) => ({
      conversationId: c.conversationId,
      subject: c.subject,
      customerName: c.customerName,
      phrase: c.phrase,
      reportedAt: new Date(c.reportedAt).toISOString(),
    })),
  };
}

/** Incident surge: the team-wide banner's data, and a lead's "it is fixed". */
export function registerIncidentRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/incidents",
    summary: "Incidents in my teams (open ones by default): many customers reporting the same malfunction",
    tag: "incidents",
    auth: "person",
    schemas: { query: listIncidentsQuerySchema },
    response: listIncidentsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = scopeTeams(principal, query.teamId);
      const incidents = await listIncidents(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        ...(query.status !== "all" ? { status: query.status } : {}),
        limit: query.limit,
      });
      const names = await nameMap(ctx, principal.orgId);
      return { incidents: incidents.map((i) => presentIncident(i, names)) };
    },
  });

  register({
    method: "GET",
    url: "/incidents/:id",
    summary: "One incident, with the conversations that reported it",
    tag: "incidents",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: incidentResponseSchema,
    handler: async ({ principal, params }) => {
      return incidentResponse(ctx, principal, await loadIncident(ctx, principal, params.id));
    },
  });

  register({
    method: "POST",
    url: "/incidents/:id/resolve",
    summary: "A lead marks the incident resolved: the banner goes away for the whole team",
    tag: "incidents",
    auth: "person",
    schemas: { params: idParamsSchema, body: resolveIncidentBodySchema },
    response: incidentResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const incident = await loadIncident(ctx, principal, params.id);
      assertLead(principal, incident.teamId);
      const names = await nameMap(ctx, principal.orgId);
      const resolved = await runCommand(ctx, async (tx) => {
        const { incident: closed, events } = await closeIncident(tx, {
          incident,
          at: ctx.now(),
          note: body.note !== undefined && body.note !== "" ? body.note : null,
          by: {
            personId: principal.personId,
            name: names.get(principal.personId) ?? "a lead",
            actorKind: principal.via === "token" ? "api_token" : "person",
            requestId: request.id,
          },
        });
        return { result: closed, events };
      });
      return incidentResponse(ctx, principal, resolved);
    },
  });
}
