import { describe, expect, it } from "vitest";
import {
  chatwootConversationStatusChangedSchema,
  chatwootMessageCreatedSchema,
} from "../../protocol/index.ts";
import {
  CHATWOOT_TEXT_MAX_CHARS,
  chatwootConversationExternalId,
  chatwootNoteText,
  chatwootStatusChange,
  mapChatwootMessage,
  parseChatwootExternalId,
} from "./chatwoot.ts";

/** A `message_created` payload shaped like Chatwoot's (docs: "Webhook events"), with overrides. */
const payload = (over: Record<string, unknown> = {}) => ({
  event: "message_created",
  id: 118,
  content: "My parcel is lost",
  created_at: "2026-03-02T10:00:00.000Z",
  message_type: "incoming",
  content_type: "text",
  private: false,
  content_attributes: {},
  source_id: null,
  sender: { id: 14, name: "Nia Okafor", avatar: "", type: "contact" },
  inbox: { id: 1, name: "Acme Support" },
  conversation: {
    can_reply: true,
    channel: "Channel::WebWidget",
    id: 10,
    inbox_id: 1,
    contact_inbox: { id: 12, contact_id: 14, inbox_id: 1, source_id: "405f1d30" },
    messages: [{ id: 118, message_type: 0, created_at: 1_772_445_600 }],
    status: "open",
  },
  account: { id: 3, name: "Acme Inc" },
  ...over,
});

const map = (over: Record<string, unknown> = {}) =>
  mapChatwootMessage(chatwootMessageCreatedSchema.parse(payload(over)), "team-1");

describe("mapChatwootMessage", () => {
  it("maps a customer's message onto an ingest message with ids scoped by account", () => {
    expect(map()).toEqual({
      kind: "ingest",
      message: {
        senderMessageId: "chatwoot:3:118",
        conversationId: "chatwoot:3:10",
        teamId: "team-1",
        channel: "chat",
        role: "customer",
        text: "My parcel is lost",
        at: "2026-03-02T10:00:00.000Z",
        author: "Nia Okafor",
        // A teammate's reply on it goes back to Chatwoot (integrations/replies.ts).
        origin: "chatwoot",
      },
    });
  });

  it("leaves a reply tagteam posted alone when Chatwoot echoes it back", () => {
    expect(map({ message_type: "outgoing", content_attributes: { tagteam_message_id: "m-1" } })).toEqual({
      kind: "ignored",
      reason: "tagteam_reply",
    });
    expect(map({ message_type: "outgoing", content_attributes: { in_reply_to: 7 } }).kind).toBe("ingest");
  });

  it("takes an agent's public reply as the agent's, matched by e-mail; bots are system", () => {
    const agent = map({
      message_type: "outgoing",
      sender: { id: 1, name: "Aaron", email: "agent.a@example.com", type: "user" },
    });
    expect(agent).toMatchObject({ message: { role: "agent", author: "agent.a@example.com" } });
    const bot = map({ message_type: 1, sender: { id: 2, name: "Helper bot", type: "agent_bot" } });
    expect(bot).toMatchObject({ message: { role: "system", author: "Helper bot" } });
    const automation = map({ message_type: "outgoing", sender: null });
    expect(automation).toMatchObject({ message: { role: "system" } });
    expect(automation.kind === "ingest" && "author" in automation.message).toBe(false);
  });

  it("leaves private notes, activity and template messages, and empty ones alone", () => {
    const note = { message_type: "outgoing", private: true, sender: { id: 1, type: "user" } };
    expect(map(note)).toEqual({ kind: "ignored", reason: "private_note" });
    expect(map({ message_type: "activity" })).toEqual({ kind: "ignored", reason: "message_type" });
    expect(map({ message_type: 2 })).toEqual({ kind: "ignored", reason: "message_type" });
    expect(map({ message_type: 3 })).toEqual({ kind: "ignored", reason: "message_type" });
    expect(map({ content: null })).toEqual({ kind: "ignored", reason: "empty_content" });
    expect(map({ content: "  \n" })).toEqual({ kind: "ignored", reason: "empty_content" });
  });

  it("takes a message of attachments only as a line saying what was sent", () => {
    const image = map({
      content: null,
      attachments: [{ id: 1, file_type: "image", data_url: "https://x/y.png" }],
    });
    expect(image).toMatchObject({ kind: "ingest", message: { role: "customer", text: "(sent an image)" } });
    expect(map({ content: "", attachments: [{ file_type: "audio" }] })).toMatchObject({
      message: { text: "(sent a voice message)" },
    });
    expect(map({ content: null, attachments: [{ file_type: "story_mention" }] })).toMatchObject({
      message: { text: "(sent an attachment)" },
    });
    expect(
      map({ content: null, attachments: [{ file_type: "image" }, { file_type: "file" }] }),
    ).toMatchObject({
      message: { text: "(sent 2 attachments)" },
    });
    // Words and files: the words are the message.
    expect(map({ content: "Here it is", attachments: [{ file_type: "image" }] })).toMatchObject({
      message: { text: "Here it is" },
    });
    expect(map({ content: null, attachments: [] })).toEqual({ kind: "ignored", reason: "empty_content" });
  });

  it("reads the inbox's channel, string ids, and all three time formats", () => {
    const email = map({
      id: "119",
      conversation: { id: "11", channel: "Channel::Email" },
      account: { id: "3" },
    });
    expect(email).toMatchObject({
      message: { channel: "email", senderMessageId: "chatwoot:3:119", conversationId: "chatwoot:3:11" },
    });
    expect(map({ conversation: { id: 10, channel: "Channel::Whatsapp" } })).toMatchObject({
      message: { channel: "social" },
    });
    expect(map({ created_at: "2020-03-03 13:05:57 UTC" })).toMatchObject({
      message: { at: "2020-03-03T13:05:57Z" },
    });
    expect(map({ created_at: 1_772_445_600 })).toMatchObject({ message: { at: "2026-03-02T10:00:00.000Z" } });
    const untimed = map({ created_at: undefined });
    expect(untimed.kind === "ingest" && "at" in untimed.message).toBe(false);
  });

  it("cuts text longer than ingest takes instead of losing the message", () => {
    const long = map({ content: "x".repeat(CHATWOOT_TEXT_MAX_CHARS + 5) });
    expect(long.kind === "ingest" && long.message.text.length).toBe(CHATWOOT_TEXT_MAX_CHARS);
  });

  it("lists every problem of a malformed payload", () => {
    const result = chatwootMessageCreatedSchema.safeParse(
      payload({
        id: "abc",
        message_type: "sideways",
        created_at: "yesterday",
        conversation: {},
        account: {},
      }),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join(".")).sort()).toEqual([
      "account.id",
      "conversation.id",
      "created_at",
      "id",
      "message_type",
    ]);
  });
});

/**
 * A `conversation_status_changed` payload as Chatwoot's docs show it (chatwoot/docs,
 * docs/product/others/webhook-events.md): the conversation's webhook data, `id` its number in the
 * account, no account of its own but the last message's `account_id`.
 */
const statusPayload = (over: Record<string, unknown> = {}) => ({
  additional_attributes: { referer: "http://localhost:3000/widget_tests" },
  can_reply: true,
  channel: "Channel::WebWidget",
  id: 10,
  inbox_id: 1,
  contact_inbox: { id: 12, contact_id: 12, inbox_id: 1, source_id: "405f1d30", hmac_verified: false },
  messages: [
    {
      id: 120,
      content: "Get notified by email",
      account_id: 1,
      inbox_id: 1,
      conversation_id: 10,
      message_type: 3,
      created_at: 1_627_063_369,
      private: false,
      content_type: "input_email",
    },
  ],
  meta: {
    sender: { id: 12, name: "jane", type: "contact" },
    assignee: { id: 1, name: "John", type: "user" },
  },
  status: "resolved",
  unread_count: 0,
  agent_last_seen_at: 1_627_063_451,
  contact_last_seen_at: 0,
  timestamp: 1_627_063_369,
  event: "conversation_status_changed",
  ...over,
});

const statusChange = (over: Record<string, unknown> = {}) =>
  chatwootStatusChange(chatwootConversationStatusChangedSchema.parse(statusPayload(over)));

describe("chatwootStatusChange", () => {
  it("closes a resolved conversation by the id its messages gave it", () => {
    expect(statusChange()).toEqual({ kind: "close", externalId: chatwootConversationExternalId("1", "10") });
    // The account object of newer versions comes first, then a top-level account_id.
    expect(statusChange({ id: "11", account: { id: 4, name: "Acme" }, account_id: 5 })).toEqual({
      kind: "close",
      externalId: "chatwoot:4:11",
    });
    expect(statusChange({ account_id: "5", messages: [] })).toEqual({
      kind: "close",
      externalId: "chatwoot:5:10",
    });
  });

  it("leaves other statuses alone, and cannot name a conversation without its account", () => {
    for (const status of ["open", "pending", "snoozed", "closed-someday"]) {
      expect(statusChange({ status })).toEqual({ kind: "ignored", reason: "status" });
    }
    expect(statusChange({ messages: [] })).toEqual({ kind: "ignored", reason: "no_account" });
    expect(statusChange({ messages: null, account: null })).toEqual({
      kind: "ignored",
      reason: "no_account",
    });
  });

  it("lists every problem of a malformed payload", () => {
    const result = chatwootConversationStatusChangedSchema.safeParse(
      statusPayload({ id: -1, status: "", account: { id: "x" }, messages: [{ account_id: 1.5 }] }),
    );
    expect(result.error?.issues.map((i) => i.path.join(".")).sort()).toEqual([
      "account.id",
      "id",
      "messages.0.account_id",
      "status",
    ]);
  });
});

describe("Chatwoot conversation ids", () => {
  it("round-trip, and nothing else parses as one", () => {
    expect(parseChatwootExternalId(chatwootConversationExternalId("3", "10"))).toEqual({
      accountId: "3",
      conversationId: "10",
    });
    for (const other of [null, "conv-1", "webhook:10", "chatwoot:3", "chatwoot:3:10:1", "chatwoot:a:10"]) {
      expect(parseChatwootExternalId(other)).toBeNull();
    }
  });

  it("notes say who whispered", () => {
    expect(chatwootNoteText("Petra Peer", "Offer the refund now")).toBe(
      "Whisper from Petra Peer (tagteam): Offer the refund now",
    );
    expect(chatwootNoteText(null, "x")).toBe("Whisper from a teammate (tagteam): x");
  });
});
