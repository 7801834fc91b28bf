import { describe, expect, it } from "vitest";
import { agentPart } from "./agentPart.ts";

const T = Date.parse("2026-06-01T10:00:00Z");
type Line = { role: "agent" | "customer"; authorPersonId: string | null; sentAt: number };
const line = (role: Line["role"], authorPersonId: string | null, minute: number): Line => ({
  role,
  authorPersonId,
  sentAt: T + minute * 60_000,
});
const step = (over: Partial<Parameters<typeof agentPart>[1][number]>) => ({
  kind: "whisper" as const,
  state: "done" as const,
  fromPersonId: "helper",
  toPersonId: "ana",
  createdAt: T,
  decidedAt: null,
  updatedAt: T,
  ...over,
});

describe("the agent's part of a conversation", () => {
  it("after an accepted takeover, gives unattributed lines and the customer's to the helper from its time on", () => {
    const part = agentPart(
      [line("customer", null, 0), line("agent", null, 1), line("customer", null, 2), line("agent", null, 4)],
      [
        step({
          kind: "takeover_offer",
          state: "accepted",
          fromPersonId: "dev",
          createdAt: T + 2.5 * 60_000,
          decidedAt: T + 3 * 60_000,
        }),
      ],
      "ana",
    );
    expect(part.indexes).toEqual([0, 1, 2]);
    expect(part.scope).toEqual({
      agentLines: 1,
      customerLines: 2,
      excludedLines: 1,
      handover: { index: 3, personId: "dev", kind: "takeover", at: T + 3 * 60_000 },
    });
  });

  it("a whisper or a declined offer moves nothing; a teammate writing to the customer does, until the agent writes again", () => {
    const part = agentPart(
      [
        line("customer", null, 0),
        line("agent", "ana", 1),
        line("agent", "lee", 2),
        line("customer", null, 3),
        line("agent", "ana", 4),
        line("customer", null, 5),
      ],
      [step({}), step({ kind: "takeover_offer", state: "declined", decidedAt: T + 60_000 })],
      "ana",
    );
    expect(part.indexes).toEqual([0, 1, 4, 5]);
    expect(part.scope.handover).toEqual({ index: 2, personId: "lee", kind: "wrote", at: T + 2 * 60_000 });
    expect(part.scope.excludedLines).toBe(2);
  });

  it("gives a teammate's part by the same rule, the handover staying the agent's", () => {
    const records = [
      line("customer", null, 0),
      line("agent", "ana", 1),
      line("customer", null, 2),
      line("agent", null, 4),
      line("customer", null, 5),
    ];
    const takeover = step({
      kind: "takeover_offer",
      state: "accepted",
      fromPersonId: "dev",
      decidedAt: T + 3 * 60_000,
    });
    const dev = agentPart(records, [takeover], "ana", "dev");
    expect(dev.indexes).toEqual([3, 4]);
    expect(dev.scope).toEqual({
      agentLines: 1,
      customerLines: 1,
      excludedLines: 3,
      handover: { index: 3, personId: "dev", kind: "takeover", at: T + 3 * 60_000 },
    });
    // A teammate who only whispered has no part.
    expect(agentPart(records, [step({})], "ana", "helper").indexes).toEqual([]);
  });

  it("keeps every line when there is no agent to tell apart", () => {
    const part = agentPart([line("customer", null, 0), line("agent", "dev", 1)], [], null);
    expect(part.indexes).toEqual([0, 1]);
    expect(part.scope.handover).toBeNull();
  });
});
