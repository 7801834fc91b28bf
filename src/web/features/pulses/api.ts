import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  API_BASE_PATH,
  type AnswerPulseBody,
  type Pulse,
  type PulsePromptsResponse,
  type TeamPulsesResponse,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

/**
 * Invalidated by every `pulse.*` event (realtime/invalidation.ts): the prompt appears and leaves,
 * and the lead's section shows the results, live.
 */
export const pulseKeys = {
  all: ["pulses"] as const,
  team: (teamId: string) => ["pulses", "team", teamId] as const,
  mine: ["pulses", "mine"] as const,
};

const base = `${API_BASE_PATH}/pulses`;

export const pulseApi = {
  team: (teamId: string) => getJson<TeamPulsesResponse>(`${base}?teamId=${encodeURIComponent(teamId)}`),
  mine: () => getJson<PulsePromptsResponse>(`${base}/mine`),
  open: (teamId: string, days: number) => postJson<{ pulse: Pulse }>(base, { teamId, days }),
  close: (id: string) => postJson<{ pulse: Pulse }>(`${base}/${encodeURIComponent(id)}/close`, {}),
  answer: (id: string, body: AnswerPulseBody) =>
    postJson<{ recorded: true }>(`${base}/${encodeURIComponent(id)}/answers`, body),
};

/** A team's pulses, for its leads and admins. */
export const useTeamPulses = (teamId: string | undefined) =>
  useQuery({
    queryKey: pulseKeys.team(teamId ?? ""),
    queryFn: () => pulseApi.team(teamId as string),
    enabled: teamId !== undefined,
  });

/** The open pulses waiting for my answer. */
export const useMyPulses = () => useQuery({ queryKey: pulseKeys.mine, queryFn: () => pulseApi.mine() });

function useInvalidatingMutation<V>(fn: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => client.invalidateQueries({ queryKey: pulseKeys.all }),
  });
}

export const useOpenPulse = () =>
  useInvalidatingMutation(({ teamId, days }: { teamId: string; days: number }) =>
    pulseApi.open(teamId, days),
  );
export const useClosePulse = () => useInvalidatingMutation((id: string) => pulseApi.close(id));
export const useAnswerPulse = () =>
  useInvalidatingMutation(({ id, body }: { id: string; body: AnswerPulseBody }) => pulseApi.answer(id, body));
