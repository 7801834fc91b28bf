import type { CustomerTranscript } from "../../../protocol/chat.ts";
import type { ChatSurvey } from "../../../protocol/numbers.ts";
import { getJson, postJson } from "./chatHttp.ts";

/*
 * The customer channel's routes: the only calls the widget makes. The token from `start` is the
 * customer's one credential; nothing here can reach staff data.
 */
// Spelled out rather than imported from protocol/http.ts so the customer bundle carries none of
// the staff API's schemas (test/e2e/widget-isolation.test.ts checks the import graph).
const chat = (path: string) => `/api/v1/chat${path}`;

export const chatApi = {
  start: (body: { chatKey: string; name?: string; text?: string; topic?: string }) =>
    postJson<{ token: string; conversationId: string }>(chat("/conversations"), body),
  transcript: (token: string, after: number) =>
    getJson<CustomerTranscript>(chat(`/${encodeURIComponent(token)}/messages?after=${after}`)),
  send: (token: string, text: string, clientMessageId: string) =>
    postJson<unknown>(chat(`/${encodeURIComponent(token)}/messages`), { text, clientMessageId }),
  end: (token: string) => postJson<{ ended: boolean }>(chat(`/${encodeURIComponent(token)}/end`), {}),
  survey: (token: string) => getJson<ChatSurvey>(chat(`/${encodeURIComponent(token)}/survey`)),
  /** The tags the customer tapped; none: they skipped the survey. */
  answerSurvey: (token: string, tags: readonly string[]) =>
    postJson<{ recorded: boolean }>(chat(`/${encodeURIComponent(token)}/survey`), { tags }),
};
