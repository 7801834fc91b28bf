import {
  findOrganisationIntegrations,
  type Queryable,
  type SecretKeys,
  type UnreadableOrganisationSecrets,
} from "../../store/index.ts";
import { DeliveryError } from "./deliveries.ts";

/** Where an organisation's replies and whispers go out: its Chatwoot, its reply webhook (null: none). */
export interface OrgOutlets {
  chatwoot: { url: string; apiToken: string; source: OutletSource; unreadable: string | null } | null;
  replyWebhook: { url: string; secret: string; source: OutletSource; unreadable: string | null } | null;
  /** Where its alerts, escalations and incidents are posted (a Slack or Mattermost incoming webhook). */
  alertWebhook: { url: string; source: OutletSource; unreadable: string | null } | null;
}

/** Whose settings an outlet is: the organisation's own (Admin → Integrations), or the server's env. */
export type OutletSource = "organisation" | "server";

/** Reads an organisation's outlets when a delivery needs them. */
export type OutletResolver = (orgId: string) => Promise<OrgOutlets>;

const GIVE_THE_KEY_BACK =
  "or whoever runs the server gives it that key again (in TAGTEAM_SECRETS_KEY or TAGTEAM_SECRETS_OLD_KEYS)";

/**
 * The organisation's own Chatwoot, reply webhook and alert webhook, each falling back to the
 * server-wide one (TAGTEAM_CHATWOOT_URL + _API_TOKEN, TAGTEAM_REPLY_WEBHOOK_URL + _SECRET,
 * TAGTEAM_ALERT_WEBHOOK_URL) when it has not set its own. Never another organisation's.
 * Read from the store at each delivery: a change on Admin → Integrations applies to the next one,
 * on every instance. An own token or secret the server cannot decrypt (its key is gone) still
 * counts as set up: `unreadable` says why nothing can be posted and how to fix it, and the
 * deliveries fail with that (`assertReadable`).
 */
export function outletResolver(
  db: Queryable,
  server: {
    chatwoot: { url: string; apiToken: string } | null;
    replyWebhook: { url: string; secret: string } | null;
    alertWebhook?: { url: string } | null;
  },
  keys: SecretKeys,
): OutletResolver {
  return async (orgId) => {
    const own = await findOrganisationIntegrations(db, orgId, keys);
    return {
      chatwoot:
        own.chatwoot !== null
          ? {
              url: own.chatwoot.url,
              apiToken: own.chatwoot.apiToken ?? "",
              source: "organisation",
              unreadable:
                own.chatwoot.apiToken === null
                  ? `The organisation's Chatwoot token was encrypted with a key the server no longer has (key ${String(own.chatwoot.apiTokenKeyId)}): paste the token again on Admin → Integrations (Where replies and whispers go → Chatwoot), ${GIVE_THE_KEY_BACK}`
                  : null,
            }
          : server.chatwoot !== null
            ? { ...server.chatwoot, source: "server", unreadable: null }
            : null,
      replyWebhook:
        own.replyWebhook !== null
          ? {
              url: own.replyWebhook.url,
              secret: own.replyWebhook.secret ?? "",
              source: "organisation",
              unreadable:
                own.replyWebhook.secret === null
                  ? `The organisation's reply webhook secret was encrypted with a key the server no longer has (key ${String(own.replyWebhook.secretKeyId)}): make a new secret on Admin → Integrations (Where replies and whispers go → Reply webhook), ${GIVE_THE_KEY_BACK}`
                  : null,
            }
          : server.replyWebhook !== null
            ? { ...server.replyWebhook, source: "server", unreadable: null }
            : null,
      alertWebhook:
        own.alertWebhook !== null
          ? {
              url: own.alertWebhook.url ?? "",
              source: "organisation",
              unreadable:
                own.alertWebhook.url === null
                  ? `The organisation's alert webhook address was encrypted with a key the server no longer has (key ${String(own.alertWebhook.urlKeyId)}): paste the address again on Admin → Integrations (Where alerts go), ${GIVE_THE_KEY_BACK}`
                  : null,
            }
          : server.alertWebhook
            ? { ...server.alertWebhook, source: "server", unreadable: null }
            : null,
    };
  };
}

/** Fails the delivery (retried, then a dead letter with this reason) when the outlet's secret cannot be read. */
export function assertReadable(outlet: { unreadable: string | null }): void {
  if (outlet.unreadable !== null) throw new DeliveryError(outlet.unreadable, false);
}

const SECRET_NAMES = {
  chatwoot_api_token: "Chatwoot access token",
  reply_webhook_secret: "reply webhook signing secret",
  alert_webhook_url: "alert webhook address",
} as const;

/**
 * The start-up warning for one organisation whose secrets this server cannot read: which, the key
 * that encrypted them, that nothing is posted with them, and the two ways to fix it. One line per
 * organisation, however many of its secrets.
 */
export function describeUnreadableSecrets(org: UnreadableOrganisationSecrets): string {
  const names = org.columns.map((c) => SECRET_NAMES[c]);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const them = names.length === 1 ? "it" : "them";
  const keys = org.keyIds.length === 1 ? `key ${org.keyIds[0]}` : `keys ${org.keyIds.join(", ")}`;
  return `Organisation "${org.orgName}" (${org.orgId}): its ${list} ${names.length === 1 ? "was" : "were"} encrypted with ${keys}, which this server does not have, so nothing is posted with ${them}. Give the server that key again (TAGTEAM_SECRETS_KEY, or TAGTEAM_SECRETS_OLD_KEYS beside the new one), or the organisation's admin sets ${them} again on Admin → Integrations`;
}
