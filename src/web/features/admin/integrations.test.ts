import { describe, expect, it } from "vitest";
import { describeDuration, type DeliveryProcessor } from "../../../protocol/deliveries.ts";
import {
  describeEventType,
  describeLag,
  integrationRows,
  integrationStatus,
  leaseHolder,
} from "./integrations.ts";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const processor = (overrides: Partial<DeliveryProcessor>): DeliveryProcessor => ({
  name: "alert-webhook",
  handles: ["alert.raised"],
  configured: true,
  lastEventId: 10,
  lag: 0,
  updatedAt: "2026-03-02T09:59:00Z",
  leasedBy: "web-1",
  leaseExpiresAt: "2026-03-02T10:01:00Z",
  deadLetters: 0,
  maxAgeMs: 900_000,
  failing: null,
  ...overrides,
});

describe("integrations", () => {
  it("lists the known integrations first, then any other the server reports", () => {
    const rows = integrationRows([processor({ name: "pager-duty" }), processor({})]);
    expect(rows.map((r) => [r.info.label, r.processor?.name ?? null])).toEqual([
      ["Alert webhook", "alert-webhook"],
      ["Chatwoot notes", null],
      ["Chatwoot replies", null],
      ["Reply webhook", null],
      ["pager duty", "pager-duty"],
    ]);
  });

  it("holds a lease only until it runs out", () => {
    expect(leaseHolder(processor({}), NOW)).toBe("web-1");
    expect(leaseHolder(processor({ leaseExpiresAt: "2026-03-02T09:59:59Z" }), NOW)).toBeNull();
    expect(leaseHolder(processor({ leasedBy: null, leaseExpiresAt: null }), NOW)).toBeNull();
  });

  it("names each state in an admin's words", () => {
    const [webhook, chatwoot] = integrationRows([processor({ leaseExpiresAt: null, leasedBy: null })]);
    if (webhook === undefined || chatwoot === undefined) throw new Error("rows missing");
    expect(integrationStatus(webhook, NOW)).toMatchObject({ kind: "not_running", tone: "warn" });
    expect(integrationStatus(chatwoot, NOW)).toMatchObject({ kind: "not_set_up", label: "Not set up" });
    expect(describeLag(processor({ lag: 1 }))).toBe("1 event to check");
    expect(describeLag(processor({ lag: 0 }))).toBe("Up to date");
    expect(describeLag(null)).toBe("—");
    expect(describeEventType("escalation.raised")).toBe("Escalation");
    expect(describeEventType("knowledge.updated")).toBe("knowledge updated");
    expect(describeEventType(null)).toBe("Event deleted");
  });

  it("says a turned-off integration carries on only when the server turns it back on, not after the last organisation removed its own", () => {
    const [off] = integrationRows([processor({ configured: false, leasedBy: null, leaseExpiresAt: null })]);
    if (off === undefined) throw new Error("row missing");
    const status = integrationStatus(off, NOW);
    expect(status).toMatchObject({ kind: "turned_off", label: "Turned off" });
    expect(status.detail).toContain(
      "Turned back on in the server's settings, it carries on from where it stopped.",
    );
    expect(status.detail).toContain(
      "If it went off because the last organisation removed its own, where it stopped is forgotten: set up again, it sends only what happens from then on.",
    );
  });

  it("says when the receiver is failing: since when, the last error, the next try; and how long events are kept", () => {
    const [running] = integrationRows([processor({})]);
    if (running === undefined) throw new Error("row missing");
    expect(integrationStatus(running, NOW)).toMatchObject({
      kind: "running",
      detail: "Sends each event as it happens and retries failures for up to 15 minutes after it happened.",
    });
    const failing = { since: "2026-03-02T09:57:00Z", lastError: "alert webhook answered 503" };
    const [retrying] = integrationRows([
      processor({ failing: { ...failing, nextAttemptAt: "2026-03-02T09:59:59Z" } }),
    ]);
    if (retrying === undefined) throw new Error("row missing");
    const status = integrationStatus(retrying, NOW);
    expect(status).toMatchObject({ kind: "failing", label: "Receiver failing", tone: "bad" });
    expect(status.detail).toContain("(3m 00s ago), last: alert webhook answered 503. Next try now;");
    expect(status.detail).toContain("Events older than 15 minutes are not sent");
    const [idle] = integrationRows([
      processor({ failing: { ...failing, nextAttemptAt: null }, maxAgeMs: 86_400_000 }),
    ]);
    if (idle === undefined) throw new Error("row missing");
    expect(integrationStatus(idle, NOW).detail).toContain("No event is waiting for a try now");
    expect(integrationStatus(idle, NOW).detail).toContain("older than 1 day");
    // No instance delivers it: that matters more than its last failures.
    const [stopped] = integrationRows([
      processor({ failing: { ...failing, nextAttemptAt: null }, leasedBy: null, leaseExpiresAt: null }),
    ]);
    if (stopped === undefined) throw new Error("row missing");
    expect(integrationStatus(stopped, NOW).kind).toBe("not_running");
    expect([describeDuration(900_000), describeDuration(1_500), describeDuration(90_000)]).toEqual([
      "15 minutes",
      "1500 ms",
      "90 seconds",
    ]);
  });
});
