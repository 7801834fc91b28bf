import type { CustomerTranscript } from "../../../protocol/chat.ts";
import { getJsonWithToken, postJsonWithToken } from "./chatHttp.ts";

/*
 * The customer channel's routes: the only calls the widget makes. The token from `start` is the
 * customer's one credential; nothing here can reach staff data.
 */
// Spelled out rather than imported from protocol/http.ts so the customer bundle carries none of
// the staff API's schemas (test/e2e/widget-isolation.test.ts checks the import graph).
const chat = (path: string) => `/api/v1/chat${path}`;

export const chatApi = {
  start: (body: { chatKey: string; name?: string; text?: string; topic?: string }) =>
    postJsonWithToken<{ token: string; conversationId: string }>(chat("/conversations"), null, body),
  transcript: (token: string, after: number) =>
    getJsonWithToken<CustomerTranscript>(chat(`/messages?after=${after}`), token),
  send: (token: string, text: string, clientMessageId: string) =>
    postJsonWithToken<unknown>(chat("/messages"), token, { text, clientMessageId }),
};
