import {
  createEngineContext,
  createConversationState,
  observe,
  type EngineMessage,
} from "../../engine/index.ts";
import type { JsonValue, Queryable } from "../../store/index.ts";
import { createPracticeScenario } from "../../store/drills.ts";
import { nameVariants, redactText } from "../loop2/redaction.ts";
import { buildScenario, redactReferences } from "./scenario.ts";

/**
 * A hard conversation written for the demo (a double charge, a hedging agent, a customer asking
 * twice and then for a manager), made into a scenario the way a lead would, so a fresh demo has a
 * drill ready before any replayed conversation has closed.
 */
const CUSTOMER = "Dana Whitfield";
const LINES: readonly EngineMessage[] = [
  {
    role: "customer",
    text: `Hi, I'm ${CUSTOMER}. I've been charged twice for order 771045, $89 each time. I need one of them refunded.`,
  },
  {
    role: "agent",
    text: "Sorry about that. I think it might be a pending charge, maybe it drops off, I'm not sure.",
  },
  {
    role: "customer",
    text: "It's not pending, both charges went through on my statement. I already told you I was charged twice.",
  },
  { role: "agent", text: "Sorry, sorry. Billing handles that, it's not something I can see from here." },
  {
    role: "customer",
    text: "This is ridiculous. Nobody is listening. Get me a manager or I'm disputing it with my bank.",
  },
  // The extra charge, the one they asked to have refunded: "the second $89" read as a second refund.
  { role: "customer", text: "Okay. So when will the extra $89 be back on my card?" },
];

export async function seedDemoScenario(db: Queryable, orgId: string, teamId: string): Promise<void> {
  const context = createEngineContext();
  let state = createConversationState();
  const analyses = LINES.map((m) => {
    const r = observe(state, m, context);
    state = r.state;
    return r.analysis;
  });
  const known = nameVariants(CUSTOMER);
  const built = buildScenario({
    messages: LINES,
    analyses,
    topic: "billing",
    redact: (text) => redactReferences(redactText(text, known)),
  });
  await createPracticeScenario(db, {
    orgId,
    teamId,
    sourceConversationId: null,
    createdBy: null,
    title: built.title,
    topic: "billing",
    persona: built.persona as unknown as JsonValue,
    rootCause: built.rootCause,
    goodReply: built.goodReply,
    customerLines: built.lines as unknown as JsonValue,
    closing: built.closing,
  });
}
