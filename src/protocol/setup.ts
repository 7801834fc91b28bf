import { z } from "zod";

/**
 * Admin → getting started: the steps that make tagteam useful to a new team, each done or not from
 * what is stored, with the figure that decides it. The web app words them and links each to where
 * it is done.
 */
export const SETUP_STEP_KEYS = ["team", "people", "conversations", "knowledge", "protocol"] as const;
export type SetupStepKey = (typeof SETUP_STEP_KEYS)[number];

export const setupProgressSchema = z.object({
  /** True when every step is done. */
  complete: z.boolean(),
  steps: z.array(
    z.object({
      key: z.enum(SETUP_STEP_KEYS),
      done: z.boolean(),
    }),
  ),
  teams: z.number().int(),
  agentsInTeams: z.number().int(),
  leadsInTeams: z.number().int(),
  hasConversations: z.boolean(),
  activeTokens: z.number().int(),
  publishedFacts: z.number().int(),
  teamsOnDefaultProtocol: z.number().int(),
});
export type SetupProgress = z.infer<typeof setupProgressSchema>;
