import { describe, expect, it } from "vitest";
import type { TagteamEvent } from "../../protocol/events.ts";
import { subjectOver, TOAST_TEXT, toastsAfter, type Toast } from "./Toasts.tsx";

/** The title a toast spec gives an event addressed to `personId`, `who` being its actor's name. */
function titleOf(
  type: keyof typeof TOAST_TEXT,
  personId: string,
  data: TagteamEvent["data"],
  who = "A teammate",
) {
  const spec = TOAST_TEXT[type];
  if (spec === undefined) throw new Error(`no toast for ${type}`);
  const event = { type, personId, data } as TagteamEvent;
  return {
    title: typeof spec.title === "string" ? spec.title : spec.title(who, event),
    href: spec.href(event),
    actor: spec.actor?.(event),
    shownOnFollowUps: spec.shownAt?.(event, "/follow-ups") ?? false,
  };
}

describe("toasts for promises to customers", () => {
  it("reminds whoever owes a promise before it falls due, leading to Follow-ups", () => {
    expect(titleOf("commitment.due", "ana", { personId: "ana", conversationId: "c1" })).toEqual({
      title: "A promise you made to a customer falls due within 15 minutes",
      href: "/follow-ups",
      actor: undefined,
      shownOnFollowUps: true,
    });
  });

  it("tells whoever owes it that it is overdue, and a lead whose it is", () => {
    const data = { personId: "ana", conversationId: "c1", commitmentId: "k1", status: "missed" };
    expect(titleOf("commitment.missed", "ana", data).title).toBe(
      "A promise you made to a customer is overdue: it is still owed",
    );
    const lead = titleOf("commitment.missed", "lee", data, "Ana Silva");
    expect(lead.title).toBe("Ana Silva's promise to a customer is overdue");
    expect(lead.actor).toBe("ana");
    expect(lead.href).toBe("/follow-ups");
  });
});

describe("toasts for alerts", () => {
  it("name who could use help, and say when they raised a hand", () => {
    const raised = titleOf("alert.raised", "lee", { alertId: "a1", agentId: "ana" }, "Ana Silva");
    expect(raised.title).toBe("Ana Silva could use your help: you are best placed");
    expect(raised.actor).toBe("ana");
    expect(raised.href).toBe("/alerts");
    expect(
      titleOf("alert.raised", "lee", { alertId: "a1", agentId: "ana", reason: "raised_hand" }, "Ana Silva")
        .title,
    ).toBe("Ana Silva raised a hand: you are best placed to help");
    // Someone already helping on the conversation hears of a new reason there as an update.
    expect(
      titleOf("alert.raised", "lee", { alertId: "a1", agentId: "ana", update: true }, "Ana Silva").title,
    ).toBe("New on Ana Silva’s conversation you are helping with");
    // A raised hand on a conversation they are helping with.
    expect(
      titleOf(
        "alert.raised",
        "lee",
        { alertId: "a1", agentId: "ana", reason: "raised_hand", update: true },
        "Ana Silva",
      ).title,
    ).toBe("Ana Silva raised a hand on the conversation you are helping with");
    // An alert without an agent (an unassigned conversation) says what it said.
    expect(titleOf("alert.raised", "lee", { alertId: "a1" }).title).toBe(
      "You are best placed to help a teammate",
    );
  });

  it("leave an alert that came with an escalation to the escalation's own toast", () => {
    const spec = TOAST_TEXT["alert.raised"];
    const event = (data: TagteamEvent["data"]) =>
      ({ type: "alert.raised", personId: "lee", data }) as TagteamEvent;
    expect(spec?.said?.(event({ alertId: "a1", escalated: true }))).toBe(true);
    expect(spec?.said?.(event({ alertId: "a1" }))).toBe(false);
  });

  it('tell nobody "an alert was routed to you" when it leaves them: the new helper hears of it by alert.raised', () => {
    expect(TOAST_TEXT["alert.rerouted"]).toBeUndefined();
  });
});

describe("toasts for whispers", () => {
  it("tell the teammate who whispered that it never reached the agent in Chatwoot, naming the agent", () => {
    const spec = TOAST_TEXT["whisper.undelivered"];
    if (spec === undefined) throw new Error("no toast for whisper.undelivered");
    const event = {
      type: "whisper.undelivered",
      personId: "petra",
      conversationId: "c1",
      data: { interventionId: "w1", conversationId: "c1", personId: "ana" },
    } as TagteamEvent;
    const title = (who: string, e: TagteamEvent) =>
      typeof spec.title === "string" ? spec.title : spec.title(who, e);
    expect(spec.actor?.(event)).toBe("ana");
    expect(title("Ana Silva", event)).toBe(
      "Your whisper never reached Ana Silva in Chatwoot: tell them another way",
    );
    expect(title("A teammate", { ...event, data: { interventionId: "w1" } })).toBe(
      "Your whisper never reached the agent in Chatwoot: tell them another way",
    );
    expect(spec.href(event)).toBe("/conversations/c1");
    expect(spec.shownAt?.(event, "/conversations/c1")).toBe(true);
  });
});

describe("toasts for QA disputes", () => {
  it("opens the disputed card at the dispute, for the lead and for the agent told of its outcome", () => {
    const disputed = { type: "scorecard.disputed", personId: "lee", conversationId: "c1" };
    const data = { conversationId: "c1", personId: "ana", disputeId: "d1", status: "open" };
    const event = { ...disputed, data } as TagteamEvent;
    expect(TOAST_TEXT["scorecard.disputed"]?.href(event)).toBe("/qa/c1?person=ana&dispute=d1");
    const resolved = { ...event, type: "scorecard.dispute_resolved", personId: "ana" } as TagteamEvent;
    expect(TOAST_TEXT["scorecard.dispute_resolved"]?.href(resolved)).toBe("/qa/c1?person=ana&dispute=d1");
  });
});

describe("an alert's toast once the alert is over", () => {
  const raised: Toast = {
    id: "e1",
    title: "Ana Silva could use your help: you are best placed",
    href: "/alerts",
    action: "See the alert",
    subject: "a1",
    about: "c1",
  };
  const event = (type: string, data: TagteamEvent["data"]) =>
    ({ id: "e2", type, personId: "lee", conversationId: "c1", data }) as TagteamEvent;

  it("says the alert was replaced or closed, and no longer leads to an empty Alerts page", () => {
    const [after] = toastsAfter([raised], event("alert.expired", { alertId: "a1", status: "expired" }));
    expect(after?.title).toBe(
      "That alert is over: a newer one replaced it, the agent put it right, or its conversation closed or moved",
    );
    expect(after?.href).toBeUndefined();
    expect(after?.action).toBeUndefined();
  });

  it("says it was handed to another teammate", () => {
    const [after] = toastsAfter([raised], event("alert.rerouted", { alertId: "a1" }));
    expect(after?.title).toBe("That alert was handed to another teammate: nothing needed from you");
    expect(after?.href).toBeUndefined();
  });

  it("goes once the helper acted on it, and another alert's end leaves it be", () => {
    expect(toastsAfter([raised], event("alert.resolved", { alertId: "a1" }))).toEqual([]);
    expect(toastsAfter([raised], event("alert.dismissed", { alertId: "a1" }))).toEqual([]);
    expect(toastsAfter([raised], event("alert.expired", { alertId: "a2" }))).toEqual([raised]);
  });

  it("gives way to the alert that replaces it on the same conversation", () => {
    const ended = toastsAfter([raised], event("alert.expired", { alertId: "a1" }));
    const next = { ...raised, id: "e3", subject: "a2" };
    expect(toastsAfter(ended, event("alert.raised", { alertId: "a2" }), next)).toEqual([next]);
  });
});

describe("what a desktop notification asked about is over", () => {
  const event = (type: string, data: TagteamEvent["data"]) =>
    ({ id: "e9", type, personId: "lee", conversationId: "c1", data }) as TagteamEvent;

  it("when its alert is acted on, dismissed, expired or handed on, or its offer answered or withdrawn", () => {
    for (const type of ["alert.resolved", "alert.dismissed", "alert.expired", "alert.rerouted"])
      expect(subjectOver(event(type, { alertId: "a1" }))).toBe("a1");
    for (const type of ["takeover.accepted", "takeover.declined", "intervention.withdrawn"])
      expect(subjectOver(event(type, { interventionId: "i1" }))).toBe("i1");
  });

  it("not while it still stands: taken on, or a new one", () => {
    expect(subjectOver(event("alert.acknowledged", { alertId: "a1" }))).toBeUndefined();
    expect(subjectOver(event("alert.raised", { alertId: "a1" }))).toBeUndefined();
  });

  it("is what the notification was tagged with: the alert's or the offer's id", () => {
    expect(TOAST_TEXT["alert.raised"]?.subject?.(event("alert.raised", { alertId: "a1" }))).toBe("a1");
    expect(
      TOAST_TEXT["takeover.offered"]?.subject?.(event("takeover.offered", { interventionId: "i1" })),
    ).toBe("i1");
  });
});
