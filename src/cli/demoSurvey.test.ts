import { describe, expect, it } from "vitest";
import { DEMO_CONVERSATIONS } from "./demoConversations.ts";
import { demoSurveyTags } from "./demoSurvey.ts";

const script = (customer: string) => {
  const s = DEMO_CONVERSATIONS.find((c) => c.customer === customer);
  if (s === undefined) throw new Error(`no demo conversation with ${customer}`);
  return s;
};

describe("the demo customers' survey answers", () => {
  it("fit how the conversation went: solved when it ended calm, not solved when it ended upset", () => {
    // Tom's shipping question is answered at once; Priya's late fee ends with her cancelling.
    expect(demoSurveyTags(script("Tom Ellis"), 0)).toContain("problem_solved");
    expect(demoSurveyTags(script("Tom Ellis"), 0)).not.toContain("not_solved");
    expect(demoSurveyTags(script("Priya Raman"), 0)).toContain("not_solved");
    expect(demoSurveyTags(script("Priya Raman"), 0)).not.toContain("problem_solved");
    // Maya has to say twice when her jacket arrived.
    expect(demoSurveyTags(script("Maya Chen"), 0)).toContain("had_to_repeat");
  });

  it("leaves some customers silent and lets some skip", () => {
    expect(demoSurveyTags(script("Tom Ellis"), 3)).toBeNull();
    expect(demoSurveyTags(script("Tom Ellis"), 5)).toEqual([]);
  });
});
