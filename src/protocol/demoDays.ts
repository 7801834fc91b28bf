/**
 * Days named in the demo's scripts, said as on the day a conversation takes place, so a script
 * never names a fixed weekday or date whatever day the demo runs (its history's eight weeks,
 * src/server/numbers/demoHistory.ts, and the live replay, src/cli/demoConversations.ts).
 */

const DAY_MS = 86_400_000;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** Whether a text still has a day to name (a `{…}` token `demoTextOn` resolves). */
export const DEMO_DAY_TOKEN = /\{(weekday|day|date)([+-])(\d+)\}/g;

/**
 * A script's line as said on its day (`dayStart`, UTC midnight): `{weekday+N}` is the weekday N
 * days later, a weekend moved on to Monday (a parcel arriving, an update promised);
 * `{weekday-N}` the weekday N days before, a weekend moved back to Friday (a return received);
 * `{day+N}` the weekday N days later, weekend or not (a birthday, a rent day);
 * `{date-N}` the day of the month N days before ("the 3rd"). The scripts named fixed days, so a
 * Thursday's conversation said "arrives Thursday" and "an update by Thursday at noon", and a
 * return that "arrived on the 3rd" was late on the 5th.
 */
export function demoTextOn(text: string, dayStart: number): string {
  return text.replace(DEMO_DAY_TOKEN, (_, kind: string, sign: string, n: string) => {
    const ahead = sign === "+";
    let at = new Date(dayStart + (ahead ? 1 : -1) * Number(n) * DAY_MS);
    if (kind === "date") {
      const d = at.getUTCDate();
      const th =
        d % 10 === 1 && d !== 11
          ? "st"
          : d % 10 === 2 && d !== 12
            ? "nd"
            : d % 10 === 3 && d !== 13
              ? "rd"
              : "th";
      return `${d}${th}`;
    }
    if (kind === "day") return WEEKDAYS[at.getUTCDay()] ?? "";
    while (at.getUTCDay() === 0 || at.getUTCDay() === 6)
      at = new Date(at.getTime() + (ahead ? 1 : -1) * DAY_MS);
    return WEEKDAYS[at.getUTCDay()] ?? "";
  });
}
