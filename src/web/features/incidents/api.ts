import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
