import type {
  Channel,
  ChatwootConversationStatusChanged,
  ChatwootConversationUpdated,
  ChatwootIgnoredReason,
  ChatwootMessageCreated,
} from "../../protocol/index.ts";
import {
  findConversationById,
  findInterventionById,
  findPersonById,
  type Queryable,
} from "../../store/index.ts";
import type { IngestMessageInput } from "../ingest/pipeline.ts";
import { deliveryErrorForStatus, type EventProcessor } from "./deliveries.ts";
import { assertReadable, type OutletResolver, type OutletSource } from "./outlets.ts";

/** How long Chatwoot has to accept a private note. */
export const CHATWOOT_TIMEOUT_MS = 5_000;

/** The longest message text ingest takes; longer Chatwoot messages (quoted e-mail threads) are cut. */
export const CHATWOOT_TEXT_MAX_CHARS = 20_000;

const EXTERNAL_ID = /^chatwoot:(\d{1,20}):(\d{1,20})$/;

/**
 * The conversation's id in tagteam's terms. Account and conversation number together: Chatwoot
 * numbers conversations per account. It is also how a whisper finds its way back to Chatwoot.
 */
export function chatwootConversationExternalId(accountId: string, conversationId: string): string {
  return `chatwoot:${accountId}:${conversationId}`;
}

/** The Chatwoot account and conversation a tagteam conversation came from, or null. */
export function parseChatwootExternalId(
  externalId: string | null,
): { accountId: string; conversationId: string } | null {
  const match = externalId === null ? null : EXTERNAL_ID.exec(externalId);
  if (match === null || match[1] === undefined || match[2] === undefined) return null;
  return { accountId: match[1], conversationId: match[2] };
}

/** Chatwoot's inbox channel types, by tagteam's channels (anything else is a chat). */
const CHANNEL_BY_INBOX: Record<string, Channel> = {
  "Channel::Email": "email",
  "Channel::Voice": "voice",
  "Channel::FacebookPage": "social",
  "Channel::Instagram": "social",
  "Channel::TwitterProfile": "social",
  "Channel::Telegram": "social",
  "Channel::Line": "social",
  "Channel::Whatsapp": "social",
  "Channel::Tiktok": "social",
  "Channel::Sms": "social",
  "Channel::TwilioSms": "social",
};

export type ChatwootMapping =
  { kind: "ingest"; message: IngestMessageInput } | { kind: "ignored"; reason: ChatwootIgnoredReason };

/**
 * Maps a Chatwoot `message_created` event onto an ingest message, or says why it is left alone.
 * Private notes are never ingested: they are agents talking among themselves, and the whispers
 * tagteam posts come back as private notes (ingesting them would loop). Activity messages
 * ("Conversation was resolved by …") and templates (forms, cards) are Chatwoot's, not anyone's words.
 */
export function mapChatwootMessage(event: ChatwootMessageCreated, teamId: string): ChatwootMapping {
  if (event.private) return { kind: "ignored", reason: "private_note" };
  // A teammate's reply tagteam posted, echoed back by Chatwoot: it is in the transcript already.
  if (isTagteamReply(event)) return { kind: "ignored", reason: "tagteam_reply" };
  if (event.message_type === "activity" || event.message_type === "template") {
    return { kind: "ignored", reason: "message_type" };
  }
  const content =
    (event.content ?? "").trim() !== "" ? (event.content ?? "") : attachmentsText(event.attachments);
  if (content.trim() === "") return { kind: "ignored", reason: "empty_content" };
  const sender = event.sender ?? null;
  // Outgoing messages are agents' when a Chatwoot user sent them; bots and automations are system.
  const role: IngestMessageInput["role"] =
    event.message_type === "incoming"
      ? "customer"
      : sender?.type === "user" || (sender?.type == null && sender?.email != null)
        ? "agent"
        : "system";
  // Agents are matched by email; customers are shown by name.
  const author = (role === "agent" ? (sender?.email ?? sender?.name) : sender?.name) ?? undefined;
  const account = event.account.id;
  const contact = event.conversation.meta?.sender;
  const customerName =
    contact?.type == null || contact.type === "contact" ? contact?.name?.trim() : undefined;
  return {
    kind: "ingest",
    message: {
      senderMessageId: `chatwoot:${account}:${event.id}`,
      conversationId: chatwootConversationExternalId(account, event.conversation.id),
      origin: "chatwoot",
      teamId,
      channel: CHANNEL_BY_INBOX[event.conversation.channel ?? ""] ?? "chat",
      role,
      text: content.slice(0, CHATWOOT_TEXT_MAX_CHARS),
      ...(event.created_at !== undefined ? { at: event.created_at } : {}),
      ...(author !== undefined && author !== "" ? { author } : {}),
      ...(customerName !== undefined && customerName !== "" ? { customerName } : {}),
    },
  };
}

/** Whether the message is a reply tagteam posted (it carries `content_attributes.tagteam_message_id`). */
export function isTagteamReply(event: ChatwootMessageCreated): boolean {
  const attributes = event.content_attributes;
  return (
    typeof attributes === "object" &&
    attributes !== null &&
    typeof (attributes as Record<string, unknown>).tagteam_message_id === "string"
  );
}

/** What a Chatwoot attachment is, in a transcript's words, by its `file_type`. */
const ATTACHMENT_WORDS: Record<string, string> = {
  image: "an image",
  audio: "a voice message",
  video: "a video",
  file: "a file",
  location: "a location",
  contact: "a contact card",
};

/**
 * The line a message of attachments only stands for in the transcript: "(sent an image)", "(sent
 * 3 attachments)". A customer's screenshot is their turn in the conversation (they now wait for
 * an answer, and asking for it again repeats a question they answered); "" when there is none.
 */
export function attachmentsText(attachments: ChatwootMessageCreated["attachments"]): string {
  const list = attachments ?? [];
  if (list.length === 0) return "";
  if (list.length > 1) return `(sent ${list.length} attachments)`;
  return `(sent ${ATTACHMENT_WORDS[list[0]?.file_type ?? ""] ?? "an attachment"})`;
}

export type ChatwootStatusChange =
  { kind: "close"; externalId: string } | { kind: "ignored"; reason: "status" | "no_account" };

/**
 * What a Chatwoot `conversation_status_changed` asks of tagteam: a resolved conversation is closed
 * (by its `chatwoot:<account>:<number>` id, as its messages named it); open, pending and snoozed
 * change nothing (a customer's next message reopens a closed conversation anyway). The account
 * comes from `account.id`, `account_id` or the last message's `account_id`, whichever Chatwoot's
 * version sends (see chatwootConversationStatusChangedSchema); without any, the conversation cannot
 * be named. A conversation with no public message never reached tagteam either.
 */
export function chatwootStatusChange(event: ChatwootConversationStatusChanged): ChatwootStatusChange {
  if (event.status !== "resolved") return { kind: "ignored", reason: "status" };
  const account =
    event.account?.id ?? event.account_id ?? event.messages?.find((m) => m.account_id != null)?.account_id;
  if (account == null) return { kind: "ignored", reason: "no_account" };
  return { kind: "close", externalId: chatwootConversationExternalId(account, event.id) };
}

/** The webhook's `agents` map (`3:ana@example.com,7:ben@example.com`): Chatwoot user id → e-mail. */
export function parseChatwootAgents(agents: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (agents ?? "").split(",")) {
    const at = pair.indexOf(":");
    if (at > 0)
      map.set(
        pair.slice(0, at),
        pair
          .slice(at + 1)
          .trim()
          .toLowerCase(),
      );
  }
  return map;
}

export type ChatwootReassignment =
  | { kind: "assign"; externalId: string; email: string }
  | { kind: "unknown_agent"; externalId: string; agent: string }
  | { kind: "ignored"; reason: "assignee" | "no_account" };

/**
 * What a Chatwoot `conversation_updated` asks of tagteam: when its assignee changed to someone,
 * that person becomes the conversation's agent. The assignee comes without an e-mail (see
 * chatwootConversationUpdatedSchema), so they are named by the webhook's `agents` map, or by an
 * e-mail when a Chatwoot version sends one. An update that changes something else (labels, the
 * last activity) or unassigns changes nothing: tagteam keeps the last agent it knew.
 */
export function chatwootReassignment(
  event: ChatwootConversationUpdated,
  agents: ReadonlyMap<string, string>,
): ChatwootReassignment {
  const changed = event.changed_attributes;
  // Without changed_attributes (an older Chatwoot) the assignee is read as it is now.
  const assigneeChanged =
    changed == null || changed.some((c) => Object.prototype.hasOwnProperty.call(c, "assignee_id"));
  const assignee = event.meta?.assignee;
  if (!assigneeChanged || assignee == null) return { kind: "ignored", reason: "assignee" };
  const account =
    event.account?.id ?? event.account_id ?? event.messages?.find((m) => m.account_id != null)?.account_id;
  if (account == null) return { kind: "ignored", reason: "no_account" };
  const externalId = chatwootConversationExternalId(account, event.id);
  const email = agents.get(assignee.id) ?? assignee.email?.trim().toLowerCase();
  if (email !== undefined && email !== "") return { kind: "assign", externalId, email };
  const name = assignee.available_name ?? assignee.name;
  return {
    kind: "unknown_agent",
    externalId,
    agent: `chatwoot user ${assignee.id}${name != null && name !== "" ? ` (${name})` : ""}`,
  };
}

/** The private note's text: who whispered, so the agent sees it in Chatwoot. */
export function chatwootNoteText(helperName: string | null, whisper: string): string {
  return `Whisper from ${helperName ?? "a teammate"} (tagteam): ${whisper}`;
}

/** The longest part of Chatwoot's own error message a dead letter quotes. */
const CHATWOOT_ERROR_MAX_CHARS = 200;

/**
 * Why Chatwoot did not take a private note (or a reply), for the admin reading the dead letter or
 * the failing integration (Admin → Integrations): its status, Chatwoot's own words (`{ error }`,
 * `{ message }` or `{ errors: [...] }`), and what to check where the status says a setting is
 * wrong, named where the admin can fix it: the organisation's own Chatwoot on Admin → Integrations,
 * or the server's TAGTEAM_CHATWOOT_* settings. Chatwoot answers 401 both to a wrong token and to a
 * user who is not in the conversation's inbox (its Pundit refusals are 401), and 404 to a
 * conversation it does not have, which for every note means the Chatwoot address is not where the
 * webhook comes from.
 */
export function chatwootNoteFailure(
  status: number,
  accountId: string,
  conversationId: string,
  body: string,
  source: OutletSource,
  what: "a private note" | "a reply" = "a private note",
): string {
  const said = chatwootErrorText(body);
  const base = `Chatwoot answered ${status}${said !== null ? ` (“${said}”)` : ""} to ${what} on conversation ${conversationId} of account ${accountId}`;
  const token =
    source === "organisation"
      ? "the access token set on Admin → Integrations (Where replies and whispers go → Chatwoot)"
      : "TAGTEAM_CHATWOOT_API_TOKEN";
  const address =
    source === "organisation"
      ? "the Chatwoot address set on Admin → Integrations (Where replies and whispers go → Chatwoot)"
      : "TAGTEAM_CHATWOOT_URL";
  if (status === 401 || status === 403) {
    return `${base}: check that ${token} is the access token of a Chatwoot user (Profile settings → Access Token) who is a member of that conversation's inbox`;
  }
  if (status === 404) {
    return `${base}: the conversation was deleted in Chatwoot, or ${address} is not the Chatwoot the webhook comes from`;
  }
  return base;
}

/** Chatwoot's error message in an answer's body, cut short; null when there is none. */
function chatwootErrorText(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const candidates = [
    record.error,
    record.message,
    Array.isArray(record.errors) ? record.errors.filter((e) => typeof e === "string").join("; ") : undefined,
  ];
  const text = candidates.find((c): c is string => typeof c === "string" && c.trim() !== "");
  if (text === undefined) return null;
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > CHATWOOT_ERROR_MAX_CHARS
    ? `${oneLine.slice(0, CHATWOOT_ERROR_MAX_CHARS)}…`
    : oneLine;
}

/**
 * Whispers out: a whisper on a conversation that came from Chatwoot is posted back to it as a
 * private note (agents see it, the customer never does). Its delivery loop hands it each
 * `whisper.sent` after commit and retries what throws; nothing of it reaches the helper's request.
 * Whispers on other conversations are skipped.
 */
export function createChatwootNoteProcessor(options: {
  /**
   * The organisation's Chatwoot: its base URL, e.g. https://app.chatwoot.com (a path prefix is
   * kept), and a Chatwoot user's or agent bot's access token (sent as `api_access_token`); its own
   * from Admin → Integrations, else the server's.
   */
  outlets: OutletResolver;
  db: Queryable;
  /** How long a whisper is worth posting as a note (TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS). */
  maxAgeMs: number;
  onPosted: () => void;
  /** Each failed attempt (the loop logs it, and retries or dead-letters the whisper). */
  onFailed: () => void;
}): EventProcessor {
  const post = async (
    chatwoot: { url: string; apiToken: string; source: OutletSource },
    accountId: string,
    conversationId: string,
    content: string,
  ): Promise<void> => {
    const base = chatwoot.url.replace(/\/+$/, "");
    const response = await fetch(
      `${base}/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`,
      {
        method: "POST",
        headers: { "content-type": "application/json", api_access_token: chatwoot.apiToken },
        body: JSON.stringify({ content, message_type: "outgoing", private: true }),
        signal: AbortSignal.timeout(CHATWOOT_TIMEOUT_MS),
      },
    );
    // Read the body (so the connection is released) whatever the answer: a refusal says why in it.
    const body = await response.text().catch(() => "");
    if (!response.ok) {
      throw deliveryErrorForStatus(
        response.status,
        chatwootNoteFailure(response.status, accountId, conversationId, body, chatwoot.source),
        response.headers.get("retry-after"),
      );
    }
  };
  return {
    name: "chatwoot-notes",
    handles: ["whisper.sent"],
    maxAgeMs: options.maxAgeMs,
    ownReceiver: async (orgId) => (await options.outlets(orgId)).chatwoot?.source === "organisation",
    process: async (record, { dryRun = false } = {}) => {
      const payload = record.payload;
      const interventionId =
        typeof payload === "object" && payload !== null && !Array.isArray(payload)
          ? payload.interventionId
          : undefined;
      if (typeof interventionId !== "string") return "skipped";
      const whisper = await findInterventionById(options.db, record.orgId, interventionId);
      if (whisper === null || whisper.kind !== "whisper" || whisper.text === null) return "skipped";
      const conversation = await findConversationById(options.db, record.orgId, whisper.conversationId);
      const target = parseChatwootExternalId(conversation?.externalId ?? null);
      if (target === null) return "skipped";
      // An organisation without a Chatwoot (its own or the server's) keeps its whispers in tagteam.
      const { chatwoot } = await options.outlets(record.orgId);
      if (chatwoot === null) return "skipped";
      assertReadable(chatwoot);
      const helper =
        whisper.fromPersonId !== null
          ? await findPersonById(options.db, record.orgId, whisper.fromPersonId)
          : null;
      if (dryRun) return "sent";
      try {
        await post(
          chatwoot,
          target.accountId,
          target.conversationId,
          chatwootNoteText(helper?.displayName ?? null, whisper.text),
        );
      } catch (error) {
        options.onFailed();
        throw error;
      }
      options.onPosted();
      return "sent";
    },
    // The helper believes the agent read their whisper in Chatwoot: a dead letter shows only on
    // Admin → Integrations, so they are told themselves, to tell the agent another way.
    deadLettered: async (db, record) => {
      const payload = record.payload;
      const interventionId =
        typeof payload === "object" && payload !== null && !Array.isArray(payload)
          ? payload.interventionId
          : undefined;
      if (typeof interventionId !== "string") return [];
      const whisper = await findInterventionById(db, record.orgId, interventionId);
      if (whisper === null || whisper.kind !== "whisper" || whisper.fromPersonId === null) return [];
      return [
        {
          orgId: record.orgId,
          teamId: whisper.teamId,
          conversationId: whisper.conversationId,
          personId: whisper.fromPersonId,
          type: "whisper.undelivered",
          // personId: the agent it was for, whom the toast names.
          payload: {
            interventionId: whisper.id,
            conversationId: whisper.conversationId,
            ...(whisper.toPersonId !== null ? { personId: whisper.toPersonId } : {}),
          },
        },
      ];
    },
  };
}
