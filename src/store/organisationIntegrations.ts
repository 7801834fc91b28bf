import { isUuid, readMillisOrNull, readTextOrNull, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * An organisation's own outlets (migration 0056): its Chatwoot and its reply webhook. The token and
 * the secret are returned only by `findOrganisationIntegrations`, which the delivery loops read;
 * routes show `describe…`'s last four characters instead.
 */

export interface OrganisationChatwoot {
  url: string;
  apiToken: string;
  updatedAt: number;
  updatedBy: string | null;
}

export interface OrganisationReplyWebhook {
  url: string;
  secret: string;
  updatedAt: number;
  updatedBy: string | null;
}

export interface OrganisationIntegrations {
  chatwoot: OrganisationChatwoot | null;
  replyWebhook: OrganisationReplyWebhook | null;
}

const NONE: OrganisationIntegrations = { chatwoot: null, replyWebhook: null };

function toIntegrations(row: Row): OrganisationIntegrations {
  const cwUrl = readTextOrNull(row, "chatwoot_url");
  const cwToken = readTextOrNull(row, "chatwoot_api_token");
  const whUrl = readTextOrNull(row, "reply_webhook_url");
  const whSecret = readTextOrNull(row, "reply_webhook_secret");
  return {
    chatwoot:
      cwUrl !== null && cwToken !== null
        ? {
            url: cwUrl,
            apiToken: cwToken,
            updatedAt: readMillisOrNull(row, "chatwoot_updated_at") ?? 0,
            updatedBy: readTextOrNull(row, "chatwoot_updated_by"),
          }
        : null,
    replyWebhook:
      whUrl !== null && whSecret !== null
        ? {
            url: whUrl,
            secret: whSecret,
            updatedAt: readMillisOrNull(row, "reply_webhook_updated_at") ?? 0,
            updatedBy: readTextOrNull(row, "reply_webhook_updated_by"),
          }
        : null,
  };
}

/** The organisation's own Chatwoot and reply webhook, secrets included (for the delivery loops). */
export async function findOrganisationIntegrations(
  db: Queryable,
  orgId: string,
): Promise<OrganisationIntegrations> {
  if (!isUuid(orgId)) return NONE;
  const [row] = await db.query(
    `SELECT chatwoot_url, chatwoot_api_token, chatwoot_updated_at, chatwoot_updated_by,
            reply_webhook_url, reply_webhook_secret, reply_webhook_updated_at, reply_webhook_updated_by
     FROM organisation_integrations WHERE org_id = $1`,
    [orgId],
  );
  return row ? toIntegrations(row) : NONE;
}

/** Whether any organisation has its own Chatwoot, and any its own reply webhook (at start-up). */
export async function anyOrganisationIntegrations(
  db: Queryable,
): Promise<{ chatwoot: boolean; replyWebhook: boolean }> {
  const [row] = await db.query<{ chatwoot: boolean; reply_webhook: boolean }>(
    `SELECT coalesce(bool_or(chatwoot_url IS NOT NULL), false) AS chatwoot,
            coalesce(bool_or(reply_webhook_url IS NOT NULL), false) AS reply_webhook
     FROM organisation_integrations`,
  );
  return { chatwoot: row?.chatwoot === true, replyWebhook: row?.reply_webhook === true };
}

/**
 * Sets the organisation's Chatwoot (null: removes it, so the server's settings serve it again).
 * `apiToken` undefined keeps the stored token (a new URL for the same Chatwoot).
 */
export async function setOrganisationChatwoot(
  db: Queryable,
  input: { orgId: string; byPersonId: string; chatwoot: { url: string; apiToken: string } | null },
): Promise<void> {
  await db.query(
    `INSERT INTO organisation_integrations (org_id, chatwoot_url, chatwoot_api_token, chatwoot_updated_at, chatwoot_updated_by)
     VALUES ($1, $2, $3, now(), $4)
     ON CONFLICT (org_id) DO UPDATE SET chatwoot_url = EXCLUDED.chatwoot_url,
       chatwoot_api_token = EXCLUDED.chatwoot_api_token, chatwoot_updated_at = now(),
       chatwoot_updated_by = EXCLUDED.chatwoot_updated_by`,
    [input.orgId, input.chatwoot?.url ?? null, input.chatwoot?.apiToken ?? null, input.byPersonId],
  );
}

/** Sets the organisation's reply webhook (null: removes it, so the server's settings serve it again). */
export async function setOrganisationReplyWebhook(
  db: Queryable,
  input: { orgId: string; byPersonId: string; replyWebhook: { url: string; secret: string } | null },
): Promise<void> {
  await db.query(
    `INSERT INTO organisation_integrations (org_id, reply_webhook_url, reply_webhook_secret, reply_webhook_updated_at, reply_webhook_updated_by)
     VALUES ($1, $2, $3, now(), $4)
     ON CONFLICT (org_id) DO UPDATE SET reply_webhook_url = EXCLUDED.reply_webhook_url,
       reply_webhook_secret = EXCLUDED.reply_webhook_secret, reply_webhook_updated_at = now(),
       reply_webhook_updated_by = EXCLUDED.reply_webhook_updated_by`,
    [input.orgId, input.replyWebhook?.url ?? null, input.replyWebhook?.secret ?? null, input.byPersonId],
  );
}
