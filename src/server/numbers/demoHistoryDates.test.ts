import { describe, expect, it } from "vitest";
import { demoHistoryTextOn, demoHistoryTextsOn } from "./demoHistory.ts";

const DAY = 86_400_000;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

describe("the demo history's days named as on the conversation's own day", () => {
  // Thursday 3 December 2026 and the six days after it.
  const thursday = Date.UTC(2026, 11, 3);

  it("no script names its own day as another day (e.g. 'arrives Thursday' on a Thursday)", () => {
    for (let d = 0; d < 7; d++) {
      const day = thursday + d * DAY;
      const own = WEEKDAYS[new Date(day).getUTCDay()] ?? "";
      const texts = demoHistoryTextsOn(day);
      expect(texts.filter((t) => t.includes("{"))).toEqual([]);
      expect(
        texts.filter((t) => t.includes(own)),
        own,
      ).toEqual([]);
    }
  });

  it("days ahead skip the weekend, days behind fall back to Friday, dates are the day's", () => {
    const on = (text: string, day: number) => demoHistoryTextOn(text, day);
    expect(on("arrives {weekday+3}", thursday)).toBe("arrives Monday");
    expect(on("arrives {weekday+2}", thursday)).toBe("arrives Monday");
    expect(on("by {weekday+2} at noon", thursday - 2 * DAY)).toBe("by Thursday at noon");
    expect(on("birthday on {day+2}", thursday)).toBe("birthday on Saturday");
    expect(on("received on {weekday-3}", thursday)).toBe("received on Monday");
    expect(on("received on {weekday-3}", thursday + 4 * DAY)).toBe("received on Friday");
    expect(on("arrived on the {date-10}", thursday)).toBe("arrived on the 23rd");
    expect(on("arrived on the {date-10}", thursday + 8 * DAY)).toBe("arrived on the 1st");
  });
});
