import { retentionSchema, updateRetentionBodySchema, type Retention } from "../../protocol/retention.ts";
import { findRetentionDays, setRetentionDays } from "../../store/index.ts";
import type { Register } from "../app.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { assertAdmin } from "../policies.ts";

/**
 * Admin → Retention: how long the organisation keeps closed conversations (and everything recorded
 * about them: messages, readings, alerts, debriefs, scorecards). The sweeper erases what is past it,
 * a batch per tick, each erasure audited (`conversation.erased`, why: retention).
 */
export function registerRetentionRoutes(register: Register, ctx: ServerContext): void {
  const present = (own: number | null): Retention => ({
    retentionDays: own,
    serverDefaultDays: ctx.config.retentionDays,
    effectiveDays: own ?? ctx.config.retentionDays,
    eventRetentionDays: ctx.config.eventRetentionDays,
  });

  register({
    method: "GET",
    url: "/admin/retention",
    summary:
      "How long closed conversations are kept: the organisation's choice and the server's default (admin)",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: retentionSchema,
    handler: async ({ principal }) => {
      assertAdmin(principal);
      return present(await findRetentionDays(ctx.store, principal.orgId));
    },
  });

  register({
    method: "PUT",
    url: "/admin/retention",
    summary:
      "Set how long closed conversations are kept, in days (0: for good; null: the server's default). Older ones are erased by the sweeper (admin; audited)",
    tag: "admin",
    auth: "person",
    schemas: { body: updateRetentionBodySchema },
    response: retentionSchema,
    handler: async ({ principal, body, request }) => {
      assertAdmin(principal);
      const saved = await runCommand(ctx, async (tx) => {
        const before = await findRetentionDays(tx, principal.orgId);
        await setRetentionDays(tx, principal.orgId, body.retentionDays);
        return {
          result: body.retentionDays,
          events: [],
          audit: [
            auditEntry(principal, "retention.updated", "organisation", principal.orgId, request.id, {
              from: before,
              to: body.retentionDays,
            }),
          ],
        };
      });
      return present(saved);
    },
  });
}
