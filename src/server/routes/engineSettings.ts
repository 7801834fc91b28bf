import {
  engineOverridesSchema,
  engineSettingsResponseSchema,
  idParamsSchema,
  putEngineSettingsBodySchema,
  type EngineOverrides,
} from "../../protocol/index.ts";
import { DEFAULT_ENGINE_CONFIG } from "../../engine/index.ts";
import { appendAuditEntries, findTeamById, type JsonValue } from "../../store/index.ts";
import { findTeamEngineSettings, saveTeamEngineSettings } from "../../store/teamEngineSettings.ts";
import type { Register } from "../app.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import {
  checkEngineOverrides,
  readTunables,
  resolveTeamEngineConfig,
  teamIncidentRules,
} from "../engineSettings/teamEngineConfig.ts";
import { notFound, validationFailed } from "../errors.ts";
import { isTimeZone } from "../numbers/zonedEdges.ts";
import { assertAdmin, assertLead, canReadTeam } from "../policies.ts";

function presentEngineSettings(
  ctx: ServerContext,
  teamId: string,
  stored: unknown,
  updatedAt: number | null,
) {
  const parsed = engineOverridesSchema.safeParse(stored ?? {});
  const overrides: EngineOverrides = parsed.success ? parsed.data : {};
  const incidentDefaults = {
    threshold: ctx.config.incidents.threshold,
    windowMs: ctx.config.incidents.windowMs,
  };
  return {
    teamId,
    overrides,
    effective: readTunables(
      resolveTeamEngineConfig(overrides),
      teamIncidentRules(overrides as JsonValue, incidentDefaults),
      overrides.timeZone !== undefined && isTimeZone(overrides.timeZone) ? overrides.timeZone : null,
    ),
    defaults: readTunables(DEFAULT_ENGINE_CONFIG, incidentDefaults),
    updatedAt: updatedAt === null ? null : new Date(updatedAt).toISOString(),
  };
}

/** A team's engine thresholds: read by its leads and admins, set by admins. */
export function registerEngineSettingsRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/teams/:id/engine-settings",
    summary: "The team's engine thresholds: its overrides, the effective values and the defaults",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: engineSettingsResponseSchema,
    handler: async ({ principal, params }) => {
      if (!canReadTeam(principal, params.id)) throw notFound("team");
      assertLead(principal, params.id);
      if ((await findTeamById(ctx.store, principal.orgId, params.id)) === null) throw notFound("team");
      const stored = await findTeamEngineSettings(ctx.store, principal.orgId, params.id);
      return {
        settings: presentEngineSettings(ctx, params.id, stored?.overrides, stored?.updatedAt ?? null),
      };
    },
  });

  register({
    method: "PUT",
    url: "/teams/:id/engine-settings",
    summary:
      "Replace the team's engine overrides (admin); the engine validates them and every problem is listed",
    tag: "admin",
    auth: "person",
    schemas: { params: idParamsSchema, body: putEngineSettingsBodySchema },
    response: engineSettingsResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      assertAdmin(principal);
      const issues = checkEngineOverrides(body.overrides);
      if (issues.length > 0) throw validationFailed(issues);
      const saved = await runCommand(ctx, async (tx) => {
        if ((await findTeamById(tx, principal.orgId, params.id)) === null) throw notFound("team");
        const saved = await saveTeamEngineSettings(tx, {
          orgId: principal.orgId,
          teamId: params.id,
          overrides: body.overrides,
          updatedBy: principal.personId,
        });
        await appendAuditEntries(tx, [
          {
            orgId: principal.orgId,
            actorKind: principal.via === "token" ? "api_token" : "person",
            actorId: principal.personId,
            action: "engine_settings.updated",
            targetType: "team",
            targetId: params.id,
            details: body.overrides,
            requestId: request.id,
          },
        ]);
        return {
          result: saved,
          events: [
            { orgId: principal.orgId, teamId: params.id, type: "engine_settings.updated", payload: {} },
          ],
        };
      });
      // The team's next message runs with the new values, here and (the event) on every instance.
      ctx.engine.invalidateKnowledge();
      return { settings: presentEngineSettings(ctx, params.id, saved.overrides, saved.updatedAt) };
    },
  });
}
