import { describe, expect, it } from "vitest";
import { extractCommitments } from "./commitments.ts";
import { DEFAULT_ENGINE_CONFIG, resolveEngineConfig } from "./config.ts";

const MONDAY_10 = Date.parse("2026-03-02T10:00:00Z");
const due = (text: string, at = MONDAY_10, config = DEFAULT_ENGINE_CONFIG) =>
  extractCommitments(text, at, config).map((c) =>
    c.dueAt === null ? null : new Date(c.dueAt).toISOString(),
  );

describe("extractCommitments", () => {
  it("COMMIT-DUE-1: within N hours / business days", () => {
    expect(due("You'll get an email within 24 hours.")).toEqual(["2026-03-03T10:00:00.000Z"]);
    expect(due("I will send it within the hour.")).toEqual(["2026-03-02T11:00:00.000Z"]);
    // Friday + 2 business days skips the weekend.
    expect(due("We'll refund it in 2 business days.", Date.parse("2026-03-06T10:00:00Z"))).toEqual([
      "2026-03-10T10:00:00.000Z",
    ]);
  });

  it("COMMIT-DUE-2/3: end of day, tomorrow morning, end of the week", () => {
    expect(due("I'll have it sorted by end of day.")).toEqual(["2026-03-02T17:00:00.000Z"]);
    expect(due("I'll call you tomorrow morning.")).toEqual(["2026-03-03T09:00:00.000Z"]);
    expect(due("We'll ship it by the end of the week.")).toEqual(["2026-03-06T17:00:00.000Z"]);
  });

  it("COMMIT-DUE-4: a weekday is its next occurrence; today's weekday means next week", () => {
    expect(due("I'll call you back Tuesday.")).toEqual(["2026-03-03T17:00:00.000Z"]);
    expect(due("I'll call you back on Monday.")).toEqual(["2026-03-09T17:00:00.000Z"]);
  });

  it("COMMIT-DUE-5: clock times, and the team's time zone", () => {
    expect(due("I'll ring you at 3pm.")).toEqual(["2026-03-02T15:00:00.000Z"]);
    expect(due("I'll ring you at 9am.")).toEqual(["2026-03-03T09:00:00.000Z"]);
    const newYork = resolveEngineConfig({ timezoneOffsetMinutes: -300 });
    // 10:00 UTC is 05:00 in New York; end of day there is 17:00 local = 22:00 UTC.
    expect(due("I'll have it done by end of day.", MONDAY_10, newYork)).toEqual(["2026-03-02T22:00:00.000Z"]);
  });

  it("COMMIT-1: follow-ups without a time have no due date; plain statements are not promises", () => {
    expect(due("I'll follow up with the warehouse.")).toEqual([null]);
    expect(due("The parcel left yesterday.")).toEqual([]);
    expect(
      extractCommitments("I'll call you back Tuesday.", undefined, DEFAULT_ENGINE_CONFIG)[0]?.dueAt,
    ).toBeNull();
  });

  it("splits two promises in one sentence", () => {
    const text = "I'll fix it by end of day, and I'll text you tomorrow morning.";
    const cs = extractCommitments(text, MONDAY_10, DEFAULT_ENGINE_CONFIG);
    expect(cs.map((c) => text.slice(c.start, c.end))).toEqual([
      "I'll fix it by end of day",
      "I'll text you tomorrow morning.",
    ]);
  });
});
