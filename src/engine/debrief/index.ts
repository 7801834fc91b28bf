/** Loop 2 debrief card drafts for the agent and the helper (docs/LOOP2.md). */
export {
  DebriefInputError,
  draftDebrief,
  MAX_DEBRIEF_LINES,
  type DebriefDraft,
  type DebriefIntervention,
  type DebriefRole,
} from "./draftDebrief.ts";
