import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { API_BASE_PATH } from "../../../protocol/index.ts";
import type {
  practiceScenarioResponseSchema,
  practiceScenariosResponseSchema,
  practiceSessionResponseSchema,
  practiceSessionsResponseSchema,
  removedScenarioResponseSchema,
  scenarioCandidatesResponseSchema,
} from "../../../protocol/practice.ts";
import { deleteJson, getJson, postJson } from "../../lib/http.ts";

export const practiceKeys = {
  all: ["practice"] as const,
  scenarios: ["practice", "scenarios"] as const,
  candidates: ["practice", "candidates"] as const,
  sessions: ["practice", "sessions"] as const,
  /** One session (a prefix of `sessions`, so invalidating the lists refetches it too). */
  session: (id: string) => ["practice", "sessions", "one", id] as const,
};

type Session = z.infer<typeof practiceSessionResponseSchema>;
const session = (id: string) => `${API_BASE_PATH}/practice/sessions/${encodeURIComponent(id)}`;

export const practiceApi = {
  scenarios: () =>
    getJson<z.infer<typeof practiceScenariosResponseSchema>>(`${API_BASE_PATH}/practice/scenarios`),
  candidates: () =>
    getJson<z.infer<typeof scenarioCandidatesResponseSchema>>(`${API_BASE_PATH}/practice/candidates`),
  makeScenario: (conversationId: string) =>
    postJson<z.infer<typeof practiceScenarioResponseSchema>>(`${API_BASE_PATH}/practice/scenarios`, {
      conversationId,
    }),
  /** Removes a scenario of a team I lead, with the drills played on it. */
  removeScenario: (id: string) =>
    deleteJson<z.infer<typeof removedScenarioResponseSchema>>(
      `${API_BASE_PATH}/practice/scenarios/${encodeURIComponent(id)}`,
    ),
  sessions: (mine: boolean, traineeId: string) =>
    getJson<z.infer<typeof practiceSessionsResponseSchema>>(
      `${API_BASE_PATH}/practice/sessions${mine ? `?traineeId=${encodeURIComponent(traineeId)}` : ""}`,
    ),
  session: (id: string) => getJson<Session>(session(id)),
  /**
   * A solo drill, or with `pair` a live pair drill with a teammate (my part: `play`; `swapOf`: the
   * finished drill it plays again with the parts swapped).
   */
  start: (scenarioId: string, pair?: { partnerId: string; play: "agent" | "customer"; swapOf?: string }) =>
    postJson<Session>(`${API_BASE_PATH}/practice/sessions`, { scenarioId, ...(pair ?? {}) }),
  reply: (id: string, text: string) => postJson<Session>(`${session(id)}/replies`, { text }),
  /** My line in a pair drill, on my turn. */
  line: (id: string, text: string) => postJson<Session>(`${session(id)}/lines`, { text }),
  end: (id: string, outcome?: "satisfied" | "walked_away") =>
    postJson<Session>(`${session(id)}/end`, outcome !== undefined ? { outcome } : {}),
  review: (id: string, comment: string) => postJson<Session>(`${session(id)}/review`, { comment }),
};

export const useScenarios = () =>
  useQuery({
    queryKey: practiceKeys.scenarios,
    queryFn: () => practiceApi.scenarios().then((r) => r.scenarios),
  });
export const useCandidates = (enabled: boolean) =>
  useQuery({
    queryKey: practiceKeys.candidates,
    queryFn: () => practiceApi.candidates().then((r) => r.candidates),
    enabled,
  });
/** My own sessions (`mine`), or every session of the teams I lead. */
export const usePracticeSessions = (mine: boolean, personId: string, enabled = true) =>
  useQuery({
    queryKey: [...practiceKeys.sessions, mine ? "mine" : "team"],
    queryFn: () => practiceApi.sessions(mine, personId).then((r) => r.sessions),
    enabled,
  });
/**
 * One drill. No polling: in a pair drill each player's page hears the partner's line, the end and a
 * lead's comment as realtime events addressed to them (`drill.*`, realtime/invalidation.ts), and
 * refetches this on each; a lead watching a running one hears its lines and end in its room.
 */
export const usePracticeSession = (id: string) =>
  useQuery({
    queryKey: practiceKeys.session(id),
    queryFn: () => practiceApi.session(id).then((r) => r.session),
  });
