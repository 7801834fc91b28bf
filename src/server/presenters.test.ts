import { describe, expect, it } from "vitest";
import { presentEvent } from "./presenters.ts";

const stored = (type: string, payload: Record<string, unknown>) => ({
  id: 7,
  orgId: "o",
  teamId: "t",
  conversationId: "c",
  personId: "p",
  type,
  payload: payload as never,
  createdAt: Date.UTC(2026, 11, 6),
});

describe("presentEvent", () => {
  it("delivers every field the protocol declares: an escalation by the protocol says so, a close says why", () => {
    // These were dropped: the agent's toast said "A teammate escalated one of your conversations".
    expect(
      presentEvent(stored("conversation.escalated", { conversationId: "c", automatic: true }))?.data,
    ).toEqual({
      conversationId: "c",
      automatic: true,
    });
    expect(
      presentEvent(stored("conversation.closed", { conversationId: "c", reason: "idle" }))?.data,
    ).toEqual({
      conversationId: "c",
      reason: "idle",
    });
    expect(
      presentEvent(stored("alert.raised", { alertId: "a", agentId: "ana", risk: 0.8, messageIndex: 3 }))
        ?.data,
    ).toEqual({ alertId: "a", agentId: "ana", risk: 0.8, messageIndex: 3 });
  });

  it("passes nothing the protocol does not declare, and skips an unknown type", () => {
    const e = presentEvent(
      stored("whisper.sent", { interventionId: "i", text: "private words", nested: { a: 1 } }),
    );
    expect(e?.data).toEqual({ interventionId: "i" });
    expect(presentEvent(stored("no.such", {}))).toBeNull();
  });
});
