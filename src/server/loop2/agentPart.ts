// The agent's part of a conversation lives in the store (src/store/agentPart.ts), which counts the
// skill map's lines by the same rule as the scorecard.
export {
  agentPart,
  type AgentPart,
  type Handover,
  type HandoverKind,
  type ScoredScope,
} from "../../store/agentPart.ts";
