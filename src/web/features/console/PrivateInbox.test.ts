import { describe, expect, it } from "vitest";
import type { Intervention } from "../../../protocol/resources.ts";
import { inboxItems } from "./PrivateInbox.tsx";

const help = (id: string, conversationId: string, over: Partial<Intervention> = {}): Intervention => ({
  id,
  conversationId,
  alertId: null,
  kind: "whisper",
  status: "done",
  fromId: "cho",
  fromName: "Cho Yamada",
  toId: "ben",
  toName: "Ben Okafor",
  text: "Acknowledge the wait first.",
  summary: null,
  withdrawnReason: null,
  createdAt: "2026-12-06T10:00:00.000Z",
  updatedAt: "2026-12-06T10:00:00.000Z",
  ...over,
});

describe("the console's whispers and signals", () => {
  const all = [
    help("w-open", "open-1"),
    help("s-open", "open-1", { kind: "signal", text: null }),
    help("w-closed", "closed-8-weeks-ago"),
    help("offer", "open-1", { kind: "takeover_offer" }),
    help("to-dev", "open-1", { toId: "dev" }),
  ];

  it("with no conversation picked, lists the help about my open conversations, not every one since the start", () => {
    expect(inboxItems(all, "ben", undefined, new Set(["open-1"])).map((i) => i.id)).toEqual([
      "w-open",
      "s-open",
    ]);
  });

  it("with a conversation picked, lists the help about it, closed or not", () => {
    expect(inboxItems(all, "ben", "closed-8-weeks-ago", new Set(["open-1"])).map((i) => i.id)).toEqual([
      "w-closed",
    ]);
  });
});
