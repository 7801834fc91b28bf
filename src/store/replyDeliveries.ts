import { isUuid, readMillis, readText, readTextOrNull, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * Reply deliveries (migration 0054): a teammate's reply to a conversation that came from Chatwoot
 * or a helpdesk is stored like any message and then posted by a delivery loop (Chatwoot's
 * outgoing message, or the reply webhook). This row says how far it got, for the transcript.
 * Built-in chat replies have none: the customer's widget reads them from the transcript itself.
 */

export type ReplyDeliveryVia = "chatwoot" | "webhook";
export type ReplyDeliveryState = "waiting" | "sent" | "failed";

export interface ReplyDeliveryRecord {
  messageId: string;
  orgId: string;
  conversationId: string;
  via: ReplyDeliveryVia;
  state: ReplyDeliveryState;
  /** Why it failed (a dead letter's reason); null otherwise. */
  error: string | null;
  /** The receiver's id of the posted message, when it gave one. */
  externalId: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `message_id, org_id, conversation_id, via, state, error, external_id, created_at, updated_at`;

function toReplyDelivery(row: Row): ReplyDeliveryRecord {
  const state = readText(row, "state");
  return {
    messageId: readText(row, "message_id"),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
    via: readText(row, "via") === "chatwoot" ? "chatwoot" : "webhook",
    state: state === "sent" ? "sent" : state === "failed" ? "failed" : "waiting",
    error: readTextOrNull(row, "error"),
    externalId: readTextOrNull(row, "external_id"),
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

/** A reply now waiting for its delivery (written with the event that asks for it). */
export async function insertReplyDelivery(
  db: Queryable,
  input: { orgId: string; messageId: string; conversationId: string; via: ReplyDeliveryVia },
): Promise<void> {
  await db.query(
    `INSERT INTO reply_deliveries (message_id, org_id, conversation_id, via)
     VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING`,
    [input.messageId, input.orgId, input.conversationId, input.via],
  );
}

/** The receiver took it (also after a failure an admin sent again). */
export async function markReplyDeliverySent(
  db: Queryable,
  input: { orgId: string; messageId: string; externalId?: string | null },
): Promise<void> {
  await db.query(
    `UPDATE reply_deliveries SET state = 'sent', error = NULL, external_id = COALESCE($3, external_id),
            updated_at = now()
     WHERE org_id = $1 AND message_id = $2`,
    [input.orgId, input.messageId, input.externalId ?? null],
  );
}

/** It became a dead letter: it will not reach the customer unless an admin sends it again. */
export async function markReplyDeliveryFailed(
  db: Queryable,
  input: { orgId: string; messageId: string; error: string },
): Promise<void> {
  await db.query(
    `UPDATE reply_deliveries SET state = 'failed', error = $3, updated_at = now()
     WHERE org_id = $1 AND message_id = $2 AND state <> 'sent'`,
    [input.orgId, input.messageId, input.error],
  );
}

export async function findReplyDelivery(
  db: Queryable,
  orgId: string,
  messageId: string,
): Promise<ReplyDeliveryRecord | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM reply_deliveries WHERE org_id = $1 AND message_id = $2`,
    [orgId, messageId],
  );
  return row ? toReplyDelivery(row) : null;
}

/** Every reply delivery of a conversation (a few per conversation at most). */
export async function listReplyDeliveries(
  db: Queryable,
  input: { orgId: string; conversationId: string },
): Promise<ReplyDeliveryRecord[]> {
  if (!isUuid(input.conversationId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM reply_deliveries WHERE org_id = $1 AND conversation_id = $2 ORDER BY created_at`,
    [input.orgId, input.conversationId],
  );
  return rows.map(toReplyDelivery);
}

/** Whether the receiver's message id is a reply tagteam posted (Chatwoot echoing it back). */
export async function isDeliveredReply(db: Queryable, orgId: string, externalId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM reply_deliveries WHERE org_id = $1 AND external_id = $2 LIMIT 1`,
    [orgId, externalId],
  );
  return rows.length > 0;
}
