import {
  findAlertById,
  findConversationById,
  findEventById,
  findIncidentById,
  findInterventionById,
  findPersonById,
  findTeamById,
  type EventRecord,
  type Queryable,
} from "../../store/index.ts";
import { deliveryErrorForStatus, type EventProcessor } from "./deliveries.ts";
import { assertReadable, type OutletResolver } from "./outlets.ts";

/** How long the receiving webhook has to answer. */
export const ALERT_WEBHOOK_TIMEOUT_MS = 5_000;

const payloadOf = (record: EventRecord): Record<string, unknown> =>
  typeof record.payload === "object" && record.payload !== null && !Array.isArray(record.payload)
    ? record.payload
    : {};

/**
 * The text as Slack and Mattermost should show it, not act on it. Customers' words reach these
 * posts (an incident's example, the quotes in an alert's why and suggestion), and both read
 * `<!channel>`, `<!here>` and `<url|label>` in a webhook's text as a mention of everyone or a
 * link: `&`, `<` and `>` are escaped as Slack asks (Mattermost's markdown shows the entities as the
 * characters), and Mattermost's plain `@channel`, `@here`, `@all` get a word joiner after the `@`.
 */
export function chatSafe(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(channel|here|all|everyone)\b/gi, "@\u2060$1");
}

/** The test message "Send a test" on Admin → Integrations posts. */
export const ALERT_WEBHOOK_TEST_TEXT =
  "A test from tagteam: alerts, escalations and possible incidents will be posted here.";

/** What an alert webhook answered a post: its status, its Retry-After, and the start of its body. */
export interface AlertWebhookAnswer {
  ok: boolean;
  status: number;
  retryAfter: string | null;
  /** At most 300 characters of what it answered (Slack: `ok`, `invalid_token`, `no_text`…). */
  body: string;
}

/** Posts `{ "text": … }` to a chat tool's incoming webhook, and reads what it answered. */
export async function postToAlertWebhook(url: string, text: string): Promise<AlertWebhookAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: chatSafe(text) }),
    signal: AbortSignal.timeout(ALERT_WEBHOOK_TIMEOUT_MS),
    // An address the admin gave is posted to as given: a redirect elsewhere is not followed.
    redirect: "manual",
  });
  // Read the body so the connection is released, whatever the answer.
  const body = await response.text().catch(() => "");
  return {
    ok: response.ok,
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    body: body.slice(0, 300),
  };
}

/**
 * Alerts out: posts a Slack-style message (`{ "text": … }`, which Slack, Mattermost and most chat
 * tools accept on an incoming webhook) for every alert raised, every escalation and every incident
 * opened, to the organisation's own alert webhook (Admin → Integrations), else the server's
 * (TAGTEAM_ALERT_WEBHOOK_URL); skipped when it has neither. Its delivery loop hands it the events
 * one by one after commit and retries what throws.
 */
export function createAlertWebhookProcessor(options: {
  /** Each organisation's alert webhook, read at each delivery. */
  outlets: OutletResolver;
  /** The address people open tagteam at (TAGTEAM_PUBLIC_URL): each post links to its conversation. */
  publicUrl?: string | undefined;
  db: Queryable;
  /** How long an alert, escalation or incident is worth posting (TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS). */
  maxAgeMs: number;
}): EventProcessor {
  const post = async (orgId: string, text: string): Promise<void> => {
    const { alertWebhook } = await options.outlets(orgId);
    if (alertWebhook === null) return;
    assertReadable(alertWebhook);
    const answer = await postToAlertWebhook(alertWebhook.url, text);
    if (!answer.ok)
      throw deliveryErrorForStatus(
        answer.status,
        `alert webhook answered ${answer.status}`,
        answer.retryAfter,
      );
  };
  /**
   * With nobody free, an alert is told to each of the team's leads: one alert.raised per lead,
   * consecutive events of one transaction. Only the first of them is posted.
   */
  const isRepeatOfPrevious = async (record: EventRecord, alertId: string): Promise<boolean> => {
    const previous = await findEventById(options.db, record.orgId, record.id - 1);
    return (
      previous !== null &&
      previous.type === "alert.raised" &&
      previous.createdAt === record.createdAt &&
      payloadOf(previous).alertId === alertId
    );
  };
  /**
   * Which conversation, as a person in the chat channel can find it: its team, and a link to it
   * when tagteam's address is known (a bare URL, which Slack, Mattermost and Teams all turn into a
   * link), else its id.
   */
  const where = async (orgId: string, conversationId: string): Promise<string> => {
    const conversation = await findConversationById(options.db, orgId, conversationId);
    const team = conversation ? await findTeamById(options.db, orgId, conversation.teamId) : null;
    return [
      ...(team ? [team.name] : []),
      options.publicUrl !== undefined
        ? `${options.publicUrl}/conversations/${conversationId}`
        : `conversation ${conversationId}`,
    ].join(" · ");
  };
  return {
    name: "alert-webhook",
    handles: ["alert.raised", "escalation.raised", "incident.opened"],
    maxAgeMs: options.maxAgeMs,
    ownReceiver: async (orgId) => (await options.outlets(orgId)).alertWebhook?.source === "organisation",
    process: async (record, { dryRun = false } = {}) => {
      // An organisation with no alert webhook of its own, on a server without one: nothing to post.
      if ((await options.outlets(record.orgId)).alertWebhook === null) return "skipped";
      const payload = payloadOf(record);
      if (record.type === "alert.raised" && typeof payload.alertId === "string") {
        if (await isRepeatOfPrevious(record, payload.alertId)) return "skipped";
        const alert = await findAlertById(options.db, record.orgId, payload.alertId);
        if (alert === null) return "skipped";
        const helper = alert.helperPersonId
          ? await findPersonById(options.db, record.orgId, alert.helperPersonId)
          : null;
        const lines = [
          `Step-in alert (${alert.rung.replace("_", " ")}): ${alert.why}`,
          `Asked: ${helper?.displayName ?? "the team's leads"} · ${await where(record.orgId, alert.conversationId)}`,
          ...(alert.suggestion ? [`Try: ${alert.suggestion}`] : []),
        ];
        if (dryRun) return "sent";
        await post(record.orgId, lines.join("\n"));
        return "sent";
      }
      if (record.type === "incident.opened" && typeof payload.incidentId === "string") {
        const incident = await findIncidentById(options.db, record.orgId, payload.incidentId);
        if (incident === null) return "skipped";
        const team = await findTeamById(options.db, record.orgId, incident.teamId);
        if (dryRun) return "sent";
        await post(
          record.orgId,
          [
            `Possible incident in ${team?.name ?? "a team"}: ${incident.conversationCount} customers report "${incident.label}" not working`,
            `One customer's words: "${incident.example}" · incident ${incident.id}`,
          ].join("\n"),
        );
        return "sent";
      }
      if (record.type === "escalation.raised" && typeof payload.interventionId === "string") {
        const escalation = await findInterventionById(options.db, record.orgId, payload.interventionId);
        if (escalation === null) return "skipped";
        // Posted once: from the asked person's event; the team's leads' copy of it (to the team's
        // rooms, `forTheTeamsLeads`) is skipped. With nobody asked, the team's event is the only one.
        if (record.personId === null && escalation.toPersonId !== null) return "skipped";
        const to = escalation.toPersonId
          ? await findPersonById(options.db, record.orgId, escalation.toPersonId)
          : null;
        if (dryRun) return "sent";
        await post(
          record.orgId,
          `Escalation to ${to?.displayName ?? "the team's leads"}: ${escalation.text ?? "(no reason given)"} · ${await where(record.orgId, escalation.conversationId)}`,
        );
        return "sent";
      }
      return "skipped";
    },
  };
}
