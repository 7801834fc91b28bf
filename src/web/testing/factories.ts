import type {
  Alert,
  ConversationDetail,
  ConversationSummary,
  Intervention,
  Message,
  Team,
} from "../../protocol/resources.ts";

/*
 * Test factories for the web app's components: protocol-shaped values with sensible defaults and
 * overrides, so a test states only what it is about.
 */

let seq = 0;
const nextId = (prefix: string) => `${prefix}${++seq}`;

export function buildSummary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: nextId("c"),
    teamId: "t1",
    externalId: nextId("ext"),
    channel: "chat",
    status: "open",
    topic: "returns",
    customerName: "Dana Whitfield",
    agentId: "p-agent",
    agentName: "Sam Ortiz",
    // Its assignee is its agent unless a test says otherwise (as for any conversation not handed on).
    assigneeId: overrides.agentId !== undefined ? overrides.agentId : "p-agent",
    assigneeName: overrides.agentName !== undefined ? overrides.agentName : "Sam Ortiz",
    risk: 0.2,
    customerEmotion: "neutral",
    frustration: 0.1,
    activeCues: [],
    messageCount: 3,
    openAlertCount: 0,
    startedAt: "2026-03-02T10:00:00Z",
    lastMessageAt: "2026-03-02T10:04:00Z",
    closedAt: null,
    closedReason: null,
    waitingSince: null,
    ...overrides,
  };
}

export function buildMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: nextId("m"),
    conversationId: "c1",
    index: 0,
    role: "customer",
    kind: "message",
    text: "Hello",
    at: "2026-03-02T10:00:00Z",
    authorId: null,
    authorName: null,
    senderMessageId: null,
    analysis: null,
    ...overrides,
  };
}

export function buildAnalysis(
  overrides: Partial<NonNullable<Message["analysis"]>> = {},
): NonNullable<Message["analysis"]> {
  return {
    messageIndex: 0,
    risk: 0.1,
    customer: null,
    stepIn: {
      raise: false,
      reasons: [],
      rung: "observe",
      escalate: false,
      suggestion: null,
      factId: null,
      needsAuthority: false,
      why: "",
    },
    cues: [],
    rootCauses: [],
    factChecks: [],
    habits: [],
    ...overrides,
  };
}

export function buildAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: nextId("a"),
    conversationId: "c1",
    teamId: "t1",
    helperId: "p-helper",
    helperName: "Priya Nair",
    agentId: "p-agent",
    status: "raised",
    reasons: ["wrong_information"],
    rung: "whisper",
    escalate: false,
    needsAuthority: false,
    suggestion: "Returns are accepted within 30 days of delivery.",
    factId: "f1",
    why: "The agent quoted 14 days; your team's knowledge says 30.",
    routing: "Knows returns, free, lowest load.",
    evidence: [],
    messageIndex: 1,
    risk: 0.7,
    raisedAt: "2026-03-02T10:03:00Z",
    updatedAt: "2026-03-02T10:03:00Z",
    ...overrides,
  };
}

export function buildIntervention(overrides: Partial<Intervention> = {}): Intervention {
  return {
    id: nextId("i"),
    conversationId: "c1",
    alertId: null,
    kind: "takeover_offer",
    status: "offered",
    fromId: "p-helper",
    fromName: "Priya Nair",
    toId: "p-agent",
    toName: "Sam Ortiz",
    text: null,
    summary: null,
    withdrawnReason: null,
    createdAt: "2026-03-02T10:05:00Z",
    updatedAt: "2026-03-02T10:05:00Z",
    ...overrides,
  };
}

export function buildDetail(overrides: Partial<ConversationDetail> = {}): ConversationDetail {
  const summary = buildSummary(overrides);
  return {
    ...summary,
    // Whose it is in the history: the one who has it, unless a test hands it on.
    creditedAgentId: summary.assigneeId,
    creditedAgentName: summary.assigneeName,
    origin: "chat",
    replies: { via: "chat", notSentReason: null, explanation: "Replies go to the customer's chat window." },
    messages: [],
    alerts: [],
    interventions: [],
    commitments: [],
    rootCauses: [],
    ...overrides,
  };
}

/** A team with the default long waits (3 minutes on a chat, 4 hours on an e-mail). */
export function buildTeam(overrides: Partial<Team> & Pick<Team, "id" | "name">): Team {
  return {
    chatKey: `k.${overrides.id}`,
    createdAt: "2026-03-01T00:00:00Z",
    longWait: { chatMs: 180_000, emailMs: 14_400_000 },
    ...overrides,
  };
}
