/**
 * A stored analysis of the usual size (a calm reading with one cue), written with each message by
 * the store benchmarks (bench-store.ts, measure-transactions.ts) so both measure the same bytes.
 */
export const STORED_ANALYSIS = {
  risk: 0.21,
  customer: { emotion: "neutral", frustration: 0.12, trend: "steady" },
  stepIn: {
    raise: false,
    reasons: [],
    rung: "observe",
    escalate: false,
    suggestion: null,
    factId: null,
    needsAuthority: false,
    why: "the customer is calm and the agent is on track",
  },
  cues: [{ kind: "hedging", start: 4, end: 12, polarity: "bad" }],
};
