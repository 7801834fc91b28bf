import { describe, expect, it } from "vitest";
import { resolveEngineConfig } from "./config.ts";
import { createEngineContext, observeConversation, type EngineMessage } from "./index.ts";
import { DEFAULT_SUGGESTIONS, RETIRED_SUGGESTIONS } from "./suggestions.ts";
import { returnWindowKb } from "./testing/returnWindow.ts";

// The correct-it whisper as it read before f0bc30b: a team that saved its wording then has it.
const OLD_CORRECT_IT =
  'Correct it before it sticks — the KB says "{fact}" — so tell {name}: "I need to correct what I said a moment ago."';

const wrongAnswer: EngineMessage[] = [
  { role: "customer", text: "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit." },
  { role: "agent", text: "Sorry, returns are only accepted within 14 days, so I can't take it back." },
];

const whisperWith = (suggestions: Record<string, string>): string | null => {
  const context = createEngineContext({ kb: returnWindowKb(), config: resolveEngineConfig({ suggestions }) });
  return observeConversation(wrongAnswer, context)[1]!.stepIn.suggestion;
};

describe("saved suggestion wording", () => {
  it("that is exactly an earlier default follows today's default", () => {
    expect(RETIRED_SUGGESTIONS["wrong_information.fact"]).toContain(OLD_CORRECT_IT);
    const config = resolveEngineConfig({
      suggestions: {
        "wrong_information.fact": OLD_CORRECT_IT,
        "needs_authority.knowledge_fact": 'Give the answer from the KB instead of guessing: "{fact}"',
      },
    });
    expect(config.suggestions["wrong_information.fact"]).toBe(DEFAULT_SUGGESTIONS["wrong_information.fact"]);
    expect(config.suggestions["needs_authority.knowledge_fact"]).toBe(
      DEFAULT_SUGGESTIONS["needs_authority.knowledge_fact"],
    );
    const whisper = whisperWith({ "wrong_information.fact": OLD_CORRECT_IT });
    expect(whisper).toContain("your team's knowledge says");
    expect(whisper).not.toContain("the KB");
  });

  it("that the team wrote itself is kept as written, even one word from an old default", () => {
    const own = 'Fix it now — the KB says "{fact}" — and tell {name} plainly.';
    const almost = OLD_CORRECT_IT.replace("a moment ago", "just now");
    expect(resolveEngineConfig({ suggestions: { "wrong_information.fact": own } }).suggestions).toMatchObject(
      {
        "wrong_information.fact": own,
      },
    );
    expect(whisperWith({ "wrong_information.fact": almost })).toContain("the KB says");
    expect(whisperWith({ "wrong_information.fact": almost })).toContain("just now");
    // An old default saved under another key is that key's own text, not a retired one.
    expect(
      resolveEngineConfig({ suggestions: { "cause.stress": OLD_CORRECT_IT } }).suggestions["cause.stress"],
    ).toBe(OLD_CORRECT_IT);
  });
});
