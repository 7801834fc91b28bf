import { createConversationState, createEngineContext, observe } from "../engine/index.ts";
import type { SurveyTag } from "../protocol/index.ts";
import type { DemoConversation } from "./demoConversations.ts";

/** Running frustration over the customer's last two lines under which they leave content. */
const CONTENT_BELOW = 0.3;
/** …and at or over which they leave unhappy. */
const UNHAPPY_FROM = 0.45;

/**
 * The tags the n-th demo customer taps in the survey once their conversation has closed, from how
 * it went as the engine read it: their frustration at the end (the higher of their last two lines:
 * a parting threat is read with some smoothing), whether they had to repeat
 * themselves or wait. Null: this customer does not answer (one in four); empty: they skip it.
 */
export function demoSurveyTags(script: DemoConversation, n: number): SurveyTag[] | null {
  if (n % 4 === 3) return null;
  if (n % 7 === 5) return [];
  const context = createEngineContext();
  let state = createConversationState();
  let repeated = false;
  let waited = false;
  const readings: number[] = [];
  for (const line of script.lines) {
    const r = observe(state, line, context);
    state = r.state;
    if (line.role !== "customer") continue;
    if (r.analysis.customer !== undefined) readings.push(r.analysis.customer.frustration);
    repeated ||= r.analysis.cues.some((c) => c.kind === "repetition");
    waited ||= r.analysis.cues.some((c) => c.kind === "waiting");
  }
  const frustration = Math.max(0, ...readings.slice(-2));
  const tags: SurveyTag[] = [];
  if (frustration < CONTENT_BELOW) tags.push("problem_solved", n % 2 === 0 ? "felt_heard" : "quick");
  else if (frustration < UNHAPPY_FROM) tags.push("problem_solved");
  else tags.push("not_solved");
  if (repeated) tags.push("had_to_repeat");
  if (waited) tags.push("too_slow");
  if (frustration < UNHAPPY_FROM && !repeated && n % 3 === 0) tags.push("agent_empathy");
  return tags;
}
