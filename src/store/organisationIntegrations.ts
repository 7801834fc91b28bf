import { isUuid, readMillisOrNull, readTextOrNull, type Row } from "./rows.ts";
import { openSecret, sealSecret, type SecretKeys } from "./secretBox.ts";
import type { Queryable } from "./types.ts";

/*
 * An organisation's own outlets (migration 0056): its Chatwoot and its reply webhook. The token and
 * the secret are returned only by `findOrganisationIntegrations`, which the delivery loops read;
 * routes show their last four characters instead. Both are encrypted at rest under the server's
 * key when it has one (migration 0058, secretBox.ts), each with the id of the key beside it.
 */

export interface OrganisationChatwoot {
  url: string;
  /** Null: it was encrypted with a key this server does not have (set it again, or give the key back). */
  apiToken: string | null;
  /** The key it is encrypted with; null: stored unencrypted. */
  apiTokenKeyId: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

export interface OrganisationReplyWebhook {
  url: string;
  /** Null: it was encrypted with a key this server does not have (make a new one, or give the key back). */
  secret: string | null;
  /** The key it is encrypted with; null: stored unencrypted. */
  secretKeyId: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

/**
 * Its alert webhook (migration 0059): a Slack or Mattermost incoming-webhook address, which is a
 * secret itself (whoever has it can post to the channel), so the address is what is encrypted.
 */
export interface OrganisationAlertWebhook {
  /** Null: it was encrypted with a key this server does not have (set it again, or give the key back). */
  url: string | null;
  /** The key it is encrypted with; null: stored unencrypted. */
  urlKeyId: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

export interface OrganisationIntegrations {
  chatwoot: OrganisationChatwoot | null;
  replyWebhook: OrganisationReplyWebhook | null;
  alertWebhook: OrganisationAlertWebhook | null;
}

const NONE: OrganisationIntegrations = { chatwoot: null, replyWebhook: null, alertWebhook: null };

export type SecretColumn = "chatwoot_api_token" | "reply_webhook_secret" | "alert_webhook_url";

/** What a secret's ciphertext is bound to: its organisation and column. */
const contextOf = (orgId: string, column: SecretColumn): string =>
  `organisation_integrations/${orgId}/${column}`;

function toIntegrations(row: Row, orgId: string, keys: SecretKeys): OrganisationIntegrations {
  const cwUrl = readTextOrNull(row, "chatwoot_url");
  const cwToken = readTextOrNull(row, "chatwoot_api_token");
  const cwKey = readTextOrNull(row, "chatwoot_api_token_key_id");
  const whUrl = readTextOrNull(row, "reply_webhook_url");
  const whSecret = readTextOrNull(row, "reply_webhook_secret");
  const whKey = readTextOrNull(row, "reply_webhook_secret_key_id");
  const alertUrl = readTextOrNull(row, "alert_webhook_url");
  const alertKey = readTextOrNull(row, "alert_webhook_url_key_id");
  return {
    chatwoot:
      cwUrl !== null && cwToken !== null
        ? {
            url: cwUrl,
            apiToken: openSecret(keys, cwToken, cwKey, contextOf(orgId, "chatwoot_api_token")),
            apiTokenKeyId: cwKey,
            updatedAt: readMillisOrNull(row, "chatwoot_updated_at") ?? 0,
            updatedBy: readTextOrNull(row, "chatwoot_updated_by"),
          }
        : null,
    replyWebhook:
      whUrl !== null && whSecret !== null
        ? {
            url: whUrl,
            secret: openSecret(keys, whSecret, whKey, contextOf(orgId, "reply_webhook_secret")),
            secretKeyId: whKey,
            updatedAt: readMillisOrNull(row, "reply_webhook_updated_at") ?? 0,
            updatedBy: readTextOrNull(row, "reply_webhook_updated_by"),
          }
        : null,
    alertWebhook:
      alertUrl !== null
        ? {
            url: openSecret(keys, alertUrl, alertKey, contextOf(orgId, "alert_webhook_url")),
            urlKeyId: alertKey,
            updatedAt: readMillisOrNull(row, "alert_webhook_updated_at") ?? 0,
            updatedBy: readTextOrNull(row, "alert_webhook_updated_by"),
          }
        : null,
  };
}

/** The organisation's own Chatwoot, reply webhook and alert webhook, secrets decrypted (for the delivery loops). */
export async function findOrganisationIntegrations(
  db: Queryable,
  orgId: string,
  keys: SecretKeys,
): Promise<OrganisationIntegrations> {
  if (!isUuid(orgId)) return NONE;
  const [row] = await db.query(
    `SELECT chatwoot_url, chatwoot_api_token, chatwoot_api_token_key_id, chatwoot_updated_at, chatwoot_updated_by,
            reply_webhook_url, reply_webhook_secret, reply_webhook_secret_key_id, reply_webhook_updated_at,
            reply_webhook_updated_by, alert_webhook_url, alert_webhook_url_key_id, alert_webhook_updated_at,
            alert_webhook_updated_by
     FROM organisation_integrations WHERE org_id = $1`,
    [orgId],
  );
  return row ? toIntegrations(row, orgId, keys) : NONE;
}

/** Whether any organisation has its own Chatwoot, any its own reply webhook, any its own alert webhook (at start-up). */
export async function anyOrganisationIntegrations(
  db: Queryable,
): Promise<{ chatwoot: boolean; replyWebhook: boolean; alertWebhook: boolean }> {
  const [row] = await db.query<{ chatwoot: boolean; reply_webhook: boolean; alert_webhook: boolean }>(
    `SELECT coalesce(bool_or(chatwoot_url IS NOT NULL), false) AS chatwoot,
            coalesce(bool_or(reply_webhook_url IS NOT NULL), false) AS reply_webhook,
            coalesce(bool_or(alert_webhook_url IS NOT NULL), false) AS alert_webhook
     FROM organisation_integrations`,
  );
  return {
    chatwoot: row?.chatwoot === true,
    replyWebhook: row?.reply_webhook === true,
    alertWebhook: row?.alert_webhook === true,
  };
}

/**
 * Sets the organisation's Chatwoot (null: removes it, so the server's settings serve it again),
 * its token encrypted with the current key (unencrypted when the server has none).
 */
export async function setOrganisationChatwoot(
  db: Queryable,
  input: { orgId: string; byPersonId: string; chatwoot: { url: string; apiToken: string } | null },
  keys: SecretKeys,
): Promise<void> {
  const sealed =
    input.chatwoot === null
      ? null
      : sealSecret(keys, input.chatwoot.apiToken, contextOf(input.orgId, "chatwoot_api_token"));
  await db.query(
    `INSERT INTO organisation_integrations
       (org_id, chatwoot_url, chatwoot_api_token, chatwoot_api_token_key_id, chatwoot_updated_at, chatwoot_updated_by)
     VALUES ($1, $2, $3, $4, now(), $5)
     ON CONFLICT (org_id) DO UPDATE SET chatwoot_url = EXCLUDED.chatwoot_url,
       chatwoot_api_token = EXCLUDED.chatwoot_api_token,
       chatwoot_api_token_key_id = EXCLUDED.chatwoot_api_token_key_id, chatwoot_updated_at = now(),
       chatwoot_updated_by = EXCLUDED.chatwoot_updated_by`,
    [
      input.orgId,
      input.chatwoot?.url ?? null,
      sealed?.value ?? null,
      sealed?.keyId ?? null,
      input.byPersonId,
    ],
  );
}

/** Sets the organisation's reply webhook (null: removes it), its secret encrypted as the token is. */
export async function setOrganisationReplyWebhook(
  db: Queryable,
  input: { orgId: string; byPersonId: string; replyWebhook: { url: string; secret: string } | null },
  keys: SecretKeys,
): Promise<void> {
  const sealed =
    input.replyWebhook === null
      ? null
      : sealSecret(keys, input.replyWebhook.secret, contextOf(input.orgId, "reply_webhook_secret"));
  await db.query(
    `INSERT INTO organisation_integrations
       (org_id, reply_webhook_url, reply_webhook_secret, reply_webhook_secret_key_id, reply_webhook_updated_at,
        reply_webhook_updated_by)
     VALUES ($1, $2, $3, $4, now(), $5)
     ON CONFLICT (org_id) DO UPDATE SET reply_webhook_url = EXCLUDED.reply_webhook_url,
       reply_webhook_secret = EXCLUDED.reply_webhook_secret,
       reply_webhook_secret_key_id = EXCLUDED.reply_webhook_secret_key_id, reply_webhook_updated_at = now(),
       reply_webhook_updated_by = EXCLUDED.reply_webhook_updated_by`,
    [
      input.orgId,
      input.replyWebhook?.url ?? null,
      sealed?.value ?? null,
      sealed?.keyId ?? null,
      input.byPersonId,
    ],
  );
}

/**
 * Sets the organisation's alert webhook address (null: removes it, so the server's serves it
 * again), encrypted as the tokens are: the address is the secret.
 */
export async function setOrganisationAlertWebhook(
  db: Queryable,
  input: { orgId: string; byPersonId: string; alertWebhook: { url: string } | null },
  keys: SecretKeys,
): Promise<void> {
  const sealed =
    input.alertWebhook === null
      ? null
      : sealSecret(keys, input.alertWebhook.url, contextOf(input.orgId, "alert_webhook_url"));
  await db.query(
    `INSERT INTO organisation_integrations
       (org_id, alert_webhook_url, alert_webhook_url_key_id, alert_webhook_updated_at, alert_webhook_updated_by)
     VALUES ($1, $2, $3, now(), $4)
     ON CONFLICT (org_id) DO UPDATE SET alert_webhook_url = EXCLUDED.alert_webhook_url,
       alert_webhook_url_key_id = EXCLUDED.alert_webhook_url_key_id, alert_webhook_updated_at = now(),
       alert_webhook_updated_by = EXCLUDED.alert_webhook_updated_by`,
    [input.orgId, sealed?.value ?? null, sealed?.keyId ?? null, input.byPersonId],
  );
}

/**
 * Encrypts with the current key every stored token and secret that is not yet: stored unencrypted
 * (before the server had a key, or before migration 0058) or under an old key (after a rotation).
 * One that cannot be decrypted (its key is not among the server's) is left as it is and counted.
 * Run at start-up; a no-op without a current key. Rows are locked, so two instances starting
 * together do not both rewrite one.
 */
export async function resealOrganisationSecrets(
  db: Queryable,
  keys: SecretKeys,
): Promise<{ resealed: number; unreadable: number }> {
  const current = keys.current;
  if (current === null) return { resealed: 0, unreadable: 0 };
  const rows = await db.query(
    `SELECT org_id, chatwoot_api_token, chatwoot_api_token_key_id, reply_webhook_secret, reply_webhook_secret_key_id,
            alert_webhook_url, alert_webhook_url_key_id
     FROM organisation_integrations
     WHERE (chatwoot_api_token IS NOT NULL AND chatwoot_api_token_key_id IS DISTINCT FROM $1)
        OR (reply_webhook_secret IS NOT NULL AND reply_webhook_secret_key_id IS DISTINCT FROM $1)
        OR (alert_webhook_url IS NOT NULL AND alert_webhook_url_key_id IS DISTINCT FROM $1)
     FOR UPDATE`,
    [current.id],
  );
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    const orgId = String(row.org_id);
    for (const column of ["chatwoot_api_token", "reply_webhook_secret", "alert_webhook_url"] as const) {
      const value = readTextOrNull(row, column);
      const keyId = readTextOrNull(row, `${column}_key_id`);
      if (value === null || keyId === current.id) continue;
      const plain = openSecret(keys, value, keyId, contextOf(orgId, column));
      if (plain === null) {
        unreadable += 1;
        continue;
      }
      const sealed = sealSecret(keys, plain, contextOf(orgId, column));
      await db.query(
        `UPDATE organisation_integrations SET ${column} = $2, ${column}_key_id = $3 WHERE org_id = $1`,
        [orgId, sealed.value, sealed.keyId],
      );
      resealed += 1;
    }
  }
  return { resealed, unreadable };
}

/** An organisation whose stored token, secret or address this server cannot decrypt (its key is gone). */
export interface UnreadableOrganisationSecrets {
  orgId: string;
  orgName: string;
  /** Which of its secrets, in the order of the settings page. */
  columns: SecretColumn[];
  /** The ids of the keys that encrypted them (not secret). */
  keyIds: string[];
}

/**
 * Every organisation with a stored secret this server cannot decrypt: encrypted with a key that is
 * neither TAGTEAM_SECRETS_KEY nor one of TAGTEAM_SECRETS_OLD_KEYS (or altered). One entry per
 * organisation, however many of its secrets; read at start-up, key or no key.
 */
export async function findUnreadableOrganisationSecrets(
  db: Queryable,
  keys: SecretKeys,
): Promise<UnreadableOrganisationSecrets[]> {
  const rows = await db.query(
    `SELECT i.org_id, o.name, i.chatwoot_api_token, i.chatwoot_api_token_key_id, i.reply_webhook_secret,
            i.reply_webhook_secret_key_id, i.alert_webhook_url, i.alert_webhook_url_key_id
     FROM organisation_integrations i JOIN organisations o ON o.id = i.org_id
     WHERE i.chatwoot_api_token_key_id IS NOT NULL OR i.reply_webhook_secret_key_id IS NOT NULL
        OR i.alert_webhook_url_key_id IS NOT NULL
     ORDER BY o.name, i.org_id`,
  );
  const found: UnreadableOrganisationSecrets[] = [];
  for (const row of rows) {
    const orgId = String(row.org_id);
    const columns: SecretColumn[] = [];
    const keyIds = new Set<string>();
    for (const column of ["chatwoot_api_token", "reply_webhook_secret", "alert_webhook_url"] as const) {
      const value = readTextOrNull(row, column);
      const keyId = readTextOrNull(row, `${column}_key_id`);
      if (value === null || keyId === null) continue;
      if (openSecret(keys, value, keyId, contextOf(orgId, column)) !== null) continue;
      columns.push(column);
      keyIds.add(keyId);
    }
    if (columns.length > 0)
      found.push({ orgId, orgName: readTextOrNull(row, "name") ?? orgId, columns, keyIds: [...keyIds] });
  }
  return found;
}
