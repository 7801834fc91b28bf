import {
  importBodySchema,
  ingestCloseBodySchema,
  ingestCloseResponseSchema,
  importResponseSchema,
  ingestBatchSchema,
  ingestBodySchema,
  ingestMessageSchema,
  ingestResponseSchema,
  type ImportAlreadyStored,
  type IngestResult,
} from "../../protocol/index.ts";
import { findConversationByExternalId, findMessagesByIds, hashToken } from "../../store/index.ts";
import type { Register } from "../app.ts";
import { closeConversationOnce } from "../commands/closeConversation.ts";
import { notFound } from "../errors.ts";
import { canReadTeam } from "../policies.ts";
import type { ServerContext } from "../context.ts";
import { validateRequest } from "../validate.ts";
import type { PeopleDirectory } from "../ingest/peopleDirectory.ts";
import type { IngestMessageInput } from "../ingest/pipeline.ts";
import { unknownAgentsOf } from "../ingest/unknownAgents.ts";
import { z } from "zod";

/** Messages per ingest group when importing (the pipeline's batch limit still applies). */
const IMPORT_CHUNK = 500;

/** Whether a request's bearer token is one the live demo's replay was given. */
function isDemoReplay(ctx: ServerContext, authorization: string | undefined): boolean {
  if (ctx.demoReplayTokens.size === 0 || authorization?.startsWith("Bearer ") !== true) return false;
  return ctx.demoReplayTokens.has(hashToken(authorization.slice(7).trim()));
}

export function registerIngestRoutes(register: Register, ctx: ServerContext, people: PeopleDirectory): void {
  register({
    method: "POST",
    url: "/messages",
    summary:
      "Ingest one message or { messages: [...] } (≤ 500). Idempotent by senderMessageId; answered only after the messages are durably stored",
    tag: "ingest",
    auth: "ingest",
    // The body is one of two shapes; it is validated below against the one it claims to be, so
    // the error lists that shape's problems precisely.
    schemas: { body: z.unknown() },
    documentedBody: ingestBodySchema,
    response: ingestResponseSchema,
    rateLimitPerMinute: ctx.config.ingestRateLimitPerMinute,
    handler: async ({ principal, body, request }) => {
      const isBatch = typeof body === "object" && body !== null && "messages" in body;
      const validated: IngestMessageInput[] = isBatch
        ? validateRequest({ body }, { body: ingestBatchSchema }).body.messages
        : [validateRequest({ body }, { body: ingestMessageSchema }).body];
      // The live demo's replay posts with a token it was given at start-up: its conversations are
      // the demo's (their simulated customers read replies here), whatever their ids.
      const messages = isDemoReplay(ctx, request.headers.authorization)
        ? validated.map((m) => ({ ...m, origin: "demo" as const }))
        : validated;
      await people.ensure(principal.orgId);
      const results = await ctx.ingest.submit(principal, messages);
      const unknownAgents = unknownAgentsOf(people, principal.orgId, messages);
      return { results, ...(unknownAgents.length > 0 ? { unknownAgents } : {}) };
    },
  });

  register({
    method: "POST",
    url: "/conversations/close",
    summary:
      "The sender says a conversation has ended (by its id in the sender's system): it leaves the floor and loop 2 debriefs it. Idempotent; a customer's next message reopens it",
    tag: "ingest",
    auth: "ingest",
    schemas: { body: ingestCloseBodySchema },
    response: ingestCloseResponseSchema,
    rateLimitPerMinute: ctx.config.ingestRateLimitPerMinute,
    handler: async ({ principal, body }) => {
      const conversation = await findConversationByExternalId(
        ctx.store,
        principal.orgId,
        body.conversationId,
      );
      // Another team's conversation is as unknown as a missing one: the token learns nothing.
      if (conversation === null || !canReadTeam(principal, conversation.teamId))
        throw notFound("conversation");
      const closed = await closeConversationOnce(
        ctx,
        conversation,
        "sender",
        body.at !== undefined ? Date.parse(body.at) : undefined,
      );
      return { conversationId: conversation.id, closed };
    },
  });

  register({
    method: "POST",
    url: "/import",
    summary:
      "Bulk import transcripts in the `tagteam analyze` input format into a team (analysed as if streamed)",
    tag: "ingest",
    auth: "ingest",
    schemas: { body: importBodySchema },
    response: importResponseSchema,
    rateLimitPerMinute: ctx.config.ingestRateLimitPerMinute,
    handler: async ({ principal, body }) => {
      await people.ensure(principal.orgId);
      const messages: IngestMessageInput[] = body.conversations.flatMap((c) =>
        c.messages.map((m, index) => ({
          senderMessageId: `import:${c.id}:${index}`,
          conversationId: c.id,
          teamId: c.teamId ?? body.teamId,
          channel: c.channel,
          role: m.role,
          text: m.text,
          at: m.at,
          author: m.author,
          topic: c.topic,
          origin: "import" as const,
        })),
      );
      const results: IngestResult[] = [];
      for (let i = 0; i < messages.length; i += IMPORT_CHUNK) {
        results.push(...(await ctx.ingest.submit(principal, messages.slice(i, i + IMPORT_CHUNK))));
      }
      return {
        conversations: body.conversations.length,
        messages: results.length,
        created: results.filter((r) => r.created).length,
        alerts: results.filter((r) => r.alertId !== null).length,
        alreadyStored: await alreadyStored(ctx, principal.orgId, messages, results),
      };
    },
  });
}

/**
 * The import's lines that were stored already (their sender id `import:<conversation>:<index>`
 * taken by an earlier import), per conversation, and which of them differ from what is stored:
 * a different file that reuses a conversation id must not lose its lines without a word.
 */
async function alreadyStored(
  ctx: ServerContext,
  orgId: string,
  sent: readonly IngestMessageInput[],
  results: readonly IngestResult[],
): Promise<ImportAlreadyStored[]> {
  const bySenderId = new Map(sent.map((m) => [m.senderMessageId, m]));
  // Answers come in the order sent; by sender id should that ever change.
  const old = results.flatMap((r, i) =>
    r.created
      ? []
      : [
          {
            r,
            m: sent[i]?.senderMessageId === r.senderMessageId ? sent[i] : bySenderId.get(r.senderMessageId),
          },
        ],
  );
  if (old.length === 0) return [];
  const stored = await findMessagesByIds(
    ctx.store,
    orgId,
    old.map(({ r }) => r.messageId),
  );
  const byConversation = new Map<string, ImportAlreadyStored>();
  for (const { r, m } of old) {
    if (m === undefined) continue;
    const entry = byConversation.get(m.conversationId) ?? {
      conversationId: m.conversationId,
      lines: 0,
      differing: [],
    };
    byConversation.set(m.conversationId, entry);
    entry.lines++;
    const was = stored.get(r.messageId);
    if (was === undefined || was.text !== m.text || was.role !== m.role)
      entry.differing.push(Number(r.senderMessageId.slice(r.senderMessageId.lastIndexOf(":") + 1)));
  }
  return [...byConversation.values()];
}
