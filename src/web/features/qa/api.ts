import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type calibrationResponseSchema,
  type listScorecardsResponseSchema,
  type ReviewScorecardBody,
  type scorecardResponseSchema,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

export const qaKeys = { all: ["scorecards"] as const };

export const qaApi = {
  list: () => getJson<z.infer<typeof listScorecardsResponseSchema>>(`${API_BASE_PATH}/scorecards`),
  one: (conversationId: string) =>
    getJson<z.infer<typeof scorecardResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/scorecard`,
    ),
  review: (conversationId: string, body: ReviewScorecardBody) =>
    postJson<z.infer<typeof scorecardResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/scorecard/review`,
      body,
    ),
  calibration: () =>
    getJson<z.infer<typeof calibrationResponseSchema>>(`${API_BASE_PATH}/scorecards/calibration`),
};

export const useScorecards = () =>
  useQuery({ queryKey: qaKeys.all, queryFn: () => qaApi.list().then((r) => r.scorecards) });
export const useScorecard = (conversationId: string | undefined) =>
  useQuery({
    queryKey: [...qaKeys.all, "one", conversationId ?? ""],
    queryFn: () => qaApi.one(conversationId ?? "").then((r) => r.scorecard),
    enabled: conversationId !== undefined,
  });
export const useCalibration = (enabled: boolean) =>
  useQuery({ queryKey: [...qaKeys.all, "calibration"], queryFn: () => qaApi.calibration(), enabled });
