import { setupProgressSchema, type SetupProgress } from "../../protocol/setup.ts";
import { getSetupProgress, type SetupProgressRecord } from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { assertAdmin } from "../policies.ts";

/** Which getting-started steps a stored state completes (a step is done once its figure says so). */
export function presentSetupProgress(p: SetupProgressRecord): SetupProgress {
  const steps: SetupProgress["steps"] = [
    { key: "team", done: p.teams > 0 },
    { key: "people", done: p.agentsInTeams > 0 },
    { key: "conversations", done: p.hasConversations },
    { key: "knowledge", done: p.publishedFacts > 0 },
    { key: "protocol", done: p.teams > 0 && p.teamsOnDefaultProtocol === 0 },
  ];
  return { complete: steps.every((s) => s.done), steps, ...p };
}

/** Admin → getting started: how far the organisation is in setting tagteam up. */
export function registerSetupRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/admin/setup",
    summary:
      "Getting started: teams, people in them, a first conversation, published knowledge and each team's escalation protocol, each done or not (admin)",
    tag: "admin",
    auth: "person",
    schemas: {},
    response: setupProgressSchema,
    handler: async ({ principal }) => {
      assertAdmin(principal);
      return presentSetupProgress(await getSetupProgress(ctx.store, principal.orgId));
    },
  });
}
