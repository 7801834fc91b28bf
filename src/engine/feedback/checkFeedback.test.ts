import { describe, expect, it } from "vitest";
import { checkFeedback, MAX_FEEDBACK_CHARS, type FeedbackIssueKind } from "./checkFeedback.ts";

const kinds = (text: string): FeedbackIssueKind[] =>
  [...new Set(checkFeedback(text).issues.map((i) => i.kind))].sort();

describe("checkFeedback", () => {
  it("FB-JUDGE: flags a label for the person, with the span of the judgement", () => {
    const text = "Honestly, you're just lazy.";
    const result = checkFeedback(text);
    const judgement = result.issues.find((i) => i.kind === "judgement_of_person");
    expect(judgement).toBeDefined();
    expect(text.slice(judgement?.start, judgement?.end)).toBe("you're just lazy");
    expect(kinds(text)).toEqual(["judgement_of_person", "no_behaviour", "no_suggestion"]);
    expect(result.score).toBe(0);
  });

  it("FB-JUDGE: 'bad at' and 'you always…' are judgements; 'you always' is also absolute", () => {
    expect(kinds("You're bad at refunds.")).toContain("judgement_of_person");
    expect(kinds("You always interrupt customers.")).toEqual([
      "absolute_language",
      "judgement_of_person",
      "no_effect",
      "no_suggestion",
    ]);
  });

  it("FB-QUOTE: quoting or reporting someone else is not the writer's judgement", () => {
    expect(
      kinds("You're right that the refund took too long; let's raise it with the billing team."),
    ).toEqual([]);
    expect(kinds("The customer said you were rude.")).not.toContain("judgement_of_person");
    expect(
      kinds(
        "She said 'you always get my order wrong', and that's when you offered the replacement and she calmed down.",
      ),
    ).toEqual([]);
  });

  it("FB-VAGUE: praise or criticism without a behaviour is vague", () => {
    expect(kinds("Great job!")).toEqual(["no_behaviour", "vague_praise"]);
    expect(kinds("That was bad.")).toEqual(["no_behaviour", "no_suggestion", "vague_criticism"]);
    expect(
      kinds(
        "That was bad luck with the outage, but your updates every 15 minutes kept the customer on side.",
      ),
    ).toEqual([]);
  });

  it("FB-COMPLETE: behaviour, effect on the customer and a suggestion raise nothing and score 1", () => {
    const text =
      "When you said 'that's not my department', the customer got more upset; try 'let me find the right person for you' instead.";
    const result = checkFeedback(text);
    expect(result.issues).toEqual([]);
    expect(result.rewrite).toBeNull();
    expect(result.score).toBe(1);
    expect(result.parts.tone).toBe("corrective");
  });

  it("FB-PARTS: names the missing part: no effect, no suggestion", () => {
    expect(kinds("You forgot to give a ticket number at the end.")).toEqual(["no_effect", "no_suggestion"]);
    expect(kinds("Thanks for using the customer's name.")).toEqual(["no_effect"]);
    expect(
      kinds("You ended the call without a next step, so the customer called back an hour later."),
    ).toEqual(["no_suggestion"]);
  });

  it("FB-SARCASM: praise wrapped round a bad outcome is sarcasm, not praise", () => {
    expect(kinds("Nice job losing another customer.")).toEqual(["no_behaviour", "no_suggestion", "sarcasm"]);
  });

  it("FB-NONE: a message that is not feedback raises nothing", () => {
    expect(kinds("Are you free to debrief the Müller call at 3?")).toEqual([]);
    expect(checkFeedback("").issues).toEqual([]);
  });

  it("FB-REWRITE: keeps the writer's own words and brackets what is missing", () => {
    const rewrite = checkFeedback(
      "You're bad at refunds; next time check the policy before quoting a date.",
    ).rewrite;
    expect(rewrite).toBe(
      "When [what you said or did when refunds came up — quote it if you can], [how the customer reacted — what they said or did next]. Next time, check the policy before quoting a date.",
    );
    expect(checkFeedback("You never use the customer's name.").rewrite).toMatch(
      /^When you didn't use the customer's name \[in which conversation, at what moment\]/,
    );
    expect(checkFeedback("Great job walking him through the password reset.").rewrite).toBe(
      "When you walked him through the password reset, [how the customer reacted — what they said or did next]. Keep doing that.",
    );
  });

  it("FB-INPUT: rejects a non-string with a clear error and caps very long text", () => {
    expect(() => checkFeedback(42 as unknown as string)).toThrow(/text must be a string, got number/);
    const long = `${"You used her name. ".repeat(400)}You're lazy.`;
    expect(long.length).toBeGreaterThan(MAX_FEEDBACK_CHARS);
    expect(kinds(long)).not.toContain("judgement_of_person");
  });

  it("FB-SPANS: every issue span lies inside the text", () => {
    for (const text of [
      "Great job, but you're too slow.",
      "You're lazy with notes, and nobody knew what to do.",
    ]) {
      for (const issue of checkFeedback(text).issues) {
        expect(issue.start).toBeGreaterThanOrEqual(0);
        expect(issue.end).toBeLessThanOrEqual(text.length);
        expect(issue.end).toBeGreaterThan(issue.start);
        expect(issue.message.length).toBeGreaterThan(0);
      }
    }
  });
  it("flags judgements said sideways, the way a teammate actually writes them", () => {
    for (const text of [
      "Honestly I don't think you care about these customers.",
      "Not sure you're cut out for billing questions.",
      "Maybe try to be a bit less robotic?",
      "You seem to struggle every time a customer gets angry.",
      "Typical you, leaving the customer hanging again.",
      "Why do you keep quoting the wrong refund window?",
      "Your replies are always so long, customers get lost.",
    ]) {
      expect({ text, kinds: kinds(text) }).toEqual({
        text,
        kinds: expect.arrayContaining(["judgement_of_person"]),
      });
    }
    expect(kinds("I feel like you could have been more empathetic.")).toContain("vague_criticism");
    expect(kinds("Again with the hedging... come on.")).toContain("vague_criticism");
    // Praise of the person, not of something they did.
    expect(kinds("You're a great listener.")).toEqual(["no_behaviour", "vague_praise"]);
    // Inviting someone to a huddle is not criticism.
    expect(kinds("Come on in to the huddle tomorrow, we'll go through the Diego chat.")).toEqual([]);
  });

  it("never tells the writer to 'keep doing' what they are asking to change", () => {
    // Complete corrective feedback: behaviour, the customer's reaction, a suggestion. Nothing to flag.
    const good =
      "When she said she was worried about the charge, you jumped straight to the policy and she went quiet. Next time try acknowledging her worry first.";
    expect(checkFeedback(good).issues).toEqual([]);
    expect(checkFeedback(good).parts.tone).toBe("corrective");
    for (const text of [
      "You tend to over-apologise.",
      "Your replies are always so long, customers get lost.",
      "Typical you, leaving the customer hanging again.",
      "You paraphrased her issue.",
    ]) {
      expect({ text, rewrite: checkFeedback(text).rewrite }).not.toEqual({
        text,
        rewrite: expect.stringMatching(/\. Keep doing that\.$/),
      });
    }
    // A behaviour with nothing to say how it went leaves the ending to the writer.
    expect(checkFeedback("You paraphrased her issue.").rewrite).toBe(
      "When you paraphrased her issue, [how the customer reacted — what they said or did next]. [Keep doing that — or, next time, one thing to try instead.]",
    );
    // Praise still ends in "Keep doing that", without a hint about what went wrong.
    expect(checkFeedback("You're a great listener.").rewrite).toBe(
      "When [what you said or did — the exact moment, quoted if you can], [how the customer reacted — what they said or did next]. Keep doing that.",
    );
  });

  it("reads disappointment, reproach, a customer left upset and praise of energy as feedback", () => {
    expect(kinds("Honestly, a bit disappointed in how you handled Diego today.")).toEqual([
      "no_behaviour",
      "no_suggestion",
      "vague_criticism",
    ]);
    expect(kinds("You made the customer feel stupid.")).toContain("vague_criticism");
    expect(kinds("I'm sure you tried your best, but the customer left angry.")).toEqual([
      "no_behaviour",
      "no_suggestion",
    ]);
    expect(checkFeedback("Why would you tell her it's 14 days when the KB says 30?").parts.tone).toBe(
      "corrective",
    );
    expect(kinds("You could try being a bit more human.")).toContain("judgement_of_person");
    expect(kinds("Great attitude today!")).toEqual(["no_behaviour", "vague_praise"]);
    expect(kinds("Loved your energy on the floor today.")).toEqual(["no_behaviour", "vague_praise"]);
  });

  it("gives a reaction to the customer who reacted, not to an earlier 'her'", () => {
    const text = "You didn't use her name once and she had to repeat her order number three times.";
    expect(checkFeedback(text).parts.effect).toBe("she had to repeat her order number three times");
    expect(checkFeedback(text).rewrite).toBe(
      "When you didn't use her name once, she had to repeat her order number three times. Next time, [one concrete thing to try instead].",
    );
  });

  it("rewrites a generalisation as one moment in plain English", () => {
    expect(checkFeedback("Why do you keep quoting the wrong refund window?").rewrite).toMatch(
      /^When you quoted the wrong refund window \[in which conversation, at what moment\],/,
    );
    expect(checkFeedback("Your replies are always so long, customers get lost.").rewrite).toBe(
      "When your replies were so long [in which conversation, at what moment], customers get lost. Next time, [one concrete thing to try instead].",
    );
    expect(checkFeedback("Typical you, leaving the customer hanging again.").rewrite).toMatch(
      /^When you left the customer hanging, /,
    );
    expect(checkFeedback("You tend to over-apologise.").rewrite).toMatch(/^When you over-apologised, /);
  });
});
