import { checkFeedback } from "../../../engine/feedback/index.ts";
import {
  feedbackReplyResponseSchema,
  feedbackResponseSchema,
  listFeedbackQuerySchema,
  listFeedbackResponseSchema,
  loop2IdParamsSchema,
  previewFeedbackBodySchema,
  previewFeedbackResponseSchema,
  replyFeedbackBodySchema,
  sendFeedbackBodySchema,
} from "../../../protocol/index.ts";
import {
  appendFeedbackReply,
  createFeedback,
  findFeedbackForParticipant,
  findPersonById,
  listFeedbackForParticipant,
  listFeedbackReplies,
  markFeedbackRead,
  type JsonValue,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { notFound, validationFailed } from "../../errors.ts";
import { isAdmin } from "../../policies.ts";
import { loadReadableConversation, nameMap } from "../../routes/conversations.ts";
import { presentFeedback } from "../presenters.ts";

/** The composer checks as the writer types (after each pause), so this route allows many calls. */
export const FEEDBACK_PREVIEW_RATE_LIMIT_PER_MINUTE = 600;

export function registerFeedbackRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "POST",
    url: "/feedback/preview",
    summary: "Check a feedback draft: judgements and vague praise or criticism flagged, a rewrite offered",
    tag: "feedback",
    auth: "person",
    schemas: { body: previewFeedbackBodySchema },
    response: previewFeedbackResponseSchema,
    rateLimitPerMinute: FEEDBACK_PREVIEW_RATE_LIMIT_PER_MINUTE,
    handler: async ({ body }) => ({ check: checkFeedback(body.text) }),
  });

  register({
    method: "POST",
    url: "/feedback",
    summary: "Send feedback privately to a teammate (checked on the way; the flags come back)",
    tag: "feedback",
    auth: "person",
    schemas: { body: sendFeedbackBodySchema },
    response: feedbackResponseSchema,
    status: 201,
    handler: async ({ principal, body }) => {
      if (body.receiverId === principal.personId)
        throw validationFailed([
          { path: ["body", "receiverId"], message: "Feedback goes to someone else", code: "custom" },
        ]);
      const receiver = await findPersonById(ctx.store, principal.orgId, body.receiverId);
      // Feedback is between teammates: someone outside the writer's teams looks like nobody.
      if (
        receiver === null ||
        (!isAdmin(principal) && !receiver.teamIds.some((t) => principal.teamIds.includes(t)))
      )
        throw notFound("person");
      if (body.conversationId !== undefined)
        await loadReadableConversation(ctx, principal, body.conversationId);
      const check = checkFeedback(body.text);
      const feedback = await runCommand(ctx, async (tx) => {
        const created = await createFeedback(tx, {
          orgId: principal.orgId,
          authorId: principal.personId,
          receiverId: receiver.id,
          conversationId: body.conversationId ?? null,
          text: body.text,
          check: check as unknown as JsonValue,
        });
        return {
          result: created,
          events: [
            {
              orgId: principal.orgId,
              personId: receiver.id,
              type: "feedback.sent",
              payload: { personId: principal.personId },
            },
          ],
        };
      });
      return { feedback: presentFeedback(feedback, [], await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "GET",
    url: "/feedback",
    summary:
      "Feedback I received (or sent, box=sent), with replies, newest first, a page at a time (limit, default 100; a full page's nextAfter is the next page's after); nobody else can read it",
    tag: "feedback",
    auth: "person",
    schemas: { query: listFeedbackQuerySchema },
    response: listFeedbackResponseSchema,
    handler: async ({ principal, query }) => {
      const list = await listFeedbackForParticipant(ctx.store, {
        orgId: principal.orgId,
        personId: principal.personId,
        box: query.box,
        limit: query.limit,
        ...(query.after !== undefined ? { after: query.after } : {}),
      });
      const replies = await listFeedbackReplies(ctx.store, {
        orgId: principal.orgId,
        feedbackIds: list.map((f) => f.id),
      });
      const names = await nameMap(ctx, principal.orgId);
      const last = list.length === query.limit ? list[list.length - 1] : undefined;
      return { feedback: list.map((f) => presentFeedback(f, replies, names)), nextAfter: last?.id ?? null };
    },
  });

  register({
    method: "GET",
    url: "/feedback/:id",
    summary: "One piece of feedback (its writer and receiver only); opening it marks it read",
    tag: "feedback",
    auth: "person",
    schemas: { params: loop2IdParamsSchema },
    response: feedbackResponseSchema,
    handler: async ({ principal, params }) => {
      const query = { orgId: principal.orgId, id: params.id, personId: principal.personId };
      let feedback = await findFeedbackForParticipant(ctx.store, query);
      if (feedback === null) throw notFound("feedback");
      if (feedback.receiverId === principal.personId && feedback.readAt === null) {
        await markFeedbackRead(ctx.store, {
          orgId: principal.orgId,
          id: feedback.id,
          receiverId: principal.personId,
          at: ctx.now(),
        });
        feedback = (await findFeedbackForParticipant(ctx.store, query)) ?? feedback;
      }
      const replies = await listFeedbackReplies(ctx.store, {
        orgId: principal.orgId,
        feedbackIds: [feedback.id],
      });
      return { feedback: presentFeedback(feedback, replies, await nameMap(ctx, principal.orgId)) };
    },
  });

  register({
    method: "POST",
    url: "/feedback/:id/replies",
    summary: "Reply to feedback (its writer or receiver)",
    tag: "feedback",
    auth: "person",
    schemas: { params: loop2IdParamsSchema, body: replyFeedbackBodySchema },
    response: feedbackReplyResponseSchema,
    status: 201,
    handler: async ({ principal, params, body }) => {
      const feedback = await findFeedbackForParticipant(ctx.store, {
        orgId: principal.orgId,
        id: params.id,
        personId: principal.personId,
      });
      if (feedback === null) throw notFound("feedback");
      const other = feedback.authorId === principal.personId ? feedback.receiverId : feedback.authorId;
      const reply = await runCommand(ctx, async (tx) => ({
        result: await appendFeedbackReply(tx, {
          orgId: principal.orgId,
          feedbackId: feedback.id,
          authorId: principal.personId,
          text: body.text,
        }),
        events: [
          {
            orgId: principal.orgId,
            personId: other,
            type: "feedback.replied",
            payload: { personId: principal.personId },
          },
        ],
      }));
      const names = await nameMap(ctx, principal.orgId);
      const [presented] = presentFeedback(feedback, [reply], names).replies;
      if (presented === undefined) throw new Error("the reply was not stored");
      return { reply: presented };
    },
  });
}
