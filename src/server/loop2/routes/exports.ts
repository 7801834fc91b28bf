import { Readable } from "node:stream";
import { z } from "zod";
import {
  exportJsonResponseSchema,
  exportParamsSchema,
  exportQuerySchema,
  QA_ITEM_NAMES,
} from "../../../protocol/index.ts";
import {
  appendAuditEntries,
  listConversations,
  listDebriefs,
  listMessagesForExport,
  listPeople,
  listScorecards,
  listTeams,
  findConversationsByIds,
  type ConversationRecord,
  type ListConversationsQuery,
  type ListedConversationRecord,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import type { ServerContext } from "../../context.ts";
import { forbidden, validationFailed } from "../../errors.ts";
import { isAdmin } from "../../policies.ts";
import { csvHeader, csvRows, UTF8_BOM } from "../csv.ts";
import { ledTeams } from "../policies.ts";
import { overallOf, presentScorecard } from "../presenters.ts";
import { nameVariants, textRedactor } from "../redaction.ts";
import { auditEntry } from "../shared.ts";

/** The replacement for a customer's name column in a redacted export (the text carries `[PERSON]` too). */
const REDACTED_NAME = "[PERSON]";

const CONVERSATION_COLUMNS = [
  "conversationId",
  "externalId",
  "channel",
  "status",
  "topic",
  "agent",
  "customer",
  "position",
  "role",
  "author",
  "text",
  "sentAt",
  // Which team's: an admin's export holds every team's. (New columns go last: a spreadsheet that
  // reads columns by position keeps working.)
  "team",
  // Whom it is assigned to now (the last assignee). "agent" is whose it is, as My numbers and the
  // huddle count it: the agent its scorecard scores, else the assignee; the two differ for a
  // conversation taken over or transferred.
  "assignedTo",
];
const SCORECARD_COLUMNS = [
  "conversationId",
  "agent",
  // "agent", or "helper": a teammate's card for the part they handled.
  "role",
  "handedOverTo",
  "autoOverall",
  "overall",
  "reviewed",
  ...QA_ITEM_NAMES,
  "reviewNote",
  // The team; when the conversation closed (the close the card scores); who reviewed it and when.
  "team",
  "closedAt",
  "reviewedBy",
  "reviewedAt",
];
const DEBRIEF_COLUMNS = [
  "id",
  "conversationId",
  "person",
  "role",
  "status",
  "wentWell",
  "tricky",
  "tryNext",
  // The team, when the conversation closed, when tagteam drafted the card and when it was last
  // saved (the same while a draft).
  "team",
  "closedAt",
  "createdAt",
  "updatedAt",
];
const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/**
 * How many rows an export makes between two turns of the event loop. Redacting a message takes
 * about half a millisecond, so 5,000 conversations' messages made in one go held every other
 * request (messages coming in, the floor) for tens of seconds; 100 rows hold them ~50 ms at most.
 */
export const EXPORT_ROWS_PER_TURN = 100;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A JSON export's text in parts, like the CSV's: the envelope's opening, then a turn's worth of
 * rows at a time, then its close. The whole document was built in memory before the first byte
 * went out (for 5,000 conversations, hundreds of megabytes held at once and a download that showed
 * nothing until the end); now only one part is. The text is the same as `JSON.stringify` of
 * `{ kind, redacted, generatedAt, rows }` (exportJsonResponseSchema).
 */
async function* jsonParts(
  head: { kind: string; redacted: boolean; generatedAt: string },
  rows: readonly (() => Record<string, unknown>)[],
): AsyncGenerator<string> {
  yield `${JSON.stringify(head).slice(0, -1)},"rows":[`;
  for (let i = 0; i < rows.length; i += EXPORT_ROWS_PER_TURN) {
    await nextTurn();
    const part = rows.slice(i, i + EXPORT_ROWS_PER_TURN).map((row) => JSON.stringify(row()));
    yield (i > 0 ? "," : "") + part.join(",");
  }
  yield "]}";
}

/** A CSV export's text in parts: the BOM and header, then a turn's worth of rows at a time. */
async function* csvParts(
  columns: readonly string[],
  rows: readonly (() => Record<string, unknown>)[],
): AsyncGenerator<string> {
  yield UTF8_BOM + csvHeader(columns);
  for (let i = 0; i < rows.length; i += EXPORT_ROWS_PER_TURN) {
    await nextTurn();
    const part = rows.slice(i, i + EXPORT_ROWS_PER_TURN).map((row) => {
      const flat: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row())) flat[k] = Array.isArray(v) ? v.join(" | ") : v;
      return flat;
    });
    yield csvRows(columns, part);
  }
}

/** The store's longest page of conversations; an export reads as many pages as its limit needs. */
const CONVERSATIONS_PAGE = 1000;

/**
 * Up to `limit` conversations, the most recently started first, a page at a time; each with its
 * agent (conversationAgentSql), read in the same query as the page.
 */
async function listStartedConversations(
  ctx: ServerContext,
  query: Omit<ListConversationsQuery, "order" | "afterId" | "limit"> & { limit: number },
): Promise<ListedConversationRecord[]> {
  const all: ListedConversationRecord[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await listConversations(ctx.store, {
      ...query,
      order: "started",
      limit: Math.min(CONVERSATIONS_PAGE, query.limit - all.length),
      ...(last !== undefined ? { afterId: last.id } : {}),
    });
    all.push(...page);
    if (page.length < CONVERSATIONS_PAGE || all.length >= query.limit) return all;
  }
}

export function registerExportRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/exports/:kind",
    summary:
      "Export conversations, scorecards or debriefs as JSON or CSV; redacted by default, unredacted for admins only (audited)",
    tag: "exports",
    auth: "person",
    schemas: { params: exportParamsSchema, query: exportQuerySchema },
    response: z.union([exportJsonResponseSchema, z.instanceof(Readable)]),
    handler: async ({ principal, params, query, reply, request }) => {
      const redacted = query.redact === "true";
      if (!redacted && !isAdmin(principal)) throw forbidden("Only an admin may export unredacted data");
      if (principal.role === "agent")
        throw forbidden("Exports are for leads and admins: ask a lead of your team for one");
      const teamIds = ledTeams(principal, query.teamId);
      const scope = { orgId: principal.orgId, ...(teamIds !== undefined ? { teamIds } : {}) };
      const [people, teams] = await Promise.all([
        listPeople(ctx.store, { orgId: principal.orgId }),
        listTeams(ctx.store, principal.orgId),
      ]);
      const names = new Map(people.map((p) => [p.id, p.displayName]));
      const teamName = (id: string | undefined) =>
        id === undefined ? null : (teams.find((t) => t.id === id)?.name ?? null);
      const staffNames = people.flatMap((p) => nameVariants(p.displayName));
      if (params.kind !== "conversations" && (query.since !== undefined || query.until !== undefined)) {
        throw validationFailed(
          (["since", "until"] as const)
            .filter((k) => query[k] !== undefined)
            .map((k) => ({
              path: ["query", k],
              message: "A period applies to the conversations export only",
              code: "custom",
            })),
        );
      }
      // Scorecards and debrief cards name their conversations; the rows' redaction needs each
      // one's customer, whichever conversations those are.
      const byId = new Map<string, ConversationRecord>();
      const remember = (list: readonly ConversationRecord[]) => {
        for (const c of list) byId.set(c.id, c);
      };
      const knownFor = (c: ConversationRecord | undefined) => [
        ...nameVariants(c?.customerName),
        ...staffNames,
      ];
      // Looks for the team's names once per line before the engine looks for each (textRedactor).
      const redact = textRedactor();
      const clean = (text: string, c: ConversationRecord | undefined) =>
        redacted ? redact(text, knownFor(c)) : text;

      let columns: string[];
      // Each row is made (and redacted) only when it is sent, a turn's worth at a time.
      let rows: (() => Record<string, unknown>)[];
      if (params.kind === "conversations") {
        columns = CONVERSATION_COLUMNS;
        const conversations = await listStartedConversations(ctx, {
          ...scope,
          limit: query.limit,
          ...(query.since !== undefined ? { startedSince: query.since } : {}),
          ...(query.until !== undefined ? { startedUntil: query.until } : {}),
        });
        remember(conversations);
        const messages = await listMessagesForExport(ctx.store, {
          orgId: principal.orgId,
          conversationIds: conversations.map((c) => c.id),
        });
        // Whose each conversation is came with the list (agentPersonId), not in a read of its own.
        const agents = new Map(conversations.map((c) => [c.id, c.agentPersonId]));
        const nameOf = (id: string | null | undefined) =>
          id === null || id === undefined ? null : (names.get(id) ?? null);
        rows = messages.map((m) => () => {
          const c = byId.get(m.conversationId);
          return {
            conversationId: m.conversationId,
            team: teamName(c?.teamId),
            externalId: c?.externalId ?? null,
            channel: c?.channel ?? null,
            status: c?.status ?? null,
            topic: c?.topic ?? null,
            agent: nameOf(agents.get(m.conversationId)),
            customer: redacted ? (c?.customerName ? REDACTED_NAME : null) : (c?.customerName ?? null),
            position: m.position,
            role: m.role,
            author: m.role === "customer" && redacted ? REDACTED_NAME : m.authorName,
            text: clean(m.text, c),
            sentAt: new Date(m.sentAt).toISOString(),
            assignedTo: nameOf(c?.assignedPersonId),
          };
        });
      } else if (params.kind === "scorecards") {
        columns = SCORECARD_COLUMNS;
        const cards = await listScorecards(ctx.store, { ...scope, limit: query.limit });
        remember(
          await findConversationsByIds(
            ctx.store,
            principal.orgId,
            cards.map((c) => c.conversationId),
          ),
        );
        rows = cards.map((s) => () => {
          const card = presentScorecard(s, {
            agentName: s.agentId !== null ? (names.get(s.agentId) ?? null) : null,
            quoteOf: () => "",
            // The export has the scores, not the evidence.
            positionOf: () => undefined,
            nameOf: (id) => names.get(id) ?? null,
          });
          const row: Record<string, unknown> = {
            conversationId: s.conversationId,
            team: teamName(s.teamId),
            closedAt: iso(byId.get(s.conversationId)?.closedAt),
            agent: card.agentName,
            role: s.role,
            // The scores are the agent's part only; who handled the rest, when someone did.
            handedOverTo:
              card.scope?.handover === undefined || card.scope.handover === null
                ? null
                : (card.scope.handover.personName ?? "a teammate"),
            autoOverall: card.autoOverall,
            overall: card.overall ?? overallOf(card.items),
            reviewed: card.reviewed,
            reviewNote: s.reviewNote === null ? null : clean(s.reviewNote, byId.get(s.conversationId)),
            reviewedBy: s.reviewedBy === null ? null : (names.get(s.reviewedBy) ?? null),
            reviewedAt: iso(s.reviewedAt),
          };
          for (const item of card.items) row[item.item] = item.applicable ? item.score : null;
          return row;
        });
      } else {
        columns = DEBRIEF_COLUMNS;
        const cards = isAdmin(principal)
          ? await listDebriefs(ctx.store, { orgId: principal.orgId, limit: query.limit })
          : await listDebriefs(ctx.store, {
              orgId: principal.orgId,
              teamIds: teamIds ?? [],
              limit: query.limit,
            });
        remember(
          await findConversationsByIds(
            ctx.store,
            principal.orgId,
            cards.map((d) => d.conversationId),
          ),
        );
        rows = cards
          .filter((d) => teamIds === undefined || teamIds.includes(d.teamId))
          .map((d) => () => {
            const c = byId.get(d.conversationId);
            return {
              id: d.id,
              conversationId: d.conversationId,
              team: teamName(d.teamId),
              closedAt: iso(c?.closedAt),
              person: names.get(d.personId) ?? null,
              role: d.role,
              status: d.status,
              wentWell: d.wentWell.map((l) => clean(l, c)),
              tricky: d.tricky.map((l) => clean(l, c)),
              tryNext: clean(d.tryNext, c),
              createdAt: iso(d.createdAt),
              updatedAt: iso(d.updatedAt),
            };
          });
      }
      // Every export is audited; an unredacted one is what the audit log is for.
      await appendAuditEntries(ctx.store, [
        auditEntry(
          principal,
          redacted ? "export.downloaded" : "export.unredacted_downloaded",
          "export",
          params.kind,
          request.id,
          {
            kind: params.kind,
            format: query.format,
            redacted,
            rows: rows.length,
            teamId: query.teamId ?? null,
            // What was asked for, so the log says which conversations went out.
            limit: query.limit,
            ...(query.since !== undefined ? { since: query.since } : {}),
            ...(query.until !== undefined ? { until: query.until } : {}),
          },
        ),
      ]);
      const stamp = new Date(ctx.now()).toISOString();
      if (query.format === "csv") {
        void reply.header("content-type", "text/csv; charset=utf-8");
        void reply.header(
          "content-disposition",
          `attachment; filename="tagteam-${params.kind}-${stamp.slice(0, 10)}${redacted ? "" : "-unredacted"}.csv"`,
        );
        // Streamed: the download starts at once (the browser shows its progress), and the
        // server answers others between two parts of it.
        return Readable.from(csvParts(columns, rows));
      }
      void reply.header("content-type", "application/json; charset=utf-8");
      return Readable.from(jsonParts({ kind: params.kind, redacted, generatedAt: stamp }, rows));
    },
  });
}
