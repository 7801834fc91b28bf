import { describe, expect, it } from "vitest";
import { buildTransferSummary } from "./transferSummary.ts";

describe("buildTransferSummary", () => {
  it("gives the receiver the ask, the mood, the cause and the promises, and never a whisper", () => {
    const summary = buildTransferSummary({
      customerName: "Dana",
      topic: "refunds",
      channel: "chat",
      messages: [
        { role: "customer", kind: "message", text: "My refund for order 1182 never arrived." },
        { role: "agent", kind: "message", text: "Sorry, let me check." },
        { role: "agent", kind: "whisper", text: "SECRET whisper text" },
        { role: "customer", kind: "message", text: "I already told you the order number twice!" },
      ],
      emotion: "frustrated",
      frustration: 0.72,
      rootCauses: [
        { cause: "billing_error", confidence: 0.4 },
        { cause: "knowledge_gap", confidence: 0.7 },
      ],
      openCommitments: [{ text: "I'll email you by Tuesday", dueAt: null }],
      fromName: "Sam",
      note: "She has been waiting a week.",
    });
    expect(summary).toContain("Dana (chat, refunds), handed over by Sam after 3 messages.");
    expect(summary).toContain("order 1182");
    expect(summary).toContain("frustrated (frustration 72%)");
    expect(summary).toContain("knowledge gap");
    expect(summary).toContain("I'll email you by Tuesday");
    expect(summary).toContain("waiting a week");
    expect(summary).not.toContain("SECRET");
  });
});
