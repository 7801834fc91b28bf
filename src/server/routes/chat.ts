import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import {
  chatSendBodySchema,
  chatTranscriptQuerySchema,
  customerTranscriptSchema,
  startChatBodySchema,
  startChatResponseSchema,
} from "../../protocol/index.ts";
import {
  findConversationByCustomerTokenHash,
  findMessagesAfter,
  findOrCreateConversation,
  findTeamById,
  generateToken,
  hashToken,
  upsertCustomer,
  type ConversationRecord,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import type { ServerContext } from "../context.ts";
import { closeConversationOnce } from "../commands/closeConversation.ts";
import { AppError, invalidState, notFound } from "../errors.ts";
import { presentCustomerTranscript } from "../presenters.ts";

/** Chat requests per minute per customer address. */
const CHAT_RATE_LIMIT_PER_MINUTE = 120;

/** The customer acts only through the ingest pipeline, as a principal scoped to one team. */
const customerPrincipal = (c: ConversationRecord): Principal => ({
  orgId: c.orgId,
  personId: "customer",
  name: "customer",
  role: "agent",
  teamIds: [c.teamId],
  via: "token",
  scopes: ["ingest"],
});

const tokenParams = z.strictObject({ token: z.string().min(20).max(200) });

/**
 * A chat's requests are counted per chat (its token), not per address: customers behind one
 * office or mobile-carrier address each poll about 40 times a minute, so three of them used up
 * the address's budget and a fourth customer's chat answered 429 ("Reconnecting…", sends failing).
 * Starting a chat stays counted per address, which bounds how many chats one address can open,
 * and all chats of one address together have a ceiling (`ADDRESS_CEILING_PER_MINUTE`), so
 * made-up tokens, each its own count, cannot be tried without end.
 */
const perChat = (request: FastifyRequest): string => {
  const token = (request.params as { token?: unknown } | undefined)?.token;
  return typeof token === "string" ? `chat:${hashToken(token)}` : `ip:${request.ip}`;
};

async function loadByToken(ctx: ServerContext, token: string): Promise<ConversationRecord> {
  const conversation = await findConversationByCustomerTokenHash(ctx.store, hashToken(token));
  if (conversation === null) throw notFound("conversation");
  return conversation;
}

/**
 * The built-in chat channel. The customer's token is their only credential, and every answer is
 * built by `presentCustomerTranscript`, which cannot carry analyses, whispers, notes or ids.
 */
/** Calls a minute to all chats of one address together: sixty customers polling behind it. */
export const ADDRESS_CEILING_PER_MINUTE = 2400;

/** Counts each address's chat calls in the current minute. */
function addressCeiling(now: () => number): (ip: string) => void {
  let minute = -1;
  let counts = new Map<string, number>();
  return (ip) => {
    const current = Math.floor(now() / 60_000);
    if (current !== minute) {
      minute = current;
      counts = new Map();
    }
    const n = (counts.get(ip) ?? 0) + 1;
    counts.set(ip, n);
    if (n > ADDRESS_CEILING_PER_MINUTE) {
      const retryAfterS = Math.max(1, Math.ceil(((current + 1) * 60_000 - now()) / 1000));
      throw new AppError("RATE_LIMITED", `Too many requests; retry in ${retryAfterS} s`, { retryAfterS });
    }
  };
}

export function registerChatRoutes(register: Register, ctx: ServerContext): void {
  const countAddress = addressCeiling(ctx.now);
  register({
    method: "POST",
    url: "/chat/conversations",
    summary: "Customer: start a conversation on a team's chat key; returns the customer's token (keep it)",
    tag: "chat",
    auth: "public",
    schemas: { body: startChatBodySchema },
    response: startChatResponseSchema,
    status: 201,
    rateLimitPerMinute: CHAT_RATE_LIMIT_PER_MINUTE,
    handler: async ({ body }) => {
      const [orgId, teamId] = body.chatKey.split(".");
      const team = orgId && teamId ? await findTeamById(ctx.store, orgId, teamId).catch(() => null) : null;
      if (team === null || orgId === undefined) throw new AppError("NOT_FOUND", "Unknown chat key");
      const token = generateToken();
      const externalId = `chat:${randomUUID()}`;
      const conversation = await ctx.store.transaction(async (tx) => {
        const customer = await upsertCustomer(tx, { orgId, name: body.name ?? null });
        const { conversation } = await findOrCreateConversation(tx, {
          orgId,
          teamId: team.id,
          channel: "chat",
          externalId,
          customerId: customer.id,
          topic: body.topic ?? null,
          customerTokenHash: hashToken(token),
          createdAt: ctx.now(),
        });
        return conversation;
      });
      if (body.text !== undefined) {
        await ctx.ingest.submit(customerPrincipal(conversation), [
          {
            senderMessageId: `${externalId}:first`,
            conversationId: externalId,
            teamId: team.id,
            channel: "chat",
            role: "customer",
            text: body.text,
            ...(body.name !== undefined ? { author: body.name } : {}),
          },
        ]);
      }
      return { token, conversationId: conversation.id };
    },
  });

  register({
    method: "GET",
    url: "/chat/:token/messages",
    summary: "Customer: the transcript they can see (their messages and the agents' replies only)",
    tag: "chat",
    auth: "public",
    schemas: { params: tokenParams, query: chatTranscriptQuerySchema },
    response: customerTranscriptSchema,
    rateLimitPerMinute: CHAT_RATE_LIMIT_PER_MINUTE,
    rateLimitKey: perChat,
    handler: async ({ params, query, request }) => {
      countAddress(request.ip);
      const c = await loadByToken(ctx, params.token);
      const messages = await findMessagesAfter(ctx.store, {
        orgId: c.orgId,
        conversationId: c.id,
        audience: "customer",
        limit: 5000,
      });
      return {
        status: c.status,
        messages: presentCustomerTranscript(messages).filter((m) => m.seq > query.after),
      };
    },
  });

  register({
    method: "POST",
    url: "/chat/:token/messages",
    summary: "Customer: send a message (idempotent by clientMessageId)",
    tag: "chat",
    auth: "public",
    schemas: { params: tokenParams, body: chatSendBodySchema },
    response: z.object({ ok: z.literal(true) }),
    status: 201,
    rateLimitPerMinute: CHAT_RATE_LIMIT_PER_MINUTE,
    rateLimitKey: perChat,
    handler: async ({ params, body, request }) => {
      countAddress(request.ip);
      const c = await loadByToken(ctx, params.token);
      if (c.status === "closed") throw invalidState("This conversation is closed");
      await ctx.ingest.submit(customerPrincipal(c), [
        {
          senderMessageId: `${c.externalId ?? c.id}:${body.clientMessageId}`,
          conversationId: c.externalId ?? c.id,
          teamId: c.teamId,
          channel: "chat",
          role: "customer",
          text: body.text,
          ...(c.customerName !== null ? { author: c.customerName } : {}),
        },
      ]);
      return { ok: true as const };
    },
  });

  register({
    method: "POST",
    url: "/chat/:token/end",
    summary:
      "Customer: end the chat (idempotent: `ended` is false when it had ended already); it then goes to the team's after-conversation review",
    tag: "chat",
    auth: "public",
    schemas: { params: tokenParams },
    response: z.object({ ended: z.boolean() }),
    rateLimitPerMinute: CHAT_RATE_LIMIT_PER_MINUTE,
    rateLimitKey: perChat,
    handler: async ({ params, request }) => {
      countAddress(request.ip);
      const c = await loadByToken(ctx, params.token);
      if (c.status === "closed") return { ended: false };
      return { ended: await closeConversationOnce(ctx, c, "customer") };
    },
  });
}
