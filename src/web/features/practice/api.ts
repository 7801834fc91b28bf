import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { API_BASE_PATH } from "../../../protocol/index.ts";
import type {
  practiceScenarioResponseSchema,
  practiceScenariosResponseSchema,
  practiceSessionResponseSchema,
  practiceSessionsResponseSchema,
  scenarioCandidatesResponseSchema,
} from "../../../protocol/practice.ts";
import { getJson, postJson } from "../../lib/http.ts";

export const practiceKeys = {
  all: ["practice"] as const,
  scenarios: ["practice", "scenarios"] as const,
  candidates: ["practice", "candidates"] as const,
  sessions: ["practice", "sessions"] as const,
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
  sessions: (mine: boolean, traineeId: string) =>
    getJson<z.infer<typeof practiceSessionsResponseSchema>>(
      `${API_BASE_PATH}/practice/sessions${mine ? `?traineeId=${encodeURIComponent(traineeId)}` : ""}`,
    ),
  session: (id: string) => getJson<Session>(session(id)),
  start: (scenarioId: string) => postJson<Session>(`${API_BASE_PATH}/practice/sessions`, { scenarioId }),
  reply: (id: string, text: string) => postJson<Session>(`${session(id)}/replies`, { text }),
  end: (id: string) => postJson<Session>(`${session(id)}/end`, {}),
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
export const usePracticeSession = (id: string) =>
  useQuery({
    queryKey: [...practiceKeys.sessions, "one", id],
    queryFn: () => practiceApi.session(id).then((r) => r.session),
  });
