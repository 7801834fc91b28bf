/**
 * Whisper templates: one sentence each, written for tagteam. `{mirror}` is the customer's own
 * words about their problem, `{fact}` the knowledge-base statement, `{name}` the customer's name
 * (or "them"). Keys are `<reason>.<variant>`, `cause.<root cause>` or `rung.<rung>`; SPEC.md
 * (DEC-WHISPER-*) says which key wins.
 */
export type SuggestionKey =
  | "wrong_information.fact"
  | "not_solution_focused.blame_coworker"
  | "not_solution_focused.defensiveness"
  | "not_solution_focused.apologies"
  | "not_solution_focused.stalled"
  | "customer_reacting_to_agent.attack"
  | "customer_reacting_to_agent.repetition"
  | "needs_authority.manager"
  | "needs_authority.legal"
  | "needs_authority.beyond_authority"
  | "needs_authority.knowledge"
  | "needs_authority.knowledge_fact"
  | "escalate.safety"
  | "escalate.security"
  | "escalate.irate"
  | "escalate.authority"
  | "rung.offer_takeover"
  | "cause.knowledge_gap"
  | "cause.stress"
  | "cause.language_barrier"
  | "cause.power_imbalance"
  | "cause.unclear_expectations"
  | "cause.policy_dispute"
  | "cause.billing_error"
  | "cause.system_malfunction";

export type SuggestionTemplates = Record<SuggestionKey, string>;

export const DEFAULT_SUGGESTIONS: SuggestionTemplates = {
  "wrong_information.fact":
    'Correct it before it sticks — your team\'s knowledge says "{fact}" — so tell {name}: "I need to correct what I said a moment ago."',
  "not_solution_focused.blame_coworker":
    "Leave who's to blame out of it (to the customer it's all us) and make it a shared goal: \"You mentioned {mirror}; whatever happened before, let's fix it together — here's what I'll do now.\"",
  "not_solution_focused.defensiveness":
    "Drop the defence and name one action: \"You said {mirror}, and that shouldn't have happened — here's what I can do right now.\"",
  "not_solution_focused.apologies":
    'One apology is enough — replace the next "sorry" with what you\'ll do and by when: "You mentioned {mirror}; I\'ll have it sorted by …"',
  "not_solution_focused.stalled":
    'Ask what a good outcome looks like: "You mentioned {mirror} — what would put it right for you today?" — then commit to a step with a time.',
  "customer_reacting_to_agent.attack":
    'It\'s not personal — acknowledge their words, "I hear you: {mirror} has been maddening," and give one concrete next step.',
  "customer_reacting_to_agent.repetition":
    "They have told you already, so don't ask them to confirm it: say back what they said ({mirror}) and act on it — \"I have everything I need, so here's what I'm doing now.\"",
  "needs_authority.manager":
    "Bring in someone who can decide, and tell {name}: \"I'm bringing in a colleague who can approve this, with everything you've told me, so you won't have to repeat it.\"",
  "needs_authority.legal":
    "Don't argue the legal point; say: \"I want this handled properly, so I'm passing it to someone who can decide on it today,\" and hand over with a summary.",
  "needs_authority.beyond_authority":
    "Tell {name} who can approve it and when: \"This needs a supervisor's sign-off — I'm getting one now and I'll stay with you.\"",
  "needs_authority.knowledge":
    'Ask an open question while the answer is found: "You mentioned {mirror} — can you walk me through exactly what happens?"',
  "needs_authority.knowledge_fact":
    'Give the answer your team\'s knowledge gives instead of guessing: "{fact}"',
  "escalate.safety":
    "Stay calm, don't argue or promise anything, and bring in the supervisor on duty now under the safety protocol.",
  "escalate.security":
    'Treat it as a security case: "I\'m securing your account right now and bringing in our security team," then hand over with the details.',
  "escalate.irate":
    "Hand over to a supervisor with a full summary so {name} never has to repeat {mirror}: \"I'm bringing in my supervisor, who has everything you've told me.\"",
  "escalate.authority":
    'Escalate by the protocol and give {name} the next step with a time: "A supervisor will pick this up with you within the hour, with everything you\'ve told me."',
  "rung.offer_takeover":
    "Offer privately: \"Want me to pick this one up? I'll carry over everything about {mirror} so they won't have to repeat it.\"",
  "cause.knowledge_gap":
    'Pause the guessing: "You mentioned {mirror} — let me confirm the right answer for you," and check your team\'s knowledge before replying.',
  "cause.stress":
    "Take a breath: slow down, drop the apologies, and give {name} one clear thing you'll do about {mirror} next.",
  "cause.language_barrier":
    'Use short, plain sentences and check understanding: "Let me say it more simply — what do you see on your screen right now?"',
  "cause.power_imbalance":
    "Match their tone: drop the script and speak plainly, \"You mentioned {mirror} — here's what's going on and what I'll do.\"",
  "cause.unclear_expectations":
    'Find out what they expected: "You said {mirror} — what were you told would happen?" — then say plainly what will.',
  "cause.policy_dispute":
    "Explain the why, then what you can do: \"I see why {mirror} feels unfair — here's the reason, and here's what I can offer.\"",
  "cause.billing_error":
    "Mirror and act: \"You said {mirror} — let's go through the charges together now and I'll fix what's wrong.\"",
  "cause.system_malfunction":
    'Mirror their words and get specifics: "You mentioned {mirror} — what exactly does the screen say, and on which device?"',
};

/**
 * Defaults a later wording replaced, by key (from git history: f0bc30b "the KB" became "your
 * team's knowledge"; 1f2b2c6 and e2bde06 before it). A team's saved text that is exactly one of
 * these is the default of then, not the team's own words, so it follows today's default.
 */
export const RETIRED_SUGGESTIONS: Readonly<Partial<Record<SuggestionKey, readonly string[]>>> = {
  "wrong_information.fact": [
    'Correct it before it sticks — the KB says "{fact}" — so tell {name}: "I need to correct what I said a moment ago."',
  ],
  "needs_authority.knowledge_fact": ['Give the answer from the KB instead of guessing: "{fact}"'],
  "cause.knowledge_gap": [
    'Pause the guessing: "You mentioned {mirror} — let me confirm the right answer for you," and check the KB before replying.',
  ],
  "customer_reacting_to_agent.repetition": [
    'Paraphrase before anything else: "So, to make sure I have it right — you said {mirror} — is that it?"',
  ],
  "not_solution_focused.blame_coworker": [
    "Leave the colleague out of it and make it a shared goal: \"You mentioned {mirror}; whatever happened before, let's fix it together — here's what I'll do now.\"",
  ],
};

/**
 * Saved suggestion wording without the texts that are exactly a retired default of their key:
 * those follow today's default. Text a team wrote itself, even one word apart, is kept as written.
 * Read-time (resolveEngineConfig) rather than a migration: saved wording reaches the engine only
 * through its configuration (the server's team overrides take none, so no row holds it), and
 * whatever a team saved is never rewritten: an old file or backup is read the same way.
 */
export function withoutRetiredDefaults<T>(saved: T): T {
  if (typeof saved !== "object" || saved === null || Array.isArray(saved)) return saved;
  const kept: Record<string, unknown> = {};
  let dropped = false;
  for (const [key, text] of Object.entries(saved)) {
    const retired: readonly string[] | undefined = RETIRED_SUGGESTIONS[key as SuggestionKey];
    if (typeof text === "string" && retired?.includes(text) === true) dropped = true;
    else kept[key] = text;
  }
  return dropped ? (kept as T) : saved;
}
