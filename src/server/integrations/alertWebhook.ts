import type { EventType } from "../../protocol/index.ts";
import {
  findAlertById,
  findIncidentById,
  findInterventionById,
  findPersonById,
  findTeamById,
  type EventRecord,
  type Queryable,
} from "../../store/index.ts";

/** Something that acts on committed events; it declares which event types it handles. */
export interface EventProcessor {
  readonly name: string;
  readonly handles: readonly EventType[];
  process(records: readonly EventRecord[]): Promise<void>;
}

/** How long the receiving webhook has to answer. */
export const ALERT_WEBHOOK_TIMEOUT_MS = 5_000;

const payloadOf = (record: EventRecord): Record<string, unknown> =>
  typeof record.payload === "object" && record.payload !== null && !Array.isArray(record.payload)
    ? record.payload
    : {};

/**
 * Alerts out: posts a Slack-style message (`{ "text": … }`, which Slack, Mattermost and most chat
 * tools accept on an incoming webhook) for every alert raised, every escalation and every incident
 * opened. It runs after
 * commit on the instance that committed, so each alert is posted once.
 */
export function createAlertWebhookProcessor(options: {
  url: string;
  db: Queryable;
  onError: (error: unknown) => void;
}): EventProcessor {
  const post = async (text: string): Promise<void> => {
    const response = await fetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(ALERT_WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`alert webhook answered ${response.status}`);
  };
  return {
    name: "alert-webhook",
    handles: ["alert.raised", "escalation.raised", "incident.opened"],
    process: async (records) => {
      const seen = new Set<string>();
      for (const record of records) {
        const payload = payloadOf(record);
        try {
          if (record.type === "alert.raised" && typeof payload.alertId === "string") {
            if (seen.has(payload.alertId)) continue; // one post per alert, however many leads were told
            seen.add(payload.alertId);
            const alert = await findAlertById(options.db, record.orgId, payload.alertId);
            if (alert === null) continue;
            const helper = alert.helperPersonId
              ? await findPersonById(options.db, record.orgId, alert.helperPersonId)
              : null;
            const lines = [
              `Step-in alert (${alert.rung.replace("_", " ")}): ${alert.why}`,
              `Asked: ${helper?.displayName ?? "the team's leads"} · conversation ${alert.conversationId}`,
              ...(alert.suggestion ? [`Try: ${alert.suggestion}`] : []),
            ];
            await post(lines.join("\n"));
          } else if (record.type === "incident.opened" && typeof payload.incidentId === "string") {
            const incident = await findIncidentById(options.db, record.orgId, payload.incidentId);
            if (incident === null) continue;
            const team = await findTeamById(options.db, record.orgId, incident.teamId);
            await post(
              [
                `Possible incident in ${team?.name ?? "a team"}: ${incident.conversationCount} customers report "${incident.label}" not working`,
                `One customer's words: "${incident.example}" · incident ${incident.id}`,
              ].join("\n"),
            );
          } else if (record.type === "escalation.raised" && typeof payload.interventionId === "string") {
            const escalation = await findInterventionById(options.db, record.orgId, payload.interventionId);
            if (escalation === null) continue;
            const to = escalation.toPersonId
              ? await findPersonById(options.db, record.orgId, escalation.toPersonId)
              : null;
            await post(
              `Escalation to ${to?.displayName ?? "the team's leads"}: ${escalation.text ?? "(no reason given)"} · conversation ${escalation.conversationId}`,
            );
          }
        } catch (error) {
          options.onError(error);
        }
      }
    },
  };
}
