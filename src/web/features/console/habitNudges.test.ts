import { describe, expect, it } from "vitest";
import { buildAnalysis, buildMessage } from "../../testing/factories.ts";
import { habitNudges } from "./habitNudges.ts";

const withHabits = (index: number, habits: NonNullable<ReturnType<typeof buildAnalysis>>["habits"]) =>
  buildMessage({ index, role: "agent", analysis: buildAnalysis({ messageIndex: index, habits }) });

describe("habitNudges", () => {
  it("nudges the habits whose latest event is a miss, newest first, and clears one kept later", () => {
    const { nudges, kept } = habitNudges([
      withHabits(1, [{ habit: "use_name", status: "missed", detail: "4 replies without using Dana's name" }]),
      withHabits(2, [{ habit: "update_while_waiting", status: "missed", detail: "no update for 18 min" }]),
      withHabits(3, [{ habit: "confirm_need_met", status: "done", detail: "checked" }]),
      withHabits(4, [{ habit: "keep_engaged", status: "missed", detail: "asked whether anyone was there" }]),
      withHabits(5, [{ habit: "use_name", status: "done", detail: "used the customer's name (Dana)" }]),
    ]);
    expect(nudges.map((n) => [n.habit, n.detail])).toEqual([
      ["keep_engaged", "asked whether anyone was there"],
      ["update_while_waiting", "no update for 18 min"],
    ]);
    expect(nudges[0]?.ask).toMatch(/what you are doing/);
    expect(kept.sort()).toEqual(["confirm_need_met", "use_name"]);
  });

  it("is empty for messages without analyses", () => {
    expect(habitNudges([buildMessage(), buildMessage({ index: 1 })])).toEqual({ nudges: [], kept: [] });
  });
});
