import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type CommitmentsOverview,
  type commitmentsOverviewResponseSchema,
  type UpdateCommitmentBody,
  type updateCommitmentResponseSchema,
} from "../../../protocol/index.ts";
import type { Commitment } from "../../../protocol/resources.ts";
import { getJson, patchJson } from "../../lib/http.ts";
import { queryKeys } from "../../lib/queries.ts";

export const commitmentKeys = { overview: ["commitments-overview"] as const };

export const useCommitmentsOverview = () =>
  useQuery({
    queryKey: commitmentKeys.overview,
    queryFn: () =>
      getJson<z.infer<typeof commitmentsOverviewResponseSchema>>(
        `${API_BASE_PATH}/commitments/overview`,
      ).then((r) => r.agents),
  });

export type CloseStatus = UpdateCommitmentBody["status"];

export const closeCommitment = (id: string, status: CloseStatus) =>
  patchJson<z.infer<typeof updateCommitmentResponseSchema>>(
    `${API_BASE_PATH}/commitments/${encodeURIComponent(id)}`,
    { status } satisfies UpdateCommitmentBody,
  );

type Agents = CommitmentsOverview["agents"];

/** The overview without one promise, its agent's counts recomputed. */
export function withoutCommitment(agents: Agents, id: string): Agents {
  return agents.map((a) => {
    if (!a.commitments.some((c) => c.id === id)) return a;
    const commitments = a.commitments.filter((c) => c.id !== id);
    return {
      ...a,
      commitments,
      overdue: commitments.filter((c) => c.state === "overdue").length,
      dueSoon: commitments.filter((c) => c.state === "due_soon").length,
    };
  });
}

/**
 * Marks a promise done or cancels it. It leaves the Follow-ups page and the console's list at once;
 * both are then read again (as when someone else closed it first: a 409 or 404 refetches too).
 */
export function useCloseCommitment() {
  const client = useQueryClient();
  const refetch = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: commitmentKeys.overview }),
      client.invalidateQueries({ queryKey: queryKeys.commitments }),
    ]);
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: CloseStatus }) => closeCommitment(id, status),
    onSuccess: (_r, { id }) => {
      client.setQueryData<Agents>(commitmentKeys.overview, (old) =>
        old === undefined ? old : withoutCommitment(old, id),
      );
      client.setQueryData<Commitment[]>(queryKeys.commitments, (old) => old?.filter((c) => c.id !== id));
      return refetch();
    },
    onError: () => refetch(),
  });
}
