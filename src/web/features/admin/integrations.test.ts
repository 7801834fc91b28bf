import { describe, expect, it } from "vitest";
import type { DeliveryProcessor } from "../../../protocol/deliveries.ts";
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
});
