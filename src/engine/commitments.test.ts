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

  it("COMMIT-DUE-8: with the team's IANA zone, a due time after a clock change takes that moment's offset", () => {
    // Berlin goes to summer time (UTC+2) at 01:00 UTC on Sunday 29 March 2026. Saturday 10:00 there:
    const saturday = Date.parse("2026-03-28T09:00:00Z");
    const berlin = resolveEngineConfig({ timezoneOffsetMinutes: 60, timeZone: "Europe/Berlin" });
    // Was an hour late (16:00 UTC = 18:00 summer time): the message's offset applied to Monday.
    expect(due("I'll call you back by Monday 5pm.", saturday, berlin)).toEqual(["2026-03-30T15:00:00.000Z"]);
    expect(due("I'll call you back by tomorrow 5pm.", saturday, berlin)).toEqual([
      "2026-03-29T15:00:00.000Z",
    ]);
    expect(due("I'll call you back at 9am.", saturday, berlin)).toEqual(["2026-03-29T07:00:00.000Z"]);
    expect(due("I'll call you tomorrow morning.", saturday, berlin)).toEqual(["2026-03-29T07:00:00.000Z"]);
    // New York leaves summer time (UTC−4 → UTC−5) on Sunday 1 November 2026; Saturday 10:00 there.
    const newYork = resolveEngineConfig({ timezoneOffsetMinutes: -240, timeZone: "America/New_York" });
    expect(due("I'll have it done by Monday at 5pm.", Date.parse("2026-10-31T14:00:00Z"), newYork)).toEqual([
      "2026-11-02T22:00:00.000Z",
    ]);
    // Near misses: no clock change in between, the same day, a duration, or no zone at all.
    expect(due("I'll call you back by tomorrow 5pm.", Date.parse("2026-03-25T09:00:00Z"), berlin)).toEqual([
      "2026-03-26T16:00:00.000Z",
    ]);
    expect(due("I'll have it sorted by end of day.", saturday, berlin)).toEqual(["2026-03-28T16:00:00.000Z"]);
    expect(due("You'll get an email within 24 hours.", saturday, berlin)).toEqual([
      "2026-03-29T09:00:00.000Z",
    ]);
    const fixed = resolveEngineConfig({ timezoneOffsetMinutes: 60 });
    expect(due("I'll call you back by Monday 5pm.", saturday, fixed)).toEqual(["2026-03-30T16:00:00.000Z"]);
    expect(() => resolveEngineConfig({ timeZone: "Mars/Olympus" })).toThrow(
      /timeZone must be an IANA time zone/,
    );
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

describe("extractCommitments: due times of common phrasings", () => {
  const at = (iso: string) => Date.parse(iso);
  const newYork = resolveEngineConfig({ timezoneOffsetMinutes: -300 });
  const berlin = resolveEngineConfig({ timezoneOffsetMinutes: 60 });

  it("COMMIT-DUE-5: a weekday with a clock time is that day at that time, not at end of day", () => {
    expect(
      due("I've escalated it to our payments team and I'll email you an update by Thursday at noon."),
    ).toEqual(["2026-03-05T12:00:00.000Z"]);
    expect(due("I'll send it Friday by 3:30 pm.")).toEqual(["2026-03-06T15:30:00.000Z"]);
    expect(due("I'll update you by Thursday 12pm.")).toEqual(["2026-03-05T12:00:00.000Z"]);
    // Today is Monday: "on Monday" is next week's, and the clock time refines it.
    expect(due("I'll call you on Monday at 9.")).toEqual(["2026-03-09T09:00:00.000Z"]);
    // A bare hour reads as working hours: 4 is 4 pm.
    expect(due("I'll call you back Tuesday at 4.")).toEqual(["2026-03-03T16:00:00.000Z"]);
  });

  it("COMMIT-DUE-5: today / tomorrow with a clock time, in either order", () => {
    expect(due("I'll call you tomorrow at 10am.")).toEqual(["2026-03-03T10:00:00.000Z"]);
    expect(due("I'll call you at 10 tomorrow.")).toEqual(["2026-03-03T10:00:00.000Z"]);
    expect(due("I'll have it by noon tomorrow, and I'll email you then.")).toEqual([
      "2026-03-03T12:00:00.000Z",
      null,
    ]);
    expect(due("I'll call you tomorrow morning at 10.")).toEqual(["2026-03-03T10:00:00.000Z"]);
    expect(due("I'll text you tonight at 8.")).toEqual(["2026-03-02T20:00:00.000Z"]);
    expect(due("I'll send it today before 4pm.")).toEqual(["2026-03-02T16:00:00.000Z"]);
    // Said after 4pm, "today before 4pm" is already due: never before the message itself.
    expect(due("I'll send it today before 4pm.", at("2026-03-02T16:30:00Z"))).toEqual([
      "2026-03-02T16:30:00.000Z",
    ]);
  });

  it("COMMIT-DUE-2: 'today' or 'end of day' promised after the working day is due by midnight, not at once", () => {
    // Walking loop 1 at 22:39: "I'll send you a return label by email today." read "overdue by 14s".
    const evening = at("2026-03-02T22:39:00Z");
    expect(due("I'll send you a return label by email today.", evening)).toEqual([
      "2026-03-03T00:00:00.000Z",
    ]);
    expect(due("I'll get back to you by end of day.", evening)).toEqual(["2026-03-03T00:00:00.000Z"]);
    // Within the working day it is still its end.
    expect(due("I'll send you a return label by email today.")).toEqual(["2026-03-02T17:00:00.000Z"]);
  });

  it("COMMIT-DUE-5: noon, midday, midnight and 24-hour times; a passed time is tomorrow's", () => {
    expect(due("I'll call you at noon.")).toEqual(["2026-03-02T12:00:00.000Z"]);
    expect(due("I'll call you at midday.")).toEqual(["2026-03-02T12:00:00.000Z"]);
    expect(due("I'll call you at noon.", at("2026-03-02T13:00:00Z"))).toEqual(["2026-03-03T12:00:00.000Z"]);
    expect(due("I'll send it by midnight.")).toEqual(["2026-03-03T00:00:00.000Z"]);
    expect(due("I'll send it by 14:00.")).toEqual(["2026-03-02T14:00:00.000Z"]);
    expect(due("I'll send it by 09:30.")).toEqual(["2026-03-03T09:30:00.000Z"]);
    expect(due("I'll ring you at 9.")).toEqual(["2026-03-03T09:00:00.000Z"]);
  });

  it("COMMIT-DUE-1: right away, shortly, in a moment, in a few minutes, half an hour, a couple of days", () => {
    expect(due("I'll email you the tracking link now.")).toEqual(["2026-03-02T10:05:00.000Z"]);
    expect(due("I'll send it right away.")).toEqual(["2026-03-02T10:05:00.000Z"]);
    expect(due("I'll send it straight away.")).toEqual(["2026-03-02T10:05:00.000Z"]);
    expect(due("I'll send it shortly.")).toEqual(["2026-03-02T10:05:00.000Z"]);
    expect(due("I'll send it in a moment.")).toEqual(["2026-03-02T10:05:00.000Z"]);
    expect(due("I'll send it in a few minutes.")).toEqual(["2026-03-02T10:03:00.000Z"]);
    expect(due("I'll call you back in half an hour.")).toEqual(["2026-03-02T10:30:00.000Z"]);
    expect(due("I'll update you in a couple of days.")).toEqual(["2026-03-04T10:00:00.000Z"]);
    expect(due("I'll update you in 30 mins.")).toEqual(["2026-03-02T10:30:00.000Z"]);
    // "for now" / "from now on" are not "now".
    expect(due("I'll email you from now on.")).toEqual([null]);
  });

  it("COMMIT-DUE-3: first thing", () => {
    expect(due("I'll call you first thing tomorrow.")).toEqual(["2026-03-03T09:00:00.000Z"]);
    expect(due("I'll call you tomorrow first thing.")).toEqual(["2026-03-03T09:00:00.000Z"]);
    expect(due("I'll call you first thing Monday.")).toEqual(["2026-03-09T09:00:00.000Z"]);
    // On its own: the next morning, today's when it is still early.
    expect(due("I'll call you first thing.")).toEqual(["2026-03-03T09:00:00.000Z"]);
    expect(due("I'll call you first thing.", at("2026-03-02T07:00:00Z"))).toEqual([
      "2026-03-02T09:00:00.000Z",
    ]);
  });

  it("COMMIT-DUE-2: end of the month, end of next week", () => {
    expect(due("I'll send it by the end of the month.")).toEqual(["2026-03-31T17:00:00.000Z"]);
    expect(due("I'll send it by the end of next month.")).toEqual(["2026-04-30T17:00:00.000Z"]);
    expect(due("I'll send it by end of next week.")).toEqual(["2026-03-13T17:00:00.000Z"]);
    // A clock time refines the day here too.
    expect(due("I'll send it by end of day, 3pm at the latest.")).toEqual(["2026-03-02T15:00:00.000Z"]);
  });

  it("COMMIT-DUE-6: calendar dates, only when day and month cannot be swapped", () => {
    expect(due("I'll send it on the 12th.")).toEqual(["2026-03-12T17:00:00.000Z"]);
    // The 12th has passed this month: next month's.
    expect(due("I'll send it on the 12th.", at("2026-03-20T10:00:00Z"))).toEqual([
      "2026-04-12T17:00:00.000Z",
    ]);
    expect(due("I'll send it by the 31st.", at("2026-04-02T10:00:00Z"))).toEqual([
      "2026-05-31T17:00:00.000Z",
    ]);
    expect(due("I'll send it by December 12.")).toEqual(["2026-12-12T17:00:00.000Z"]);
    expect(due("I'll send it by the 12th of December at 10am.")).toEqual(["2026-12-12T10:00:00.000Z"]);
    expect(due("I'll send it by 12 Dec.")).toEqual(["2026-12-12T17:00:00.000Z"]);
    expect(due("I'll send it by January 5.")).toEqual(["2027-01-05T17:00:00.000Z"]);
    expect(due("I'll send it by March 2.")).toEqual(["2026-03-02T17:00:00.000Z"]);
    expect(due("I'll send it by 12/12.")).toEqual(["2026-12-12T17:00:00.000Z"]);
    expect(due("I'll send it by 25/12.")).toEqual(["2026-12-25T17:00:00.000Z"]);
    expect(due("I'll send it by 12/25.")).toEqual(["2026-12-25T17:00:00.000Z"]);
    expect(due("I'll send it by 2026-12-12.")).toEqual(["2026-12-12T17:00:00.000Z"]);
    // 3/4 is the 3rd of April or March the 4th depending on the team: no due time rather than a guess.
    expect(due("I'll send it by 3/4.")).toEqual([null]);
    expect(due("I'll send it by February 30.")).toEqual([null]);
  });

  it("COMMIT-DUE-7: a named day or clock time wins over a relative time; a part of the day reads a bare hour", () => {
    expect(due("I'll send it right away, by 3pm at the latest.")).toEqual(["2026-03-02T15:00:00.000Z"]);
    expect(due("I'll call you in a couple of hours, around 1pm.")).toEqual(["2026-03-02T13:00:00.000Z"]);
    expect(due("I'll call you at 8 in the evening.")).toEqual(["2026-03-02T20:00:00.000Z"]);
    expect(due("I'll call you in the afternoon.")).toEqual(["2026-03-02T13:00:00.000Z"]);
    // Numbers that are not clock times.
    expect(due("I'll refund the other 3 at 5% off.")).toEqual([null]);
    expect(due("I'll ship 2 more by 3 courier.")).toEqual([null]);
  });

  it("COMMIT-DUE-*: the team's time zone decides the day and the hour", () => {
    // 10:00 UTC is 05:00 in New York.
    expect(due("I'll email you an update by Thursday at noon.", MONDAY_10, newYork)).toEqual([
      "2026-03-05T17:00:00.000Z",
    ]);
    expect(due("I'll email you the tracking link now.", MONDAY_10, newYork)).toEqual([
      "2026-03-02T10:05:00.000Z",
    ]);
    // 03:00 UTC Tuesday is still Monday 22:00 in New York: tomorrow is Tuesday there.
    expect(due("I'll call you tomorrow at 10am.", at("2026-03-03T03:00:00Z"), newYork)).toEqual([
      "2026-03-03T15:00:00.000Z",
    ]);
    // 18:00 UTC is 13:00 in New York: noon has passed, so tomorrow's.
    expect(due("I'll call you at noon.", at("2026-03-02T18:00:00Z"), newYork)).toEqual([
      "2026-03-03T17:00:00.000Z",
    ]);
    expect(due("I'll send it on the 12th.", MONDAY_10, newYork)).toEqual(["2026-03-12T22:00:00.000Z"]);
    // 10:00 UTC is 11:00 in Berlin.
    expect(due("I'll send it by 14:00.", MONDAY_10, berlin)).toEqual(["2026-03-02T13:00:00.000Z"]);
    expect(due("I'll send it by 10:30.", MONDAY_10, berlin)).toEqual(["2026-03-03T09:30:00.000Z"]);
  });
});
