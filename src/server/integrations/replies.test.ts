import { describe, expect, it } from "vitest";
import { replyRouteOf, signReplyWebhook } from "./replies.ts";

const none = { chatwoot: false, webhook: false, demo: false };
const open = (origin: "chat" | "chatwoot" | "api" | "import" | "demo", externalId: string | null = "x") => ({
  origin,
  status: "open" as const,
  externalId,
});

describe("replyRouteOf", () => {
  it("sends built-in chat replies to the widget, and nothing else without an outlet", () => {
    expect(replyRouteOf(open("chat"), none).via).toBe("chat");
    expect(replyRouteOf(open("api", "hd-1"), none)).toMatchObject({
      via: null,
      notSentReason: "no_reply_webhook",
    });
    expect(replyRouteOf(open("chatwoot", "chatwoot:3:77"), none)).toMatchObject({
      via: null,
      notSentReason: "chatwoot_not_configured",
    });
    expect(replyRouteOf(open("import"), { chatwoot: true, webhook: true, demo: true })).toMatchObject({
      via: null,
      notSentReason: "imported",
    });
  });

  it("sends Chatwoot's and the helpdesk's replies out where their outlet is set up", () => {
    expect(replyRouteOf(open("chatwoot", "chatwoot:3:77"), { ...none, chatwoot: true }).via).toBe("chatwoot");
    expect(replyRouteOf(open("api", "hd-1"), { ...none, webhook: true }).via).toBe("webhook");
  });

  it("in the live demo, the replay's own conversations take replies: its customer reads them", () => {
    const demo = { ...none, demo: true };
    expect(replyRouteOf(open("demo", "sim-lx2k-4"), demo)).toMatchObject({
      via: "demo",
      notSentReason: null,
    });
    // Told apart by their origin, not their id: an API conversation named like the replay's is a helpdesk's.
    expect(replyRouteOf(open("api", "sim-lx2k-4"), demo).via).toBeNull();
    expect(replyRouteOf(open("api", "hd-1"), demo).via).toBeNull();
    // The demo not running, its conversations are a helpdesk's like any other.
    expect(replyRouteOf(open("demo", "sim-lx2k-4"), none).via).toBeNull();
    expect(replyRouteOf(open("demo", "sim-lx2k-4"), { ...none, webhook: true }).via).toBe("webhook");
  });

  it("takes no reply on a closed conversation, whatever its origin", () => {
    for (const origin of ["chat", "chatwoot", "api", "import", "demo"] as const)
      expect(
        replyRouteOf(
          { ...open(origin, "chatwoot:3:77"), status: "closed" },
          {
            chatwoot: true,
            webhook: true,
            demo: true,
          },
        ).notSentReason,
      ).toBe("closed");
  });
});

describe("signReplyWebhook", () => {
  it("signs the time and the body together", () => {
    const a = signReplyWebhook("secret-0123456789abcdef", '{"a":1}', 1_700_000_000);
    expect(a).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(signReplyWebhook("secret-0123456789abcdef", '{"a":2}', 1_700_000_000)).not.toBe(a);
    expect(signReplyWebhook("secret-0123456789abcdef", '{"a":1}', 1_700_000_001)).not.toBe(a);
  });
});
