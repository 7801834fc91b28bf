import { useMemo } from "react";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type incidentResponseSchema,
  type listIncidentsResponseSchema,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

/** Invalidated by every `incident.*` event (realtime/invalidation.ts). */
export const incidentKeys = {
  all: ["incidents"] as const,
  one: (id: string) => ["incidents", id] as const,
};

export const incidentApi = {
  open: () => getJson<z.infer<typeof listIncidentsResponseSchema>>(`${API_BASE_PATH}/incidents?status=open`),
  one: (id: string) =>
    getJson<z.infer<typeof incidentResponseSchema>>(`${API_BASE_PATH}/incidents/${encodeURIComponent(id)}`),
  resolve: (id: string, note: string) =>
    postJson<z.infer<typeof incidentResponseSchema>>(
      `${API_BASE_PATH}/incidents/${encodeURIComponent(id)}/resolve`,
      note.trim() !== "" ? { note: note.trim() } : {},
    ),
};

export const useOpenIncidents = () =>
  useQuery({ queryKey: incidentKeys.all, queryFn: () => incidentApi.open().then((r) => r.incidents) });

export const useIncident = (id: string, enabled: boolean) =>
  useQuery({ queryKey: incidentKeys.one(id), queryFn: () => incidentApi.one(id), enabled });

export const useResolveIncident = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) => incidentApi.resolve(id, note),
    onSuccess: () => client.invalidateQueries({ queryKey: incidentKeys.all }),
  });
};

/** Conversation id → the label of the open incident it reported, for marking rows on the floor. */
export function useIncidentConversations(): ReadonlyMap<string, string> {
  const open = useOpenIncidents();
  const details = useQueries({
    queries: (open.data ?? []).map((incident) => ({
      queryKey: incidentKeys.one(incident.id),
      queryFn: () => incidentApi.one(incident.id),
    })),
  });
  // Recomputed when an answer changes (each query's update time), not on every render.
  const stamp = details.map((d) => `${d.data?.incident.id ?? ""}@${d.dataUpdatedAt}`).join(",");
  return useMemo(() => {
    const out = new Map<string, string>();
    for (const { data } of details)
      for (const c of data?.conversations ?? []) out.set(c.conversationId, data?.incident.label ?? "");
    return out;
    // `details` is a new array each render; `stamp` says when its answers changed.
  }, [stamp]);
}
