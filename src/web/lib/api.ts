import type { z } from "zod";
import {
  API_BASE_PATH,
  type alertResponseSchema,
  type conversationResponseSchema,
  type createApiTokenResponseSchema,
  type escalationProtocolResponseSchema,
  type factResponseSchema,
  type interventionResponseSchema,
  type alertOutcomesResponseSchema,
  type listAlertsResponseSchema,
  type listApiTokensResponseSchema,
  type listCommitmentsResponseSchema,
  type listConversationsResponseSchema,
  type listFactsResponseSchema,
  type listInterventionsResponseSchema,
  type listPeopleResponseSchema,
  type listSessionsResponseSchema,
  type listTeamsResponseSchema,
  type loginResponseSchema,
  type personResponseSchema,
  type createdPersonResponseSchema,
  type signInLinkResponseSchema,
  type SignInLinkInfo,
  type revokeOtherSessionsResponseSchema,
  type teamResponseSchema,
  type importResponseSchema,
  type ImportBody,
  type LoginBody,
  type LlmStatus,
  type StepInBody,
  type whisperDraftResponseSchema,
} from "../../protocol/http.ts";
import type {
  Availability,
  Channel,
  EscalationProtocol,
  InterventionKind,
  Me,
  Role,
} from "../../protocol/resources.ts";
import type { EngineOverrides, engineSettingsResponseSchema } from "../../protocol/engineSettings.ts";
import type { ListDeliveriesResponse, RetryDeliveryResponse } from "../../protocol/deliveries.ts";
import type { ListAuditResponse } from "../../protocol/audit.ts";
import type { Organisation } from "../../protocol/organisation.ts";
import { deleteJson, getJson, patchJson, postJson, putJson } from "./http.ts";

/*
 * Every HTTP route the staff app calls, in one place. Pages reach these only through the hooks in
 * each feature's queries file; components get data as props.
 */

type Out<S extends z.ZodType> = z.infer<S>;
const api = (path: string) => `${API_BASE_PATH}${path}`;

/**
 * Narrows a list of interventions: only those about conversations still open, or about one
 * conversation, and how many of the newest (the server's default, 500, when not given).
 */
export interface InterventionsFilter {
  conversations?: "open";
  conversationId?: string;
  limit?: number;
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== "",
  );
  if (entries.length === 0) return "";
  return "?" + new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}

export interface ConversationFilters {
  teamId?: string;
  channel?: Channel;
  minRisk?: number;
  status?: "open" | "closed" | "all";
  /** Only these conversations (at most CONVERSATION_IDS_MAX). */
  ids?: readonly string[];
  limit?: number;
}

/** The conversation history's filters (GET /conversations?order=started). */
export interface HistoryFilters {
  q?: string;
  status: "open" | "closed" | "all";
  teamId?: string;
  channel?: Channel;
  agentId?: string;
  since?: string;
  until?: string;
}

/** The audit log's filters (GET /audit): an action or a prefix ending in ".", who, what, when. */
export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  since?: string;
  until?: string;
}

export const apiClient = {
  me: () => getJson<{ me: Me }>(api("/me")),
  signIn: (body: LoginBody) => postJson<Out<typeof loginResponseSchema>>(api("/auth/login"), body),
  signOut: () => postJson<unknown>(api("/auth/logout")),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    postJson<{ ok: true; signedOutSessions: number }>(api("/me/password"), body),
  sessions: () => getJson<Out<typeof listSessionsResponseSchema>>(api("/me/sessions")),
  revokeSession: (id: string) => deleteJson<{ ok: true }>(api(`/me/sessions/${encodeURIComponent(id)}`)),
  revokeOtherSessions: () =>
    postJson<Out<typeof revokeOtherSessionsResponseSchema>>(api("/me/sessions/revoke-others")),
  setPassword: (id: string, password: string) =>
    postJson<{ ok: true; signedOutSessions: number }>(api(`/people/${id}/password`), { password }),
  /** A one-time sign-in link for someone (admin): they choose their own password with it. */
  signInLink: (id: string) =>
    postJson<Out<typeof signInLinkResponseSchema>>(api(`/people/${encodeURIComponent(id)}/sign-in-link`)),
  signInLinkInfo: (token: string) =>
    getJson<SignInLinkInfo>(api(`/sign-in-links/${encodeURIComponent(token)}`)),
  useSignInLink: (token: string, password: string) =>
    postJson<Out<typeof loginResponseSchema>>(api(`/sign-in-links/${encodeURIComponent(token)}`), {
      password,
    }),

  teams: () => getJson<Out<typeof listTeamsResponseSchema>>(api("/teams")),
  createTeam: (name: string) => postJson<Out<typeof teamResponseSchema>>(api("/teams"), { name }),
  renameTeam: (id: string, name: string) =>
    patchJson<Out<typeof teamResponseSchema>>(api(`/teams/${id}`), { name }),
  renameOrganisation: (name: string) =>
    patchJson<{ organisation: Organisation }>(api("/organisation"), { name }),
  people: (teamId?: string) =>
    getJson<Out<typeof listPeopleResponseSchema>>(api(`/people${query({ teamId })}`)),
  createPerson: (body: {
    email: string;
    name: string;
    role: Role;
    /** Left out: the answer carries a sign-in link to send them instead. */
    password?: string;
    teamIds: string[];
    topics: string[];
  }) => postJson<Out<typeof createdPersonResponseSchema>>(api("/people"), body),
  updatePerson: (
    id: string,
    body: {
      name?: string;
      role?: Role;
      teamIds?: string[];
      topics?: string[];
      availability?: Availability;
      active?: boolean;
    },
  ) => patchJson<Out<typeof personResponseSchema>>(api(`/people/${id}`), body),

  conversations: (f: ConversationFilters) =>
    getJson<Out<typeof listConversationsResponseSchema>>(
      api(
        `/conversations${query({ teamId: f.teamId, channel: f.channel, minRisk: f.minRisk, status: f.status, ids: f.ids?.join(","), limit: f.limit })}`,
      ),
    ),
  conversationHistory: (f: HistoryFilters, page: { limit: number; after?: string }) =>
    getJson<Out<typeof listConversationsResponseSchema>>(
      api(
        `/conversations${query({ order: "started", status: f.status, q: f.q, teamId: f.teamId, channel: f.channel, agentId: f.agentId, since: f.since, until: f.until, limit: page.limit, after: page.after })}`,
      ),
    ),
  conversation: (id: string) => getJson<Out<typeof conversationResponseSchema>>(api(`/conversations/${id}`)),
  reply: (id: string, text: string) => postJson<unknown>(api(`/conversations/${id}/messages`), { text }),
  closeConversation: (id: string) => postJson<{ ok: true }>(api(`/conversations/${id}/close`)),
  eraseConversation: (id: string) => deleteJson<{ erased: true }>(api(`/conversations/${id}`)),
  stepIn: (id: string, body: StepInBody) =>
    postJson<Out<typeof interventionResponseSchema>>(api(`/conversations/${id}/step-in`), body),
  transfer: (id: string, toPersonId: string, note?: string) =>
    postJson<Out<typeof interventionResponseSchema>>(api(`/conversations/${id}/transfer`), {
      toPersonId,
      note,
    }),
  escalate: (id: string, reason: string) =>
    postJson<Out<typeof interventionResponseSchema>>(api(`/conversations/${id}/escalate`), { reason }),
  /** Whether the server has a language model (the "Draft it for me" button). */
  llmStatus: () => getJson<LlmStatus>(api("/llm")),
  /** A whisper drafted by the language model; nothing is stored or sent. */
  draftWhisper: (id: string) =>
    postJson<Out<typeof whisperDraftResponseSchema>>(api(`/conversations/${id}/whisper-draft`)),
  raiseHand: (id: string, note?: string) =>
    postJson<Out<typeof interventionResponseSchema>>(
      api(`/conversations/${id}/raise-hand`),
      note ? { note } : {},
    ),

  /** `ids`: only these alerts (at most ALERT_IDS_MAX), of those the scope lists. */
  alerts: (scope: "mine" | "team", ids?: readonly string[]) =>
    getJson<Out<typeof listAlertsResponseSchema>>(
      api(`/alerts${query(ids === undefined ? { scope } : { scope, ids: ids.join(",") })}`),
    ),
  alertOutcomes: (days: number) =>
    getJson<Out<typeof alertOutcomesResponseSchema>>(api(`/alerts/outcomes${query({ days })}`)),
  acknowledgeAlert: (id: string) =>
    postJson<Out<typeof alertResponseSchema>>(api(`/alerts/${id}/acknowledge`)),
  dismissAlert: (id: string, reason: "not_useful" | "handled", note?: string) =>
    postJson<Out<typeof alertResponseSchema>>(
      api(`/alerts/${id}/dismiss`),
      note ? { reason, note } : { reason },
    ),
  rerouteAlert: (id: string, needsAuthority: boolean) =>
    postJson<Out<typeof alertResponseSchema>>(api(`/alerts/${id}/reroute`), { needsAuthority }),

  interventions: (
    scope: "mine" | "team",
    kind?: InterventionKind,
    status: "active" | "recent" | "all" = "active",
    more: InterventionsFilter = {},
  ) =>
    getJson<Out<typeof listInterventionsResponseSchema>>(
      api(`/interventions${query({ scope, kind, status, ...more })}`),
    ),
  acceptOffer: (id: string) =>
    postJson<Out<typeof interventionResponseSchema>>(api(`/interventions/${id}/accept`)),
  declineOffer: (id: string) =>
    postJson<Out<typeof interventionResponseSchema>>(api(`/interventions/${id}/decline`)),
  acknowledgeEscalation: (id: string) =>
    postJson<Out<typeof interventionResponseSchema>>(api(`/interventions/${id}/acknowledge`)),

  /** Transcripts in the `tagteam analyze` format (≤ 1,000 conversations, ≤ 2 MiB per request). */
  importConversations: (body: ImportBody) => postJson<Out<typeof importResponseSchema>>(api("/import"), body),

  commitments: () => getJson<Out<typeof listCommitmentsResponseSchema>>(api("/commitments")),

  facts: () => getJson<Out<typeof listFactsResponseSchema>>(api("/knowledge/facts")),
  createFact: (body: {
    teamId: string | null;
    topic: string | null;
    statement: string;
    key: string | null;
    value: number | boolean | string;
    unit: string | null;
  }) => postJson<Out<typeof factResponseSchema>>(api("/knowledge/facts"), body),
  updateFact: (
    id: string,
    body: Partial<{
      topic: string | null;
      statement: string;
      key: string | null;
      value: number | boolean | string;
      unit: string | null;
    }>,
  ) => patchJson<Out<typeof factResponseSchema>>(api(`/knowledge/facts/${id}`), body),
  deleteFact: (id: string) => deleteJson<unknown>(api(`/knowledge/facts/${id}`)),

  escalationProtocol: (teamId: string) =>
    getJson<Out<typeof escalationProtocolResponseSchema>>(api(`/teams/${teamId}/escalation-protocol`)),
  saveEscalationProtocol: (teamId: string, body: Pick<EscalationProtocol, "levels" | "autoEscalate">) =>
    putJson<Out<typeof escalationProtocolResponseSchema>>(api(`/teams/${teamId}/escalation-protocol`), body),

  engineSettings: (teamId: string) =>
    getJson<Out<typeof engineSettingsResponseSchema>>(api(`/teams/${teamId}/engine-settings`)),
  saveEngineSettings: (teamId: string, overrides: EngineOverrides) =>
    putJson<Out<typeof engineSettingsResponseSchema>>(api(`/teams/${teamId}/engine-settings`), { overrides }),

  tokens: () => getJson<Out<typeof listApiTokensResponseSchema>>(api("/tokens")),
  createToken: (name: string, scopes: ("ingest" | "api")[]) =>
    postJson<Out<typeof createApiTokenResponseSchema>>(api("/tokens"), { name, scopes }),
  revokeToken: (id: string) => deleteJson<unknown>(api(`/tokens/${id}`)),

  deliveries: () => getJson<ListDeliveriesResponse>(api("/admin/deliveries")),
  retryDelivery: (id: string) =>
    postJson<RetryDeliveryResponse>(api(`/admin/deliveries/${encodeURIComponent(id)}/retry`)),

  audit: (filters: AuditFilters, page: { before?: number; limit?: number } = {}) =>
    getJson<ListAuditResponse>(api(`/audit${query({ ...filters, ...page })}`)),
};
