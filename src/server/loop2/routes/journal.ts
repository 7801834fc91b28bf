import { z } from "zod";
import {
  journalBodySchema,
  journalEntryResponseSchema,
  listJournalQuerySchema,
  listJournalResponseSchema,
  loop2IdParamsSchema,
  updateJournalBodySchema,
} from "../../../protocol/index.ts";
import {
  createJournalEntry,
  deleteJournalEntry,
  listJournalEntries,
  StoreError,
  updateJournalEntry,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { loadReadableConversation } from "../../routes/conversations.ts";
import { presentJournalEntry } from "../presenters.ts";

/*
 * The self-reflection journal: every route acts on the caller's own entries only. There is no
 * route, role or query parameter that reads someone else's journal — not even an admin's.
 */
export function registerJournalRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/journal",
    summary:
      "My self-reflection journal, newest first, a page at a time (limit, default 100; a full page's nextAfter is the next page's after; private to me; nobody else can read it, admins included)",
    tag: "journal",
    auth: "person",
    schemas: { query: listJournalQuerySchema },
    response: listJournalResponseSchema,
    handler: async ({ principal, query }) => {
      const entries = await listJournalEntries(ctx.store, {
        orgId: principal.orgId,
        authorId: principal.personId,
        limit: query.limit,
        ...(query.after !== undefined ? { after: query.after } : {}),
      });
      const last = entries.length === query.limit ? entries[entries.length - 1] : undefined;
      return { entries: entries.map(presentJournalEntry), nextAfter: last?.id ?? null };
    },
  });

  register({
    method: "POST",
    url: "/journal",
    summary: "Write a journal entry, optionally about a conversation I can read",
    tag: "journal",
    auth: "person",
    schemas: { body: journalBodySchema },
    response: journalEntryResponseSchema,
    status: 201,
    handler: async ({ principal, body }) => {
      if (body.conversationId !== undefined)
        await loadReadableConversation(ctx, principal, body.conversationId);
      const entry = await runCommand(ctx, async (tx) => ({
        result: await createJournalEntry(tx, {
          orgId: principal.orgId,
          authorId: principal.personId,
          conversationId: body.conversationId ?? null,
          text: body.text,
        }),
        events: [],
      }));
      return { entry: presentJournalEntry(entry) };
    },
  });

  register({
    method: "PUT",
    url: "/journal/:id",
    summary: "Edit one of my journal entries",
    tag: "journal",
    auth: "person",
    schemas: { params: loop2IdParamsSchema, body: updateJournalBodySchema },
    response: journalEntryResponseSchema,
    handler: async ({ principal, params, body }) => {
      const entry = await runCommand(ctx, async (tx) => ({
        result: await updateJournalEntry(tx, {
          orgId: principal.orgId,
          authorId: principal.personId,
          id: params.id,
          text: body.text,
        }),
        events: [],
      })).catch((e: unknown) => {
        // The store's "journal entry <id> not found" reads as DELETE's and every other route's does.
        if (e instanceof StoreError && e.code === "NOT_FOUND") throw notFound("journal entry");
        throw e;
      });
      return { entry: presentJournalEntry(entry) };
    },
  });

  register({
    method: "DELETE",
    url: "/journal/:id",
    summary: "Delete one of my journal entries",
    tag: "journal",
    auth: "person",
    schemas: { params: loop2IdParamsSchema },
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ principal, params }) => {
      const deleted = await runCommand(ctx, async (tx) => ({
        result: await deleteJournalEntry(tx, {
          orgId: principal.orgId,
          authorId: principal.personId,
          id: params.id,
        }),
        events: [],
      }));
      if (!deleted) throw notFound("journal entry");
      return { ok: true as const };
    },
  });
}
