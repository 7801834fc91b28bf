import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { API_BASE_PATH, type commitmentsOverviewResponseSchema } from "../../../protocol/index.ts";
import { getJson } from "../../lib/http.ts";

export const commitmentKeys = { overview: ["commitments-overview"] as const };

export const useCommitmentsOverview = () =>
  useQuery({
    queryKey: commitmentKeys.overview,
    queryFn: () =>
      getJson<z.infer<typeof commitmentsOverviewResponseSchema>>(
        `${API_BASE_PATH}/commitments/overview`,
      ).then((r) => r.agents),
  });
