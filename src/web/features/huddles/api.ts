import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  API_BASE_PATH,
  type AssignHuddleActionBody,
  type HuddleAction,
  type HuddleAgenda,
  type UpdateHuddleActionBody,
} from "../../../protocol/index.ts";
import { getJson, patchJson, putJson } from "../../lib/http.ts";

/** A day in the reader's own time zone: its date and its bounds, midnight to midnight. */
export function localDay(date: string): { date: string; since: string; until: string } {
  const [y, m, d] = date.split("-").map(Number);
  const start = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const end = new Date(start);
  end.setDate(start.getDate() + 1);
  return { date, since: start.toISOString(), until: end.toISOString() };
}

/** Today's date in the reader's time zone, as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const huddleKeys = {
  /** Every agenda (a prefix of `agenda`). */
  all: ["huddle-agenda"] as const,
  agenda: (teamId: string, date: string) => ["huddle-agenda", teamId, date] as const,
};

export const useHuddleAgenda = (teamId: string | undefined, date: string) =>
  useQuery({
    queryKey: huddleKeys.agenda(teamId ?? "", date),
    enabled: teamId !== undefined && teamId !== "",
    queryFn: () => {
      const day = localDay(date);
      const params = new URLSearchParams({ teamId: teamId ?? "", ...day });
      return getJson<HuddleAgenda>(`${API_BASE_PATH}/huddles/agenda?${params.toString()}`);
    },
  });

export function useAssignChampion(teamId: string, date: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignHuddleActionBody) =>
      putJson<{ action: HuddleAction }>(`${API_BASE_PATH}/huddles/actions`, body),
    onSettled: () => client.invalidateQueries({ queryKey: huddleKeys.agenda(teamId, date) }),
  });
}

export function useUpdateAction(teamId: string, date: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateHuddleActionBody & { id: string }) =>
      patchJson<{ action: HuddleAction }>(`${API_BASE_PATH}/huddles/actions/${encodeURIComponent(id)}`, body),
    onSettled: () => client.invalidateQueries({ queryKey: huddleKeys.agenda(teamId, date) }),
  });
}
