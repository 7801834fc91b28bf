import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type journalEntryResponseSchema,
  type listJournalResponseSchema,
} from "../../../protocol/index.ts";
import { deleteJson, getJson, postJson, putJson } from "../../lib/http.ts";

export const journalKeys = { all: ["journal"] as const };

export const journalApi = {
  list: () => getJson<z.infer<typeof listJournalResponseSchema>>(`${API_BASE_PATH}/journal`),
  create: (text: string) =>
    postJson<z.infer<typeof journalEntryResponseSchema>>(`${API_BASE_PATH}/journal`, { text }),
  update: (id: string, text: string) =>
    putJson<z.infer<typeof journalEntryResponseSchema>>(
      `${API_BASE_PATH}/journal/${encodeURIComponent(id)}`,
      {
        text,
      },
    ),
  remove: (id: string) => deleteJson<{ ok: true }>(`${API_BASE_PATH}/journal/${encodeURIComponent(id)}`),
};

export const useJournal = () =>
  useQuery({ queryKey: journalKeys.all, queryFn: () => journalApi.list().then((r) => r.entries) });
