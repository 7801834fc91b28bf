import { describe, expect, it } from "vitest";
import { buildSummary } from "../../testing/factories.ts";
import {
  DEFAULT_FLOOR_FILTERS,
  describeLongWait,
  longWaitsOf,
  presentFloor,
  summarizeFloor,
  waitsLong,
} from "./floorModel.ts";

describe("presentFloor", () => {
  const rows = [
    buildSummary({ id: "low", risk: 0.1 }),
    buildSummary({ id: "high", risk: 0.8, channel: "email" }),
    buildSummary({ id: "mid-alert", risk: 0.4, openAlertCount: 1, teamId: "t2" }),
    buildSummary({ id: "mid", risk: 0.4 }),
    buildSummary({ id: "closed", risk: 0.9, status: "closed" }),
  ];

  it("orders open conversations by risk, then by open alerts", () => {
    expect(presentFloor(rows, DEFAULT_FLOOR_FILTERS).map((r) => r.id)).toEqual([
      "high",
      "mid-alert",
      "mid",
      "low",
    ]);
  });

  it("filters by risk band, team and channel", () => {
    expect(presentFloor(rows, { ...DEFAULT_FLOOR_FILTERS, risk: "watch" }).map((r) => r.id)).toEqual([
      "high",
      "mid-alert",
      "mid",
    ]);
    expect(presentFloor(rows, { ...DEFAULT_FLOOR_FILTERS, risk: "high" }).map((r) => r.id)).toEqual(["high"]);
    expect(presentFloor(rows, { ...DEFAULT_FLOOR_FILTERS, teamId: "t2" }).map((r) => r.id)).toEqual([
      "mid-alert",
    ]);
    expect(presentFloor(rows, { ...DEFAULT_FLOOR_FILTERS, channel: "email" }).map((r) => r.id)).toEqual([
      "high",
    ]);
  });

  it("summarises the floor", () => {
    const now = Date.parse("2026-03-02T10:10:00Z");
    const s = summarizeFloor(
      [
        buildSummary({ risk: 0.7, openAlertCount: 2, customerEmotion: "angry" }),
        buildSummary({ waitingSince: "2026-03-02T10:06:30Z" }),
        buildSummary({ waitingSince: "2026-03-02T10:08:00Z" }),
      ],
      now,
    );
    // Waiting three minutes or more: only the first wait.
    expect(s).toEqual({ open: 3, high: 1, alerts: 2, frustrated: 1, waiting: 1 });
  });

  it("counts an e-mail's wait as long only from four hours", () => {
    const now = Date.parse("2026-03-02T10:10:00Z");
    const s = summarizeFloor(
      [
        buildSummary({ channel: "email", waitingSince: "2026-03-02T09:10:00Z" }),
        buildSummary({ channel: "email", waitingSince: "2026-03-02T06:00:00Z" }),
        buildSummary({ channel: "chat", waitingSince: "2026-03-02T10:05:00Z" }),
      ],
      now,
    );
    expect(s.waiting).toBe(2);
    expect(waitsLong({ channel: "email" }, 60)).toBe(false);
    expect(waitsLong({ channel: "email" }, 240)).toBe(true);
    expect(waitsLong({ channel: "chat" }, 3)).toBe(true);
    expect(waitsLong({ channel: "chat" }, null)).toBe(false);
  });

  // Admin → Thresholds "Long wait on e-mail" is the team's: the engine read an e-mail answered
  // after 90 minutes as a long gap on a team set to 1 h, while the floor waited for 4 h.
  it("follows each team's own long waits (Admin → Thresholds), the defaults for a team not read", () => {
    const now = Date.parse("2026-03-02T10:10:00Z");
    const longWaits = longWaitsOf([
      { id: "t1", longWait: { chatMs: 10 * 60_000, emailMs: 3_600_000 } },
      { id: "t2", longWait: { chatMs: 3 * 60_000, emailMs: 4 * 3_600_000 } },
    ]);
    const email90 = { channel: "email", teamId: "t1", waitingSince: "2026-03-02T08:40:00Z" } as const;
    expect(waitsLong(email90, 90, longWaits)).toBe(true);
    expect(waitsLong({ ...email90, teamId: "t2" }, 90, longWaits)).toBe(false);
    expect(waitsLong({ channel: "chat", teamId: "t1" }, 5, longWaits)).toBe(false);
    expect(waitsLong({ channel: "chat", teamId: "t1" }, 10, longWaits)).toBe(true);
    expect(waitsLong({ channel: "chat", teamId: "unknown" }, 3, longWaits)).toBe(true);
    const s = summarizeFloor(
      [
        buildSummary(email90),
        buildSummary({ ...email90, teamId: "t2" }),
        buildSummary({ channel: "chat", teamId: "t1", waitingSince: "2026-03-02T10:05:00Z" }),
      ],
      now,
      longWaits,
    );
    expect(s.waiting).toBe(1);
    expect(describeLongWait([])).toBe("3+ min; e-mail 4+ h");
    expect(describeLongWait([longWaits.get("t1")!])).toBe("10+ min; e-mail 1+ h");
    expect(describeLongWait([...longWaits.values()])).toBe("by each team's thresholds");
  });
});
