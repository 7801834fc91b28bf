import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../../protocol/audit.ts";
import {
  ACTIONS,
  actionChoices,
  dateRange,
  describeAction,
  detailsInWords,
  relativeTime,
  summarizeDetails,
} from "./auditModel.ts";

describe("the audit log in words", () => {
  it("has a sentence and a filter choice for every action the server writes, and nothing else", () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const action of AUDIT_ACTIONS) {
      const sentence = describeAction({ action, details: {} });
      expect(sentence, action).toMatch(/^[A-Z][^.]+$/);
    }
    const offered = actionChoices().flatMap((g) => g.options.map((o) => o.value));
    for (const action of AUDIT_ACTIONS) expect(offered).toContain(action);
    expect(describeAction({ action: "widget.repainted", details: {} })).toBeNull();
  });

  it("offers a whole group as a prefix only when its actions share one", () => {
    const groups = Object.fromEntries(actionChoices().map((g) => [g.group, g.options.map((o) => o.value)]));
    expect(groups["People"]?.[0]).toBe("person.");
    expect(groups["API tokens"]?.[0]).toBe("api_token.");
    expect(groups["Sessions"]).toEqual(["session.", "session.revoked", "session.others_revoked"]);
    // Teams' actions are team., escalation_protocol. and engine_settings.: no one prefix.
    expect(groups["Teams"]?.some((v) => v.endsWith("."))).toBe(false);
  });

  it("reads the details it knows into the sentence", () => {
    expect(
      describeAction({ action: "session.revoked", details: { device: "Chrome on Linux", current: false } }),
    ).toBe("Signed out one of their own sessions (Chrome on Linux)");
    expect(describeAction({ action: "session.others_revoked", details: { signedOutSessions: 2 } })).toBe(
      "Signed out everywhere else; 2 sessions signed out",
    );
    expect(describeAction({ action: "alert.expired", details: { why: "conversation closed" } })).toBe(
      "Ended an alert: its conversation closed",
    );
    expect(describeAction({ action: "alert.expired", details: { raisedAt: "x" } })).toBe(
      "Expired an alert nobody acknowledged in time",
    );
    expect(describeAction({ action: "escalation.advanced", details: { fromLevel: 0, toLevel: 1 } })).toBe(
      "Moved an unacknowledged escalation to the next level (level 1 → 2)",
    );
    expect(
      describeAction({ action: "conversation.erased", details: { why: "retention", messages: 12 } }),
    ).toBe(
      "Erased a conversation and everything recorded about it (12 messages), as the retention period ended",
    );
    expect(
      describeAction({ action: "export.unredacted_downloaded", details: { rows: 3, format: "csv" } }),
    ).toBe("Downloaded an UNREDACTED export (3 rows, CSV)");
    expect(
      describeAction({
        action: "export.downloaded",
        details: {
          rows: 40,
          format: "csv",
          since: "2026-01-05T00:00:00.000Z",
          until: "2026-02-01T00:00:00.000Z",
        },
      }),
    ).toBe(
      "Downloaded an export (40 rows, CSV, conversations started from 2026-01-05 00:00 UTC before 2026-02-01 00:00 UTC), personal data redacted",
    );
    expect(describeAction({ action: "store.backed_up", details: { bytes: 3_145_728, ms: 120 } })).toBe(
      "Downloaded a backup of the whole database (3.0 MB)",
    );
    expect(
      describeAction({
        action: "intervention.withdrawn",
        details: { kind: "takeover_offer", why: "Petra Peer was deactivated" },
      }),
    ).toBe("Withdrew a waiting takeover offer: Petra Peer was deactivated");
    expect(
      describeAction({
        action: "intervention.withdrawn",
        details: { kind: "escalation", why: "conversation closed" },
      }),
    ).toBe("Withdrew a waiting escalation: its conversation closed");
    expect(
      describeAction({
        action: "escalation.reassigned",
        details: { why: "Lena Lead was deactivated", toPersonId: "p2", level: 1 },
      }),
    ).toBe("Asked someone else to take an escalation (Lena Lead was deactivated)");
    expect(
      describeAction({
        action: "escalation.reassigned",
        details: { why: "Lena Lead was deactivated", toPersonId: null },
      }),
    ).toBe("Left an escalation to the team's queue: nobody else could be asked (Lena Lead was deactivated)");
    expect(
      describeAction({ action: "conversation.unassigned", details: { why: "Aaron Agent was deactivated" } }),
    ).toBe("Left a conversation for the next agent to take (Aaron Agent was deactivated)");
    expect(
      describeAction({ action: "commitment.handed_over", details: { why: "Aaron Agent was deactivated" } }),
    ).toBe("Handed an open promise to a customer over to a teammate (Aaron Agent was deactivated)");
    expect(describeAction({ action: "delivery.retried", details: { delivered: false } })).toBe(
      "Sent a dead letter again: it failed again",
    );
  });

  it("summarises details in one line, values cut", () => {
    expect(summarizeDetails({})).toBe("");
    expect(summarizeDetails({ a: 1, b: "two", c: [1, 2], d: true })).toBe(
      "a: 1 · b: two · c: [1,2] · +1 more",
    );
    expect(summarizeDetails({ note: "x".repeat(60) })).toBe(`note: ${"x".repeat(39)}…`);
  });

  it("says roughly how long ago", () => {
    const now = Date.parse("2026-03-02T10:00:00Z");
    const at = (ms: number) => new Date(now - ms).toISOString();
    expect(relativeTime(at(10_000), now)).toBe("just now");
    expect(relativeTime(at(5 * 60_000), now)).toBe("5 min ago");
    expect(relativeTime(at(3 * 3_600_000), now)).toBe("3 h ago");
    expect(relativeTime(at(86_400_000), now)).toBe("1 day ago");
    expect(relativeTime(at(90 * 86_400_000), now)).toBe("3 months ago");
  });

  it("turns local dates into a time range that includes the whole last day", () => {
    const { since, until } = dateRange("2026-03-01", "2026-03-02");
    expect(since).toBe(new Date(2026, 2, 1).toISOString());
    expect(until).toBe(new Date(2026, 2, 3).toISOString());
    expect(dateRange("", "")).toEqual({});
    expect(dateRange("2026-03-01", "")).toEqual({ since: new Date(2026, 2, 1).toISOString() });
  });

  it("names the people of a step-in, and reads no id aloud", () => {
    const ana = "11111111-1111-4111-8111-111111111111";
    const lee = "22222222-2222-4222-8222-222222222222";
    const step = "33333333-3333-4333-8333-333333333333";
    const people = { [ana]: "Ana Silva", [lee]: "Lee Park" };
    const stepIn = (kind: string, from: string, to: string | null) => ({
      kind,
      fromPersonId: from,
      toPersonId: to,
    });
    expect(
      describeAction({
        action: "whisper.sent",
        details: { interventionId: step },
        people,
        stepIn: stepIn("whisper", lee, ana),
      }),
    ).toBe("Whispered a suggestion to Ana Silva");
    expect(
      describeAction({ action: "signal.sent", details: {}, people, stepIn: stepIn("signal", lee, ana) }),
    ).toBe("Signalled support to Ana Silva");
    expect(
      describeAction({
        action: "takeover.offered",
        details: {},
        people,
        stepIn: stepIn("takeover_offer", lee, ana),
      }),
    ).toBe("Offered to take over Ana Silva’s conversation");
    expect(describeAction({ action: "takeover.declined", details: { helperId: lee }, people })).toBe(
      "Declined Lee Park’s offer to take over",
    );
    expect(describeAction({ action: "transfer.completed", details: { from: ana, to: lee }, people })).toBe(
      "Handed a conversation from Ana Silva to Lee Park with a summary",
    );
    expect(describeAction({ action: "escalation.raised", details: { to: lee }, people })).toBe(
      "Escalated a conversation to Lee Park",
    );
    expect(
      describeAction({
        action: "escalation.acknowledged",
        details: {},
        people,
        stepIn: stepIn("escalation", ana, lee),
      }),
    ).toBe("Took an escalation raised by Ana Silva");
    expect(describeAction({ action: "commitment.done", details: { personId: ana }, people })).toBe(
      "Marked Ana Silva’s promise to a customer done",
    );
    const anaActs = { kind: "person" as const, id: ana, name: "Ana Silva", deactivated: false };
    expect(
      describeAction({ action: "commitment.cancelled", details: { personId: ana }, people, actor: anaActs }),
    ).toBe("Cancelled their own promise to a customer as no longer needed");
    // An older server, or a person no longer on file: the sentence without the name.
    expect(describeAction({ action: "whisper.sent", details: { interventionId: step } })).toBe(
      "Whispered a suggestion to the agent",
    );
    expect(summarizeDetails({ interventionId: step, helperId: lee, why: "too late" }, 3, people)).toBe(
      "helper: Lee Park · why: too late",
    );
    expect(summarizeDetails({ personId: ana, commitmentId: step }, 3, people)).toBe("person: Ana Silva");
    expect(summarizeDetails({ alertId: step })).toBe("");
    // A skill-map read's period and teams: a moment as a date and time, a list of team ids left to
    // the full details (it read "since: 2026-09-08T12:20:10.976Z · until: … · teamIds: ["ddc3…"]").
    const read = summarizeDetails(
      { since: "2025-09-08T12:20:10.976Z", until: "2025-12-07T12:20:10.976Z", teamIds: [step] },
      3,
      people,
    );
    expect(read).not.toMatch(/\d{4}-\d{2}-\d{2}T|Z\b|teamIds/);
    expect(read).toContain(
      `since: ${new Date("2025-09-08T12:20:10.976Z").toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}`,
    );
    expect(summarizeDetails({ personIds: [ana, lee] }, 3, people)).toBe("people: Ana Silva, Lee Park");
    // A range of whole days reads as the first and the last day chosen: a filter ending Dec 7
    // sends "until" Dec 8, 00:00, and it read "until: Dec 8, 12:00 AM".
    const days = dateRange("2025-12-01", "2025-12-07");
    const period = summarizeDetails({ since: days.since, until: days.until });
    const day = (d: number) =>
      new Date(2025, 11, d).toLocaleDateString([], {
        day: "numeric",
        month: "short",
        ...(new Date().getFullYear() === 2025 ? {} : { year: "numeric" }),
      });
    expect(period).toBe(`from: ${day(1)} · to: ${day(7)}`);
    // Only ids: which records the entry is about, in words; nothing at all, said so.
    expect(detailsInWords({ alertId: step, interventionId: step })).toBe(
      "The alert and step-in it is about; open for the ids",
    );
    expect(detailsInWords({ conversationId: step })).toBe("The conversation it is about; open for the ids");
    expect(detailsInWords({})).toBe("Nothing more was written down");
    expect(
      describeAction({
        action: "escalation_protocol.updated",
        details: { from: "the team's leads (5 min)", to: "Lee Park (2 min)" },
      }),
    ).toBe("Changed a team’s escalation protocol from the team's leads (5 min) to Lee Park (2 min)");
  });
});
