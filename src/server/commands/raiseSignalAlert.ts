import {
  adjustLoad,
  findCurrentHelpers,
  findHelperCandidates,
  findOpenAlertsForConversations,
  raiseAlert,
  type AlertRecord,
  type NewEvent,
  type Transaction,
} from "../../store/index.ts";
import { toHelperCandidate, type HelperChoice } from "../live/chooseHelper.ts";
import { routeNewReason } from "../live/raiseAlerts.ts";
import { forTheTeamsLeads } from "../live/alertNews.ts";

/**
 * Raises a signal alert outside the engine's reading (a raised hand, a customer left waiting) to
 * the best-placed teammate of the conversation's team, never `agentPersonId` nor anyone in
 * `exclude`, routed as the engine's alerts are (`routeNewReason`): a teammate already helping on
 * the conversation who can act now, else as routing chooses; with nobody free it waits in the
 * team's queue for a lead. Moves the helper's load and returns the `alert.raised` event (to the
 * helper, or to the team; `update` when they were already helping) and, with a helper, its copy
 * for the team's leads (`forTheTeamsLeads`): `events`, both.
 */
export async function raiseSignalAlert(
  tx: Transaction,
  input: {
    orgId: string;
    teamId: string;
    conversationId: string;
    topic: string | null;
    agentPersonId: string | null;
    exclude?: readonly string[];
    risk: number;
    /** Why, in the alerts' outcome counts (Alerts for me → Whole team). */
    reason: "raised_hand" | "customer_waiting";
    why: string;
    at: number;
  },
): Promise<{ alert: AlertRecord; choice: HelperChoice | null; event: NewEvent; events: NewEvent[] }> {
  const candidates = await findHelperCandidates(tx, {
    orgId: input.orgId,
    teamId: input.teamId,
    topic: input.topic,
    excludePersonIds: [input.agentPersonId, ...(input.exclude ?? [])].filter((x): x is string => x !== null),
  });
  const [open, helping] = await Promise.all([
    findOpenAlertsForConversations(tx, input.orgId, [input.conversationId]),
    findCurrentHelpers(tx, input.orgId, [input.conversationId]),
  ]);
  const teammates = candidates.map(toHelperCandidate);
  // Ana raised her hand on a conversation Ben had whispered on, and Lee, who knew nothing of it,
  // was asked (walking loop 1).
  const { choice, update, routing } = routeNewReason({
    open: open.get(input.conversationId) ?? null,
    helping: helping.get(input.conversationId) ?? [],
    agentPersonId: input.agentPersonId,
    teammates,
    needsAuthority: false,
    topic: input.topic,
  });
  const alert = await raiseAlert(tx, {
    orgId: input.orgId,
    teamId: input.teamId,
    conversationId: input.conversationId,
    agentPersonId: input.agentPersonId,
    helperPersonId: choice?.personId ?? null,
    reasons: [input.reason],
    rung: "signal",
    risk: input.risk,
    why: input.why,
    routing,
    raisedAt: input.at,
  });
  if (choice !== null) await adjustLoad(tx, { orgId: input.orgId, personId: choice.personId, delta: 1 });
  const news = {
    alertId: alert.id,
    conversationId: input.conversationId,
    status: "raised",
    risk: input.risk,
    reason: input.reason,
    ...(input.agentPersonId !== null ? { agentId: input.agentPersonId } : {}),
  };
  const event: NewEvent = {
    orgId: input.orgId,
    teamId: input.teamId,
    conversationId: input.conversationId,
    personId: choice?.personId ?? null,
    type: "alert.raised",
    payload: update ? { ...news, update: true } : news,
  };
  // With a helper, the team's leads (and the admins) hear of it too, on the team's rooms; with
  // none, the event is the team's already. The hub keeps both from everyone else (`mayHear`).
  const events = choice !== null ? [event, forTheTeamsLeads({ ...event, payload: news })] : [event];
  return { alert, choice, event, events };
}
