import { idParamsSchema, llmStatusResponseSchema, whisperDraftResponseSchema } from "../../protocol/index.ts";
import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { forbidden } from "../errors.ts";
import { draftWhisper } from "../llm/assist.ts";
import { loadReadableConversation } from "./conversations.ts";
import { assertOpen } from "./stepIn.ts";

/** The optional language model's routes: whether it is on, and drafting a whisper on demand. */
export function registerLlmRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/llm",
    summary:
      "Whether the optional language model (TAGTEAM_LLM_URL) is configured: when it is, helpers may ask it to draft a whisper",
    tag: "step-in",
    auth: "person",
    schemas: {},
    response: llmStatusResponseSchema,
    handler: async () => ({ enabled: ctx.llm !== null }),
  });

  register({
    method: "POST",
    url: "/conversations/:id/whisper-draft",
    summary:
      "Drafts a whisper for the helper to edit and send (recent transcript, the open alert, cited facts; personal data redacted). Nothing is stored or sent; 503 when no language model is configured or it fails",
    tag: "step-in",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: whisperDraftResponseSchema,
    handler: async ({ principal, params }) => {
      // The same rules as stepping in with a whisper (routes/stepIn.ts).
      const c = await loadReadableConversation(ctx, principal, params.id);
      if (c.assignedPersonId === principal.personId)
        throw forbidden("You handle this conversation; raise a hand instead");
      assertOpen(c);
      return { draft: await draftWhisper(ctx.llm, ctx.store, c) };
    },
  });
}
