import {
  idParamsSchema,
  listDeliveriesQuerySchema,
  listDeliveriesResponseSchema,
  retryDeliveryResponseSchema,
} from "../../protocol/index.ts";
import {
  appendAuditEntries,
  countDeliveryFailures,
  findDeliveryFailureById,
  findLatestEventId,
  listDeliveryCursors,
  listDeliveryHolds,
  listDeliveryFailures,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { assertAdmin } from "../policies.ts";
import { presentDeliveryFailure, presentDeliveryProcessor } from "../presenters.ts";

/**
 * Deliveries out, for admins: where each processor is in the event log and the organisation's dead
 * letters; sending one again. Cursors are the server's (one per integration, over every
 * organisation's events, whose ids every client sees anyway); dead letters are the caller's
 * organisation's only.
 */
export function registerDeliveryRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/admin/deliveries",
    summary: "Outbound deliveries (admin): each processor's cursor and lag, and recent dead letters",
    tag: "admin",
    auth: "person",
    schemas: { query: listDeliveriesQuerySchema },
    response: listDeliveriesResponseSchema,
    handler: async ({ principal, query }) => {
      assertAdmin(principal);
      const [cursors, holds, headEventId, counts, failures] = await Promise.all([
        listDeliveryCursors(ctx.store),
        listDeliveryHolds(ctx.store, { orgId: principal.orgId }),
        findLatestEventId(ctx.store),
        countDeliveryFailures(ctx.store, principal.orgId),
        listDeliveryFailures(ctx.store, {
          orgId: principal.orgId,
          ...(query.processor !== undefined ? { processor: query.processor } : {}),
          limit: query.limit,
        }),
      ]);
      const configured = ctx.deliveries.processors;
      const names = [
        ...new Set([...configured.map((p) => p.name), ...cursors.map((c) => c.processor)]),
      ].sort();
      return {
        headEventId,
        processors: names.map((name) =>
          presentDeliveryProcessor({
            name,
            processor: configured.find((p) => p.name === name) ?? null,
            cursor: cursors.find((c) => c.processor === name) ?? null,
            hold: holds.find((h) => h.processor === name) ?? null,
            headEventId,
            deadLetters: counts.get(name) ?? 0,
            viewerOrgId: principal.orgId,
          }),
        ),
        deadLetters: failures.map(presentDeliveryFailure),
      };
    },
  });

  register({
    method: "POST",
    url: "/admin/deliveries/:id/retry",
    summary: "Send a dead letter's event again now (admin); delivered, the dead letter is removed",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: retryDeliveryResponseSchema,
    handler: async ({ principal, params, request }) => {
      assertAdmin(principal);
      const failure = await findDeliveryFailureById(ctx.store, principal.orgId, params.id);
      if (failure === null) throw notFound("dead letter");
      const result = await ctx.deliveries.retry(failure);
      await appendAuditEntries(ctx.store, [
        {
          orgId: principal.orgId,
          actorKind: principal.via === "token" ? "api_token" : "person",
          actorId: principal.personId,
          action: "delivery.retried",
          targetType: "delivery_failure",
          targetId: failure.id,
          details: { processor: failure.processor, eventId: failure.eventId, delivered: result.delivered },
          requestId: request.id,
        },
      ]);
      return {
        delivered: result.delivered,
        outcome: result.outcome,
        error: result.error,
        deadLetter: result.failure === null ? null : presentDeliveryFailure(result.failure),
      };
    },
  });
}
