import { findOrganisationIntegrations, type Queryable } from "../../store/index.ts";

/** Where an organisation's replies and whispers go out: its Chatwoot, its reply webhook (null: none). */
export interface OrgOutlets {
  chatwoot: { url: string; apiToken: string; source: OutletSource } | null;
  replyWebhook: { url: string; secret: string; source: OutletSource } | null;
}

/** Whose settings an outlet is: the organisation's own (Admin → Integrations), or the server's env. */
export type OutletSource = "organisation" | "server";

/** Reads an organisation's outlets when a delivery needs them. */
export type OutletResolver = (orgId: string) => Promise<OrgOutlets>;

/**
 * The organisation's own Chatwoot and reply webhook, each falling back to the server-wide one
 * (TAGTEAM_CHATWOOT_URL + _API_TOKEN, TAGTEAM_REPLY_WEBHOOK_URL + _SECRET) when it has not set its own.
 * Read from the store at each delivery: a change on Admin → Integrations applies to the next one,
 * on every instance.
 */
export function outletResolver(
  db: Queryable,
  server: {
    chatwoot: { url: string; apiToken: string } | null;
    replyWebhook: { url: string; secret: string } | null;
  },
): OutletResolver {
  return async (orgId) => {
    const own = await findOrganisationIntegrations(db, orgId);
    const chatwoot = own.chatwoot ?? server.chatwoot;
    const replyWebhook = own.replyWebhook ?? server.replyWebhook;
    return {
      chatwoot:
        chatwoot === null
          ? null
          : {
              url: chatwoot.url,
              apiToken: chatwoot.apiToken,
              source: own.chatwoot !== null ? "organisation" : "server",
            },
      replyWebhook:
        replyWebhook === null
          ? null
          : {
              url: replyWebhook.url,
              secret: replyWebhook.secret,
              source: own.replyWebhook !== null ? "organisation" : "server",
            },
    };
  };
}
