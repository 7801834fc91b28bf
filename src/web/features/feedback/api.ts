import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type feedbackReplyResponseSchema,
  type feedbackResponseSchema,
  type listFeedbackResponseSchema,
  type previewFeedbackResponseSchema,
  type SendFeedbackBody,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

/** How long the writer pauses before the draft is checked. */
export const FEEDBACK_CHECK_PAUSE_MS = 350;

export const feedbackKeys = { all: ["feedback"] as const, preview: ["feedback-preview"] as const };

export const feedbackApi = {
  preview: (text: string) =>
    postJson<z.infer<typeof previewFeedbackResponseSchema>>(`${API_BASE_PATH}/feedback/preview`, { text }),
  send: (body: SendFeedbackBody) =>
    postJson<z.infer<typeof feedbackResponseSchema>>(`${API_BASE_PATH}/feedback`, body),
  list: (box: "received" | "sent") =>
    getJson<z.infer<typeof listFeedbackResponseSchema>>(`${API_BASE_PATH}/feedback?box=${box}`),
  open: (id: string) =>
    getJson<z.infer<typeof feedbackResponseSchema>>(`${API_BASE_PATH}/feedback/${encodeURIComponent(id)}`),
  reply: (id: string, text: string) =>
    postJson<z.infer<typeof feedbackReplyResponseSchema>>(
      `${API_BASE_PATH}/feedback/${encodeURIComponent(id)}/replies`,
      { text },
    ),
};

export const useFeedback = (box: "received" | "sent") =>
  useQuery({
    queryKey: [...feedbackKeys.all, box],
    queryFn: () => feedbackApi.list(box).then((r) => r.feedback),
  });

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** The checker's verdict on the draft, refreshed each time the writer pauses. */
export function useFeedbackCheck(text: string) {
  const settled = useDebounced(text.trim(), FEEDBACK_CHECK_PAUSE_MS);
  return useQuery({
    queryKey: [...feedbackKeys.preview, settled],
    queryFn: () => feedbackApi.preview(settled).then((r) => r.check),
    enabled: settled.length > 0,
    placeholderData: (prev) => prev,
    staleTime: Infinity,
  });
}
