import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type debriefResponseSchema,
  type listDebriefsResponseSchema,
  type UpdateDebriefBody,
} from "../../../protocol/index.ts";
import { getJson, putJson } from "../../lib/http.ts";

/** Debrief routes (loop 2) and their query hooks. */
export const debriefKeys = { all: ["debriefs"] as const };

export const debriefApi = {
  list: (conversationId?: string) =>
    getJson<z.infer<typeof listDebriefsResponseSchema>>(
      `${API_BASE_PATH}/debriefs${conversationId ? `?conversationId=${encodeURIComponent(conversationId)}` : ""}`,
    ),
  save: (id: string, body: UpdateDebriefBody) =>
    putJson<z.infer<typeof debriefResponseSchema>>(
      `${API_BASE_PATH}/debriefs/${encodeURIComponent(id)}`,
      body,
    ),
};

export const useDebriefs = () =>
  useQuery({ queryKey: debriefKeys.all, queryFn: () => debriefApi.list().then((r) => r.debriefs) });

/** The other cards of the same conversation (the helper's, for the agent), each as its reader may see. */
export const useConversationDebriefs = (conversationId: string | undefined) =>
  useQuery({
    queryKey: [...debriefKeys.all, "conversation", conversationId ?? ""],
    queryFn: () => debriefApi.list(conversationId).then((r) => r.debriefs),
    enabled: conversationId !== undefined,
  });
