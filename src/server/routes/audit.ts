import { listAuditQuerySchema, listAuditResponseSchema } from "../../protocol/index.ts";
import { describeAuditSubjects, listAuditEntries } from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { assertAdmin } from "../policies.ts";
import { presentAuditEntry } from "../presenters.ts";

/**
 * The audit log, for admins: the organisation's entries newest first, a page at a time, filtered
 * by action, actor, target and time. Each entry names its actor and, where cheap, its target.
 */
export function registerAuditRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/audit",
    summary:
      "The organisation's audit log (admin): newest first, paged by `before`, filtered by action (exact or a prefix ending in '.'), actor, target and time",
    tag: "admin",
    auth: "person",
    schemas: { query: listAuditQuerySchema },
    response: listAuditResponseSchema,
    handler: async ({ principal, query }) => {
      assertAdmin(principal);
      // One more than the page: whether there is an older page, without a count.
      const rows = await listAuditEntries(ctx.store, {
        orgId: principal.orgId,
        limit: query.limit + 1,
        ...(query.before !== undefined ? { beforeId: query.before } : {}),
        ...(query.action !== undefined ? { action: query.action } : {}),
        ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
        ...(query.targetType !== undefined ? { targetType: query.targetType } : {}),
        ...(query.targetId !== undefined ? { targetId: query.targetId } : {}),
        ...(query.since !== undefined ? { since: Date.parse(query.since) } : {}),
        ...(query.until !== undefined ? { until: Date.parse(query.until) } : {}),
      });
      const page = rows.slice(0, query.limit);
      const subjects = await describeAuditSubjects(ctx.store, principal.orgId, page);
      return {
        entries: page.map((e) => presentAuditEntry(e, subjects)),
        nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  });
}
