import type { ConversationState, EngineContext, EngineMessage, MessageAnalysis } from "../../engine/index.ts";
import { malfunctionReport } from "../../engine/index.ts";
import type { IngestResult, StepInReason } from "../../protocol/index.ts";
import {
  appendEvents,
  appendMessages,
  findAnalysedPositions,
  findHeldReadingsWorthRouting,
  findConversationsByExternalIds,
  findOrCreateConversations,
  nameUnnamedCustomers,
  findTeamById,
  listAnalysedMessagesAfter,
  findLineCounts,
  loadEngineCheckpoints,
  saveEngineCheckpoints,
  assignUnassignedConversations,
  type ConversationRecord,
  type AnalysedMessage,
  type ConversationReadingUpdate,
  type EngineCheckpoint,
  type EventRecord,
  type NewIngestConversation,
  type JsonValue,
  type MessageAnalysisInput,
  type PreparedAppend,
  type NewEvent,
  type NewMalfunctionReport,
  type NewMessage,
  type Transaction,
  StoreError,
  insertReplyDelivery,
  type ConversationOrigin,
  type ReplyDeliveryVia,
} from "../../store/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ServerContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { ENGINE_CONTEXT_REFRESH_AHEAD_MS, type LiveConversationState } from "../live/liveEngine.ts";
import {
  DECLINE_WORSENING_RISK,
  mayRaiseAlert,
  raiseAlertsForAnalyses,
  readRoutingContext,
  reviseCorrectedAlerts,
  type FactCorrection,
  type RaiseCandidate,
  type RoutingContext,
  type RoutingReading,
} from "../live/raiseAlerts.ts";
import { canReadTeam, isAdmin } from "../policies.ts";
import type { RoutedEvent } from "../realtime/hub.ts";
import type { PeopleDirectory } from "./peopleDirectory.ts";
import { stallTraceMs, traceClock, traceStall } from "../../store/stallTrace.ts";

/** One validated message, as the route hands it over. */
export interface IngestMessageInput {
  senderMessageId: string;
  conversationId: string;
  teamId: string;
  channel: "chat" | "email" | "voice" | "social";
  role: "customer" | "agent" | "system";
  text: string;
  at?: string | undefined;
  author?: string | undefined;
  /** The agent the sender has given the conversation to (e-mail or id), whoever wrote this line. */
  assignee?: string | undefined;
  topic?: string | undefined;
  /**
   * The customer's name when the sender knows it from elsewhere than a customer's message (a
   * helpdesk's conversation contact), so a conversation the agent began is named too.
   */
  customerName?: string | undefined;
  /**
   * Where a conversation this message starts came from ("api" when not said): set by the routes
   * (Chatwoot's webhook, the import), never by the sender. An existing conversation keeps its own.
   */
  origin?: ConversationOrigin | undefined;
  /**
   * A teammate's reply that a delivery loop posts to the customer's side (Chatwoot, the reply
   * webhook): set by the reply route only, never by a sender. Its delivery row and `reply.sent`
   * event are written in the transaction that stores it, so a reply is never stored without them.
   */
  replyVia?: ReplyDeliveryVia | undefined;
}

interface PendingRequest {
  principal: Principal;
  messages: IngestMessageInput[];
  receivedAtMs: number;
  resolve(results: IngestResult[]): void;
  reject(error: unknown): void;
}

/**
 * A message read by the engine when it arrived (see `IngestPipeline.readAhead`): the state and
 * context it was read from, what was read, and the result. A message that could not be read ahead
 * (conversation or state not in memory) keeps only its conversation id, and later messages of its
 * conversation are not read ahead either until it is written.
 */
interface ReadAhead {
  conversationId: string;
  base: ConversationState;
  context: EngineContext;
  message: EngineMessage;
  next: ConversationState;
  analysis: MessageAnalysis;
}

/**
 * Floor hints per conversation: at most one per FLOOR_HINT_MIN_INTERVAL_MS, and only when the
 * reading moved (the risk or the customer's frustration by FLOOR_HINT_MIN_RISK_CHANGE, or the
 * customer's state changed), or FLOOR_HINT_MAX_SILENCE_MS passed. Alerts are never throttled. A
 * hint for the risk alone left the floor showing the customer's state and frustration of an older
 * message ("neutral · 36%") while the conversation's page showed the newest ("frustrated · 30%").
 * A reading that moved but came sooner than the interval is held and sent once the interval has
 * passed (the newest held reading only), so a quick pair of messages followed by silence does not
 * leave the floor on the first one.
 */
export const FLOOR_HINT_MIN_INTERVAL_MS = 1_000;
/** How long a conversation read by ingest is reused (see `IngestPipeline.conversationCache`). */
export const CONVERSATION_CACHE_MS = 30_000;
export const FLOOR_HINT_MIN_RISK_CHANGE = 0.03;
export const FLOOR_HINT_MAX_SILENCE_MS = 10_000;
/** The figures a floor row shows from the engine's latest reading, carried by its hint. */
interface FloorReading {
  risk: number;
  customerEmotion: string | null;
  frustration: number;
}
/** A floor reading held back by the minimum interval, and when it may go out. */
interface HeldReading extends FloorReading {
  orgId: string;
  teamId: string;
  due: number;
}
/** How long floor and transcript hints are held so they leave in one frame per connection. */
export const FLOOR_HINT_FLUSH_MS = 200;

/**
 * Group commit: requests queue while a transaction is running; the next transaction takes all of
 * them (up to the batch limit), writes messages, analyses, engine states, alerts and events with
 * multi-row statements, commits, and only then answers each request. No timer: under light load a
 * group is one request and commits at once; under heavy load groups grow by themselves.
 */
export class IngestPipeline {
  private readonly queue: PendingRequest[] = [];
  private running = false;
  private readonly lastHint = new Map<string, { at: number } & FloorReading>();
  /**
   * Conversations recently written by this instance, so a busy floor is not looked up again for
   * every group. Commands that reassign or close a conversation call `forgetConversation`; other
   * instances' changes are picked up within CONVERSATION_CACHE_MS.
   */
  private readonly conversationCache = new Map<string, { record: ConversationRecord; until: number }>();
  private latestEventId = 0;
  /** Readings made on arrival, by message (released when the message's group is done). */
  private readonly readings = new WeakMap<IngestMessageInput, ReadAhead | { conversationId: string }>();
  /**
   * Per conversation with messages read ahead and not yet written: the state after the newest of
   * them (null once one could not be read ahead), and how many are waiting.
   */
  private readonly aheadStates = new Map<string, { state: ConversationState | null; waiting: number }>();
  private readonly pendingHints = new Map<string, RoutedEvent>();
  private hintTimer: NodeJS.Timeout | null = null;
  /**
   * Per conversation, the newest reading held back by FLOOR_HINT_MIN_INTERVAL_MS and when it may
   * go out. One timer serves them all (`trailingTimer`, due at `trailingDue`, the earliest).
   */
  private readonly trailingHints = new Map<string, HeldReading>();
  private trailingTimer: NodeJS.Timeout | null = null;
  private trailingDue = Number.POSITIVE_INFINITY;

  constructor(
    private readonly ctx: Pick<
      ServerContext,
      "store" | "bus" | "engine" | "metrics" | "now" | "log" | "config" | "incidents"
    >,
    private readonly people: PeopleDirectory,
  ) {}

  /** Resolves once every message of the request is durably stored (or was already). */
  submit(principal: Principal, messages: IngestMessageInput[]): Promise<IngestResult[]> {
    for (const m of messages) {
      if (!canReadTeam(principal, m.teamId))
        throw new AppError("FORBIDDEN", `You may not post into team ${m.teamId}`);
    }
    // An admin may post into any team, so whether it exists is checked here (others are limited
    // to their own teams above): a mistyped team id is a clear 404, not a failed insert.
    if (isAdmin(principal)) {
      const unknown = [...new Set(messages.map((m) => m.teamId))].filter(
        (teamId) => !this.knownTeams.has(key(principal.orgId, teamId)),
      );
      if (unknown.length > 0) {
        return this.checkTeamsExist(principal.orgId, unknown).then(() => this.enqueue(principal, messages));
      }
    }
    return this.enqueue(principal, messages);
  }

  /** Teams seen to exist, by organisation (teams are never deleted). */
  private readonly knownTeams = new Set<string>();

  private async checkTeamsExist(orgId: string, teamIds: readonly string[]): Promise<void> {
    for (const teamId of teamIds) {
      if ((await findTeamById(this.ctx.store, orgId, teamId)) === null) {
        throw new AppError(
          "NOT_FOUND",
          // An ingest token cannot read GET /teams (403), so the web app's list comes first.
          `Team ${teamId} not found: the team id is on Admin → Teams in tagteam (or GET /api/v1/teams, signed in or with an "api" token)`,
        );
      }
      this.knownTeams.add(key(orgId, teamId));
    }
  }

  private enqueue(principal: Principal, messages: IngestMessageInput[]): Promise<IngestResult[]> {
    const receivedAtMs = this.ctx.now();
    if (this.running) this.readAhead(principal.orgId, messages, receivedAtMs);
    return new Promise((resolve, reject) => {
      this.queue.push({ principal, messages, receivedAtMs, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /**
   * While a group is being written, the engine reads the messages that arrive for the next one:
   * this thread is otherwise waiting for the database, and the next group's transaction then
   * only has to check each reading, not make it. A reading is used only if the message is read
   * from the very state and context it was read from here (compared by identity), so a group
   * that failed, a retry, an eviction or a changed knowledge base make the transaction read the
   * message again itself. Only conversations this instance has in memory are read ahead.
   */
  private readAhead(orgId: string, messages: readonly IngestMessageInput[], receivedAtMs: number): void {
    const now = this.ctx.now();
    for (const m of messages) {
      const cached = this.conversationCache.get(key(orgId, m.conversationId));
      if (cached === undefined || cached.until <= now) continue;
      const conversationId = cached.record.id;
      const ahead = this.aheadStates.get(conversationId);
      const waiting = (ahead?.waiting ?? 0) + 1;
      const base =
        ahead !== undefined ? ahead.state : (this.ctx.engine.cachedState(conversationId)?.state ?? null);
      const context = this.ctx.engine.cachedContext(orgId, cached.record.teamId);
      if (base === null || context === undefined) {
        this.readings.set(m, { conversationId });
        this.aheadStates.set(conversationId, { state: null, waiting });
        continue;
      }
      const message = this.engineMessageOf(orgId, m, receivedAtMs);
      const { state: next, analysis } = this.ctx.engine.observe(base, message, context);
      this.readings.set(m, { conversationId, base, context, message, next, analysis });
      this.aheadStates.set(conversationId, { state: next, waiting });
    }
  }

  /** The group is done (written or failed): its messages no longer wait in `aheadStates`. */
  private releaseReadings(group: readonly PendingRequest[]): void {
    for (const request of group) {
      for (const m of request.messages) {
        const reading = this.readings.get(m);
        if (reading === undefined) continue;
        this.readings.delete(m);
        const ahead = this.aheadStates.get(reading.conversationId);
        if (ahead === undefined) continue;
        if (ahead.waiting <= 1) this.aheadStates.delete(reading.conversationId);
        else ahead.waiting--;
      }
    }
  }

  /** What the engine reads of a message: the same for a reading ahead and one in the transaction. */
  private engineMessageOf(orgId: string, m: IngestMessageInput, receivedAtMs: number): EngineMessage {
    const authorName = this.authorOf(orgId, m).authorName;
    return {
      role: m.role,
      text: m.text,
      at: m.at !== undefined ? Date.parse(m.at) : receivedAtMs,
      channel: m.channel,
      ...(authorName !== null ? { author: authorName } : {}),
    };
  }

  private authorOf(
    orgId: string,
    m: IngestMessageInput,
  ): { authorPersonId: string | null; authorName: string | null } {
    const person = m.role === "agent" && m.author !== undefined ? this.people.find(orgId, m.author) : null;
    return { authorPersonId: person?.id ?? null, authorName: person?.displayName ?? m.author ?? null };
  }

  /**
   * Whether a message is recent enough for a live alert. One said longer ago than
   * `TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS` (15 minutes, as long as an unanswered alert lives) is
   * analysed and stored like any other, but nobody is alerted: an imported transcript, or a
   * helpdesk's backlog sent after an outage, is history, and alerting a teammate now would send
   * them into a moment that has passed.
   */
  private worthAlerting(sentAt: number | undefined): boolean {
    const maxAge = this.ctx.config.alertMaxMessageAgeMs;
    return maxAge === 0 || sentAt === undefined || this.ctx.now() - sentAt < maxAge;
  }

  /** Drops a cached conversation after a command changed it (assignment, closing). */
  forgetConversation(conversationId: string): void {
    this.forgetConversations(new Set([conversationId]));
  }

  /** Drops many cached conversations in one pass over the cache (the idle sweep closes hundreds). */
  forgetConversations(conversationIds: ReadonlySet<string>): void {
    if (conversationIds.size === 0) return;
    for (const [k, entry] of this.conversationCache) {
      if (conversationIds.has(entry.record.id)) this.conversationCache.delete(k);
    }
  }

  /** Resolves when the queue is empty, no group is being committed and held hints are sent (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    this.sendTrailingHints(Number.POSITIVE_INFINITY);
    this.flushHints();
  }

  /**
   * Floor and transcript hints wait up to FLOOR_HINT_FLUSH_MS and leave together, one frame per
   * connection (see RealtimeHub.publish): on a busy floor, a teammate gets a few frames a second
   * instead of one per conversation per group. A newer hint for the same conversation replaces an
   * older one. Alerts and other stored events are not held.
   */
  private queueHints(hints: readonly RoutedEvent[]): void {
    for (const hint of hints) {
      this.pendingHints.set(`${hint.event.type}\u0000${hint.event.conversationId ?? ""}`, hint);
    }
    if (this.pendingHints.size > 0 && this.hintTimer === null) {
      this.hintTimer = setTimeout(() => this.flushHints(), FLOOR_HINT_FLUSH_MS);
      this.hintTimer.unref();
    }
  }

  private flushHints(): void {
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    this.hintTimer = null;
    if (this.pendingHints.size === 0) return;
    const hints = [...this.pendingHints.values()];
    this.pendingHints.clear();
    this.ctx.bus.publish([], hints);
  }

  /** Makes sure the trailing timer fires by `due` (one timer for every held reading). */
  private scheduleTrailingHints(due: number): void {
    if (this.trailingTimer !== null) {
      if (this.trailingDue <= due) return;
      clearTimeout(this.trailingTimer);
    }
    this.trailingDue = due;
    const wait = Math.max(0, due - this.ctx.now());
    this.trailingTimer = setTimeout(() => this.sendTrailingHints(this.trailingDue), wait);
    this.trailingTimer.unref();
  }

  /**
   * Sends the held readings due by `until` (or by now, if later) and waits for the rest. The timer's
   * own due time counts as reached, so a clock that stands still cannot keep a reading held.
   */
  private sendTrailingHints(until: number): void {
    if (this.trailingTimer !== null) clearTimeout(this.trailingTimer);
    this.trailingTimer = null;
    this.trailingDue = Number.POSITIVE_INFINITY;
    if (this.trailingHints.size === 0) return;
    const now = this.ctx.now();
    const reached = Math.max(until, now);
    const routed: RoutedEvent[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [conversationId, held] of this.trailingHints) {
      if (held.due > reached) {
        next = Math.min(next, held.due);
        continue;
      }
      this.trailingHints.delete(conversationId);
      const { orgId, teamId, risk, customerEmotion, frustration } = held;
      this.lastHint.set(conversationId, { at: now, risk, customerEmotion, frustration });
      routed.push(this.floorHint(orgId, teamId, conversationId, false, held, now));
    }
    if (next !== Number.POSITIVE_INFINITY) this.scheduleTrailingHints(next);
    this.queueHints(routed);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // A commit runs as one long chain of promises; yielding to the event loop here lets the
        // requests that arrived meanwhile be parsed and join this group instead of the next.
        await new Promise((resolve) => setImmediate(resolve));
        const group: PendingRequest[] = [];
        let count = 0;
        while (this.queue.length > 0) {
          const next = this.queue[0];
          if (next === undefined) break;
          if (group.length > 0 && count + next.messages.length > this.ctx.config.ingestMaxBatch) break;
          group.push(next);
          count += next.messages.length;
          this.queue.shift();
        }
        await this.commitGroupSafely(group);
      }
    } finally {
      this.running = false;
    }
  }

  /** A failing group is retried request by request so one bad request cannot fail its neighbours. */
  private async commitGroupSafely(group: PendingRequest[]): Promise<void> {
    try {
      await this.commitGroupAndRetry(group);
    } finally {
      this.releaseReadings(group);
    }
  }

  private async commitGroupAndRetry(group: PendingRequest[]): Promise<void> {
    try {
      const results = await this.commitGroupOptimistically(group);
      group.forEach((request, i) => request.resolve(results[i] ?? []));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const request of group) {
        try {
          const [results] = await this.commitGroupChecked([request], false);
          request.resolve(results ?? []);
        } catch (single) {
          request.reject(single);
        }
      }
    }
  }

  /**
   * Most messages are new: the group is written without first looking up their sender ids. If one
   * was stored already (a client's retry), that transaction rolls back and the group is written
   * again the careful way, which answers retries from what is stored.
   */
  private async commitGroupOptimistically(group: PendingRequest[]): Promise<IngestResult[][]> {
    try {
      return await this.commitGroupChecked(group, true);
    } catch (error) {
      if (error instanceof StoreError && error.code === "ALREADY_STORED") {
        this.ctx.metrics.ingestRetriedGroups.inc();
        return this.commitGroupChecked(group, false);
      }
      throw error;
    }
  }

  /**
   * The group written from engine states that had read every line before it. One that had not
   * (StaleEngineStates) is dropped, with its conversation's cached row, and the group written again
   * from the store's copy. Should writers keep racing on a conversation, the last attempt is kept
   * as it is: its readings are then a line or two short, and the next message restores the state.
   */
  private async commitGroupChecked(group: PendingRequest[], assumeNew: boolean): Promise<IngestResult[][]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.commitGroup(group, assumeNew, attempt < STALE_STATE_RETRIES);
      } catch (error) {
        if (!(error instanceof StaleEngineStates)) throw error;
        this.ctx.metrics.ingestStaleStates.inc(error.conversationIds.size);
        for (const id of error.conversationIds) this.ctx.engine.forgetState(id);
        this.forgetConversations(error.conversationIds);
      }
    }
  }

  private async commitGroup(
    group: PendingRequest[],
    assumeNew = false,
    checkStates = true,
  ): Promise<IngestResult[][]> {
    const started = performance.now();
    // Every path (REST, console replies, the built-in chat) passes here, so agent authors are
    // resolved for all of them; a loaded organisation costs nothing.
    for (const orgId of new Set(group.map((r) => r.principal.orgId))) await this.people.ensure(orgId);
    const newStates = new Map<string, LiveConversationState>();
    const latestById = new Map<string, ConversationRecord>();
    const hints: ({ orgId: string; conversation: ConversationRecord; started: boolean } & FloorReading)[] =
      [];
    const received = new Map<string, { orgId: string; index: number }>();
    // Customers' reports of a malfunction, handed to the incident detector after COMMIT.
    const malfunctions: NewMalfunctionReport[] = [];
    // Statements issued without waiting for their answer (seen after COMMIT, which fails if they did).
    const issued: Promise<unknown>[] = [];
    const issue = <T>(statement: Promise<T>): Promise<T> => {
      statement.catch(() => undefined); // seen by settleIssued, not reported as unhandled meanwhile
      issued.push(statement);
      return statement;
    };
    const written = this.ctx.store.transaction(async (tx) => {
      // 1. Conversations: find by the sender's ids, create the missing ones.
      const conversations = await this.resolveConversations(tx, group);
      // 2. Messages, in request order, one multi-row statement (idempotent by sender message id).
      const items = group.flatMap((request) =>
        request.messages.map((message) => ({
          request,
          message,
          conversation: conversations.get(key(request.principal.orgId, message.conversationId)),
        })),
      );
      const rows: NewMessage[] = items.map(({ request, message, conversation }) => {
        if (conversation === undefined) throw new Error("conversation resolution missed a message");
        const { authorPersonId, authorName } = this.authorOf(request.principal.orgId, message);
        return {
          orgId: request.principal.orgId,
          conversationId: conversation.id,
          role: message.role,
          kind: "message",
          authorPersonId,
          authorName,
          text: message.text,
          externalId: message.senderMessageId,
          sentAt: message.at !== undefined ? Date.parse(message.at) : request.receivedAtMs,
        };
      });
      // 3. The engine, on each new message in order (retries are recognised first), from the live
      // state in memory or, after a restart or eviction, from the stored checkpoint brought up to
      // date by replay. Messages, their analyses and the conversations' readings are then written
      // by one statement.
      const observed = new Map<number, MessageAnalysis>();
      const latest = new Map<
        string,
        { orgId: string; conversation: ConversationRecord; analysis: MessageAnalysis }
      >();
      let routing: Promise<RoutingContext> | undefined;
      // Conversations with a reading that says step in; and of those whose readings were all held
      // back, the ones that may still raise an alert (see below).
      const raising = new Set<string>();
      let heldRouted: Promise<Set<string>> | undefined;
      // Each conversation's engine index and transcript position before this group (see
      // evidencePositions), and the positions of earlier lines the alerts' evidence cites.
      // Also the facts the agent had got wrong and not put right (a correction revises the open alert).
      const before = new Map<
        string,
        { index: number; position: number; lines: number | undefined; stillWrong: readonly string[] }
      >();
      let earlier: Promise<Map<string, Map<number, number>>[]> | undefined;
      const readingById = new Map<string, ConversationReadingUpdate>();
      const prepare = async (toWrite: readonly number[]): Promise<PreparedAppend> => {
        const needState = new Map<
          string,
          { orgId: string; teamId: string; channel: ConversationRecord["channel"] }
        >();
        for (const i of toWrite) {
          const conversation = items[i]?.conversation;
          const orgId = items[i]?.request.principal.orgId;
          if (conversation === undefined || orgId === undefined) continue;
          if (needState.has(conversation.id) || this.ctx.engine.cachedState(conversation.id) !== undefined)
            continue;
          // A conversation without messages has nothing to restore: it starts from a fresh state.
          if (conversation.messageCount === 0) continue;
          needState.set(conversation.id, {
            orgId,
            teamId: conversation.teamId,
            channel: conversation.channel,
          });
        }
        const restored = needState.size > 0 ? await this.restoreStates(tx, needState) : new Map();
        // Each team's engine context, asked for together: a team's is read again after a minute's
        // reuse, and a group spanning ten teams would otherwise wait for them one after another.
        const contexts = new Map<string, Promise<EngineContext>>();
        for (const i of toWrite) {
          const item = items[i];
          if (item?.conversation === undefined) continue;
          const orgId = item.request.principal.orgId;
          const k = key(orgId, item.conversation.teamId);
          if (contexts.has(k)) continue;
          const context = this.ctx.engine.contextFor(tx, orgId, item.conversation.teamId);
          context.catch(() => undefined); // awaited below, where a failure fails the group
          contexts.set(k, context);
        }
        const analyses = new Map<number, MessageAnalysisInput>();
        for (const i of toWrite) {
          const item = items[i];
          const row = rows[i];
          if (item === undefined || row === undefined || item.conversation === undefined) continue;
          const conversation = item.conversation;
          const orgId = item.request.principal.orgId;
          const convId = conversation.id;
          const live: LiveConversationState = newStates.get(convId) ??
            this.ctx.engine.cachedState(convId) ??
            restored.get(convId) ?? {
              state: this.ctx.engine.fresh(),
              position: -1,
              checkpointPosition: -1,
              checkpointAtMs: this.ctx.now(),
              lines: 0,
            };
          if (!before.has(convId))
            before.set(convId, {
              index: live.state.index,
              position: live.position,
              lines: live.lines,
              stillWrong: live.state.contradictedFacts,
            });
          const context = await (contexts.get(key(orgId, conversation.teamId)) ??
            this.ctx.engine.contextFor(tx, orgId, conversation.teamId));
          const message = this.engineMessageOf(orgId, item.message, item.request.receivedAtMs);
          // The reading made on arrival, if it was made from this very state, context and message.
          const ahead = this.readings.get(item.message);
          const usable =
            ahead !== undefined &&
            "next" in ahead &&
            ahead.conversationId === convId &&
            ahead.base === live.state &&
            ahead.context === context &&
            sameEngineMessage(ahead.message, message)
              ? ahead
              : null;
          this.ctx.metrics.ingestEngineReadings.inc({ when: usable !== null ? "ahead" : "in_group" });
          const { state: next, analysis } =
            usable !== null
              ? { state: usable.next, analysis: usable.analysis }
              : this.ctx.engine.observe(live.state, message, context);
          // The position is handed out by the store; it is known after the write.
          newStates.set(convId, { ...live, state: next });
          observed.set(i, analysis);
          analyses.set(i, {
            risk: clamp01(analysis.risk),
            rung: analysis.stepIn.rung,
            analysis: toStoredAnalysis(analysis),
          });
          latest.set(convId, { orgId, conversation, analysis });
        }
        // Each conversation's reading after its last line: written with the messages, then the
        // cached row and the floor hint after COMMIT (`readingById`), computed once.
        const readings: ConversationReadingUpdate[] = [];
        for (const [convId, { orgId, conversation, analysis }] of latest) {
          const reading = readingAfter(orgId, conversation, analysis);
          readingById.set(convId, reading);
          readings.push(reading);
        }
        // What routing the alerts need is read now, before the messages' statement is even built:
        // the database answers it meanwhile (readRoutingContext). A conversation whose readings
        // the cooldown all held back (three times as many as say step in) is routed only where
        // one may still go out (findHeldReadingsWorthRouting, one lean statement), not read for
        // each of them: most held readings are about an alert whose helper is on it.
        const mayAlert = new Map<number, RoutingReading>();
        for (const [i, analysis] of observed) {
          const item = items[i];
          if (!mayRaiseAlert(analysis) || item?.conversation === undefined) continue;
          if (!this.worthAlerting(rows[i]?.sentAt)) continue;
          mayAlert.set(i, {
            orgId: item.request.principal.orgId,
            conversation: item.conversation,
            escalate: analysis.stepIn.escalate,
          });
          if (analysis.stepIn.raise) raising.add(item.conversation.id);
        }
        const routingReadings: RoutingReading[] = [];
        const held = new Map<number, RoutingReading>();
        for (const [i, reading] of mayAlert) {
          if (raising.has(reading.conversation.id)) routingReadings.push(reading);
          else held.set(i, reading);
        }
        if (routingReadings.length > 0) routing = issue(readRoutingContext(tx, routingReadings));
        const cited = earlierLinesCited(observed, items, before, (i) =>
          raising.has(mayAlert.get(i)?.conversation.id ?? ""),
        );
        if (cited.size > 0) earlier = issue(findAllAnalysedPositions(tx, cited));
        if (held.size > 0) {
          heldRouted = issue(findHeldWorthRouting(tx, held, observed));
          const worth = heldRouted;
          const heldRouting = worth.then((ids) => {
            const readings = [...held.values()].filter((r) => ids.has(r.conversation.id));
            return readings.length > 0 ? readRoutingContext(tx, readings) : undefined;
          });
          routing = issue(mergeRoutingContexts(routing, heldRouting));
          const heldEarlier = worth.then((ids) => {
            const wanted = earlierLinesCited(observed, items, before, (i) =>
              ids.has(held.get(i)?.conversation.id ?? ""),
            );
            return wanted.size > 0 ? findAllAnalysedPositions(tx, wanted) : [];
          });
          const cites = earlier;
          earlier = issue(
            Promise.all([cites ?? [], heldEarlier]).then(([first, second]) => [...first, ...second]),
          );
        }
        const promised = [...observed].flatMap(([i, analysis]) =>
          analysis.commitments.map((c) => ({
            row: i,
            personId: rows[i]?.authorPersonId ?? null,
            text: c.text,
            dueAt: c.dueAt,
          })),
        );
        return { analyses, readings, commitments: promised };
      };
      const appended = await appendMessages(tx, rows, { prepare, assumeNew });
      // A sender message id names one message of the organisation. Found stored in ANOTHER
      // conversation, this is not a retry but a second message under an id already taken: answering
      // `created: false` would acknowledge a message that is stored nowhere. The transaction rolls
      // back (a conversation it created goes too) and the request alone is refused, naming the id.
      const taken = appended.flatMap((a, i) =>
        !a.created && a.message.conversationId !== items[i]?.conversation?.id
          ? [{ senderMessageId: items[i]?.message.senderMessageId ?? "", index: i }]
          : [],
      );
      if (taken.length > 0) throw senderIdTaken(taken);
      // A message another writer stored first (same sender id, between our check and our write) was
      // observed here but not written: that conversation's state is rebuilt from the store next time.
      for (const [i] of observed) {
        const a = appended[i];
        if (a === undefined || a.created) continue;
        const convId = items[i]?.conversation?.id;
        if (convId !== undefined) {
          newStates.delete(convId);
          latest.delete(convId);
          this.ctx.engine.forgetState(convId);
        }
        observed.delete(i);
      }
      // Each conversation's first new line must take the position its state expected: a lower or
      // higher one means lines were stored that this state never read (another instance's, before
      // its word reached this one, or committed while this group waited for the row's lock). The
      // group is then written again from states read from the store (commitGroupChecked).
      if (checkStates) {
        const stale = staleStates(appended, items, before);
        if (stale.size > 0) {
          await Promise.allSettled(issued);
          throw new StaleEngineStates(stale);
        }
      }
      // The agent the sender names as the assignee, else the first agent we recognise as an author,
      // on an unassigned conversation becomes its agent (one statement per organisation for the
      // whole group).
      const assignments = new Map<string, { orgId: string; personId: string }>();
      for (const [i, a] of appended.entries()) {
        const item = items[i];
        const conversation = item?.conversation;
        if (!a.created || conversation === undefined || assignments.has(conversation.id)) continue;
        if (conversation.assignedPersonId !== null) continue;
        const assignee =
          item?.message.assignee !== undefined
            ? this.people.find(conversation.orgId, item.message.assignee)
            : undefined;
        const personId =
          assignee?.id ?? (a.message.role === "agent" ? a.message.authorPersonId : null) ?? null;
        // Someone deactivated is not handed conversations, even when a helpdesk still names them.
        if (personId === null || this.people.find(conversation.orgId, personId)?.deactivatedAt != null)
          continue;
        assignments.set(conversation.id, { orgId: conversation.orgId, personId });
      }
      const assignmentsByOrg = new Map<string, { conversationId: string; personId: string }[]>();
      for (const [conversationId, { orgId, personId }] of assignments) {
        const list = assignmentsByOrg.get(orgId) ?? [];
        list.push({ conversationId, personId });
        assignmentsByOrg.set(orgId, list);
      }
      for (const [orgId, list] of assignmentsByOrg) {
        const assigned = await assignUnassignedConversations(tx, orgId, list);
        for (const item of items) {
          const conversation = item.conversation;
          if (conversation === undefined || !assigned.has(conversation.id)) continue;
          item.conversation = {
            ...conversation,
            assignedPersonId: assignments.get(conversation.id)?.personId ?? null,
          };
        }
        for (const id of assigned) {
          const entry = latest.get(id);
          const personId = assignments.get(id)?.personId;
          if (entry !== undefined && personId !== undefined)
            entry.conversation = { ...entry.conversation, assignedPersonId: personId };
        }
      }

      const commitmentEvents: NewEvent[] = [];
      // A customer writing into a closed conversation reopened it (appendMessages says so, from the
      // row under its lock: another instance may have closed it after this one cached it open).
      const reopened = new Map<string, NewEvent>();
      for (const [i, a] of appended.entries()) {
        const conversation = items[i]?.conversation;
        if (a.reopenedConversation !== true || conversation === undefined) continue;
        reopened.set(conversation.id, {
          orgId: conversation.orgId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          type: "conversation.reopened",
          payload: { conversationId: conversation.id, status: "open" },
        });
      }
      // A teammate's reply for a delivery loop: its delivery row and the event the loop posts it
      // from, with the message (a reply stored without them would be shown as sent and never go).
      const replyEvents: NewEvent[] = [];
      for (const [i, a] of appended.entries()) {
        const item = items[i];
        const via = item?.message.replyVia;
        if (via === undefined || !a.created || item?.conversation === undefined) continue;
        const conversation = item.conversation;
        issue(
          insertReplyDelivery(tx, {
            orgId: conversation.orgId,
            messageId: a.message.id,
            conversationId: conversation.id,
            via,
          }),
        );
        replyEvents.push({
          orgId: conversation.orgId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          personId: a.message.authorPersonId,
          type: "reply.sent",
          payload: { messageId: a.message.id, conversationId: conversation.id },
        });
      }
      const raises: RaiseCandidate[] = [];
      const positionOf = await evidencePositions(observed, appended, items, before, earlier);
      const heldWorth = heldRouted !== undefined ? await heldRouted : new Set<string>();
      for (const [i, analysis] of observed) {
        const a = appended[i];
        const item = items[i];
        if (a === undefined || item === undefined || item.conversation === undefined) continue;
        const conversation = item.conversation;
        const orgId = item.request.principal.orgId;
        const convId = conversation.id;
        const live = newStates.get(convId);
        if (live !== undefined && a.message.position > live.position)
          newStates.set(convId, { ...live, position: a.message.position, lines: a.message.position + 1 });
        // The commitments were stored with the message (appendMessages); here, one event each.
        for (let n = 0; n < analysis.commitments.length; n++) {
          commitmentEvents.push({
            orgId,
            conversationId: convId,
            teamId: conversation.teamId,
            type: "commitment.recorded",
            payload: { conversationId: convId },
          });
        }
        const report = a.message.role === "customer" ? malfunctionReport(a.message.text, analysis) : null;
        if (report !== null)
          report.terms.forEach((term, t) =>
            malfunctions.push({
              orgId,
              teamId: conversation.teamId,
              conversationId: convId,
              messageId: a.message.id,
              term,
              label: report.labels[t] ?? term,
              phrase: report.phrase,
              reportedAt: a.message.sentAt,
            }),
          );
        if (
          mayRaiseAlert(analysis) &&
          this.worthAlerting(a.message.sentAt) &&
          (raising.has(convId) || heldWorth.has(convId))
        ) {
          raises.push({
            orgId,
            conversation,
            messageId: a.message.id,
            messageIndex: a.message.position,
            analysis,
            positionOf: (engineIndex) => positionOf(convId, engineIndex),
            agentPersonId: conversation.assignedPersonId ?? null,
            receivedAtMs: item.request.receivedAtMs,
            // The state after the group's last line: a fact put right since is off this list.
            stillWrongFacts: newStates.get(convId)?.state.contradictedFacts,
          });
        }
      }
      const checkpoints: ({ orgId: string; conversationId: string } & EngineCheckpoint)[] = [];
      const nowMs = this.ctx.now();
      const lastPositions = new Map<string, number>();
      for (const { message } of appended) {
        const before = lastPositions.get(message.conversationId) ?? -1;
        if (message.position > before) lastPositions.set(message.conversationId, message.position);
      }
      for (const [convId, { orgId, conversation, analysis }] of latest) {
        const live = newStates.get(convId);
        if (
          live !== undefined &&
          checkpointDue(convId, live, nowMs, {
            everyMessages: this.ctx.config.engineCheckpointEveryMessages,
            intervalMs: this.ctx.config.engineCheckpointIntervalMs,
          })
        ) {
          checkpoints.push({
            orgId,
            conversationId: convId,
            engineState: live.state as unknown as JsonValue,
            position: live.position,
          });
          newStates.set(convId, { ...live, checkpointPosition: live.position, checkpointAtMs: nowMs });
        }
        const lastPosition = lastPositions.get(convId) ?? -1;
        const { risk, customerEmotion, frustration, activeCues } =
          readingById.get(convId) ?? readingAfter(orgId, conversation, analysis);
        latestById.set(convId, {
          ...conversation,
          ...(reopened.has(convId) ? { status: "open" as const, closedAt: null, closedReason: null } : {}),
          risk,
          customerEmotion,
          frustration,
          activeCues,
          messageCount: Math.max(conversation.messageCount, lastPosition + 1),
        });
        hints.push({
          orgId,
          conversation,
          risk,
          customerEmotion,
          frustration,
          started: conversation.messageCount === 0,
        });
      }
      // Nothing below needs the checkpoints' answer: the store runs them before what follows.
      if (checkpoints.length > 0) issue(saveEngineCheckpoints(tx, checkpoints));

      // 4. Alerts (routed to the best-placed teammate) and their events, appended last. The events
      // are not waited for here: COMMIT follows them at once (the store runs a transaction's
      // statements in the order they were issued), and their ids are read after it.
      const { events, alertIdsByMessage } = await raiseAlertsForAnalyses(tx, raises, this.ctx.now(), routing);
      // A fact the agent put right in this group: the open alert asking to correct it is revised.
      // Found in memory (the engine's still-wrong facts before and after), so a group without one
      // costs nothing; the open alerts the routing read are used, others read.
      const corrections: FactCorrection[] = [];
      for (const [convId, { orgId, conversation }] of latest) {
        const wrongBefore = before.get(convId)?.stillWrong ?? [];
        const after = newStates.get(convId)?.state.contradictedFacts;
        if (wrongBefore.length === 0 || after === undefined) continue;
        // Off the list because a line of this group states it rightly (not pushed off a full list).
        const dropped = wrongBefore.filter((f) => !after.includes(f));
        const corrected =
          dropped.length === 0
            ? dropped
            : dropped.filter((f) =>
                [...observed].some(
                  ([i, a]) =>
                    items[i]?.conversation?.id === convId &&
                    a.factChecks.some((c) => c.factId === f && c.verdict === "agrees"),
                ),
              );
        const state = newStates.get(convId)?.state;
        if (corrected.length > 0)
          corrections.push({
            orgId,
            teamId: conversation.teamId,
            conversationId: convId,
            corrected,
            stillWrong: after,
            // What a revised card's kept reasons call for (its step, and its words when no reading
            // wrote them): only a group in which a fact was put right gets here.
            ...(state !== undefined
              ? {
                  writer: {
                    state,
                    templates: (await this.ctx.engine.contextFor(tx, orgId, conversation.teamId)).config
                      .suggestions,
                  },
                }
              : {}),
          });
      }
      const revised =
        corrections.length > 0 ? await reviseCorrectedAlerts(tx, corrections, this.ctx.now(), routing) : [];
      // Its reads all answered inside the transaction, even when no reading became a candidate.
      if (routing !== undefined) await routing;
      const allEvents = [...reopened.values(), ...events, ...revised, ...commitmentEvents, ...replyEvents];
      const records: Promise<EventRecord[]> =
        allEvents.length > 0 ? issue(appendEvents(tx, allEvents)) : Promise.resolve([]);

      for (const [i, a] of appended.entries()) {
        const orgId = items[i]?.request.principal.orgId;
        if (a.created && orgId !== undefined)
          received.set(a.message.conversationId, { orgId, index: a.message.position });
      }
      const results = group.map(() => [] as IngestResult[]);
      const requestIndex = new Map(group.map((request, i) => [request, i]));
      let ingested = 0;
      appended.forEach((a, i) => {
        const item = items[i];
        if (item === undefined) return;
        if (a.created) ingested++;
        results[requestIndex.get(item.request) ?? -1]?.push({
          senderMessageId: a.message.externalId ?? "",
          messageId: a.message.id,
          conversationId: a.message.conversationId,
          index: a.message.position,
          created: a.created,
          alertId: alertIdsByMessage.get(a.message.id) ?? null,
        });
      });
      return {
        results,
        records,
        ingested,
        alertsRaised: new Set(alertIdsByMessage.values()).size,
        reopenedCount: reopened.size,
      };
    });
    const { results, ingested, alertsRaised, reopenedCount, ...committed } = await settleIssued(
      written,
      issued,
    );
    const records = await committed.records;
    // After COMMIT: remember states, hand out events, answer.
    this.ctx.engine.rememberStates(newStates);
    // Contexts about to expire are read again now, between groups, rather than inside one.
    void this.ctx.engine.refreshExpiring(this.ctx.store, ENGINE_CONTEXT_REFRESH_AHEAD_MS);
    const until = this.ctx.now() + CONVERSATION_CACHE_MS;
    for (const { orgId, conversation } of hints) {
      const latest = latestById.get(conversation.id);
      if (conversation.externalId === null || latest === undefined) continue;
      this.conversationCache.set(key(orgId, conversation.externalId), { record: latest, until });
    }
    if (this.conversationCache.size > 50_000) this.conversationCache.clear();
    const lastRecord = records.at(-1);
    if (lastRecord !== undefined) this.latestEventId = Math.max(this.latestEventId, lastRecord.id);
    this.ctx.bus.publish(records);
    this.queueHints([...this.hintsOf(hints), ...this.receivedHintsOf(received)]);
    this.ctx.incidents.report(malfunctions);
    this.ctx.metrics.messagesIngested.inc(ingested);
    this.ctx.metrics.alertsRaised.inc(alertsRaised);
    if (reopenedCount > 0) this.ctx.metrics.conversationsReopened.inc(reopenedCount);
    this.ctx.metrics.ingestGroupSize.observe(group.reduce((n, r) => n + r.messages.length, 0));
    this.ctx.metrics.ingestCommitSeconds.observe((performance.now() - started) / 1000);
    if (stallTraceMs !== 0)
      traceStall("group", traceClock() - (performance.now() - started), performance.now() - started, {
        messages: group.reduce((n, r) => n + r.messages.length, 0),
        alerts: alertsRaised,
      });
    return results;
  }

  /**
   * `message.received` per conversation per group, on the conversation room only (not the team's
   * floor): an open conversation view refetches its messages instead of polling. Not stored.
   */
  private receivedHintsOf(received: Map<string, { orgId: string; index: number }>): RoutedEvent[] {
    const at = new Date(this.ctx.now()).toISOString();
    const id = String(this.latestEventId);
    const routed: RoutedEvent[] = [];
    for (const [conversationId, { orgId, index }] of received) {
      routed.push({
        orgId,
        event: {
          id,
          type: "message.received",
          teamId: null,
          conversationId,
          personId: null,
          data: { conversationId, messageIndex: index },
          at,
        },
      });
    }
    return routed;
  }

  /**
   * Floor hints are not stored: they only say "refetch this row"; a reconnecting client refetches the
   * floor. A reading held back by the interval waits in `trailingHints` (the newest replaces an older
   * one; a newer reading not worth sending, or a hint sent meanwhile, drops it).
   */
  private hintsOf(
    hints: ({ orgId: string; conversation: ConversationRecord; started: boolean } & FloorReading)[],
  ): RoutedEvent[] {
    const now = this.ctx.now();
    const routed: RoutedEvent[] = [];
    for (const hint of hints) {
      const { orgId, conversation, risk, customerEmotion, frustration, started } = hint;
      const last = this.lastHint.get(conversation.id);
      if (!started && last !== undefined) {
        const since = now - last.at;
        const moved =
          Math.abs(risk - last.risk) >= FLOOR_HINT_MIN_RISK_CHANGE ||
          Math.abs(frustration - last.frustration) >= FLOOR_HINT_MIN_RISK_CHANGE ||
          customerEmotion !== last.customerEmotion;
        if (since < FLOOR_HINT_MIN_INTERVAL_MS && moved) {
          const due = last.at + FLOOR_HINT_MIN_INTERVAL_MS;
          const { teamId } = conversation;
          this.trailingHints.set(conversation.id, { orgId, teamId, risk, customerEmotion, frustration, due });
          this.scheduleTrailingHints(due);
          continue;
        }
        if (!moved && since < FLOOR_HINT_MAX_SILENCE_MS) {
          // The floor already shows about this reading: an older held one would now be staler.
          if (this.trailingHints.size > 0) this.trailingHints.delete(conversation.id);
          continue;
        }
      }
      if (this.trailingHints.size > 0) this.trailingHints.delete(conversation.id);
      this.lastHint.set(conversation.id, { at: now, risk, customerEmotion, frustration });
      routed.push(this.floorHint(orgId, conversation.teamId, conversation.id, started, hint, now));
    }
    if (this.lastHint.size > 100_000) this.lastHint.clear();
    return routed;
  }

  private floorHint(
    orgId: string,
    teamId: string,
    conversationId: string,
    started: boolean,
    { risk, customerEmotion, frustration }: FloorReading,
    now: number,
  ): RoutedEvent {
    return {
      orgId,
      event: {
        id: String(this.latestEventId),
        type: started ? "conversation.started" : "conversation.updated",
        teamId,
        conversationId,
        personId: null,
        data: {
          conversationId,
          risk,
          frustration,
          ...(customerEmotion !== null ? { customerEmotion } : {}),
        },
        at: new Date(now).toISOString(),
      },
    };
  }

  /**
   * States for conversations not in memory: the stored checkpoint (or a fresh state) plus a replay
   * of the messages analysed after it. Two statements per organisation, however many conversations.
   */
  private async restoreStates(
    tx: Transaction,
    need: Map<string, { orgId: string; teamId: string; channel: ConversationRecord["channel"] }>,
  ): Promise<Map<string, LiveConversationState>> {
    const byOrg = new Map<string, string[]>();
    for (const [id, { orgId }] of need) byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), id]);
    const restored = new Map<string, LiveConversationState>();
    const now = this.ctx.now();
    for (const [orgId, ids] of byOrg) {
      // Read before the lines are: a line committed in between is then one the state read beyond
      // its count, which the position check after the write catches (commitGroupChecked), rather
      // than one it missed within it.
      const counts = await findLineCounts(tx, orgId, ids);
      const stored = await loadEngineCheckpoints(tx, orgId, ids);
      const replayFrom = ids
        .filter((id) => stored.get(id)?.complete !== true)
        .map((id) => ({ conversationId: id, position: stored.get(id)?.position ?? -1 }));
      const messages = replayFrom.length > 0 ? await listAnalysedMessagesAfter(tx, orgId, replayFrom) : [];
      const byConversation = new Map<string, AnalysedMessage[]>();
      for (const m of messages) {
        const list = byConversation.get(m.conversationId) ?? [];
        list.push(m);
        byConversation.set(m.conversationId, list);
      }
      for (const id of ids) {
        const checkpoint = stored.get(id);
        const base =
          checkpoint !== undefined
            ? this.ctx.engine.restore(checkpoint.engineState)
            : this.ctx.engine.fresh();
        const basePosition = checkpoint?.position ?? -1;
        const replay = byConversation.get(id) ?? [];
        const teamId = need.get(id)?.teamId ?? "";
        const state =
          replay.length > 0
            ? this.ctx.engine.replay(
                base,
                replay.map((m) => ({
                  role: m.role,
                  text: m.text,
                  at: m.sentAt,
                  channel: need.get(id)?.channel,
                  ...(m.authorName !== null ? { author: m.authorName } : {}),
                })),
                await this.ctx.engine.contextFor(tx, orgId, teamId),
              )
            : base;
        restored.set(id, {
          state,
          position: replay.at(-1)?.position ?? basePosition,
          checkpointPosition: basePosition,
          checkpointAtMs: now,
          lines: counts.get(id),
        });
      }
    }
    return restored;
  }

  private async resolveConversations(
    tx: Transaction,
    group: PendingRequest[],
  ): Promise<Map<string, ConversationRecord>> {
    const byOrg = new Map<string, Set<string>>();
    for (const request of group) {
      const set = byOrg.get(request.principal.orgId) ?? new Set<string>();
      for (const m of request.messages) set.add(m.conversationId);
      byOrg.set(request.principal.orgId, set);
    }
    const found = new Map<string, ConversationRecord>();
    const now = this.ctx.now();
    for (const [orgId, ids] of byOrg) {
      const missing: string[] = [];
      for (const id of ids) {
        const cached = this.conversationCache.get(key(orgId, id));
        if (cached !== undefined && cached.until > now) found.set(key(orgId, id), cached.record);
        else missing.push(id);
      }
      if (missing.length === 0) continue;
      for (const c of await findConversationsByExternalIds(tx, orgId, missing)) {
        if (c.externalId !== null) found.set(key(orgId, c.externalId), c);
      }
    }
    // The missing ones, created together (first message per conversation decides team, channel…).
    const toCreate = new Map<string, NewIngestConversation[]>();
    const planned = new Set<string>();
    for (const request of group) {
      const orgId = request.principal.orgId;
      for (const m of request.messages) {
        const k = key(orgId, m.conversationId);
        if (found.has(k) || planned.has(k)) continue;
        planned.add(k);
        const customerName = customerNameIn(request.messages, m.conversationId);
        const agent = request.messages.find(
          (x) => x.conversationId === m.conversationId && x.role === "agent" && x.author !== undefined,
        );
        const agentPerson = agent?.author !== undefined ? this.people.find(orgId, agent.author) : null;
        const list = toCreate.get(orgId) ?? [];
        list.push({
          externalId: m.conversationId,
          teamId: m.teamId,
          channel: m.channel,
          customerName: customerName ?? null,
          assignedPersonId:
            agentPerson !== null && agentPerson.deactivatedAt === null ? agentPerson.id : null,
          topic: m.topic ?? null,
          createdAt: m.at !== undefined ? Date.parse(m.at) : request.receivedAtMs,
          origin: m.origin ?? "api",
        });
        toCreate.set(orgId, list);
      }
    }
    for (const [orgId, inputs] of toCreate) {
      for (const c of await findOrCreateConversations(tx, orgId, inputs)) {
        if (c.externalId !== null) found.set(key(orgId, c.externalId), c);
      }
    }
    for (const request of group) {
      for (const m of request.messages) {
        const existing = found.get(key(request.principal.orgId, m.conversationId));
        if (existing !== undefined && !canReadTeam(request.principal, existing.teamId)) {
          throw new AppError(
            "FORBIDDEN",
            `Conversation ${m.conversationId} belongs to a team you may not post into`,
          );
        }
      }
    }
    await this.nameUnnamedCustomers(tx, group, found);
    return found;
  }

  /**
   * A conversation that began with the agent's or a bot's words was created without its customer's
   * name: the first message of the group that gives one names it (once, never renaming).
   */
  private async nameUnnamedCustomers(
    tx: Transaction,
    group: PendingRequest[],
    found: Map<string, ConversationRecord>,
  ): Promise<void> {
    const byOrg = new Map<
      string,
      { k: string; conversationId: string; externalId: string; name: string }[]
    >();
    const planned = new Set<string>();
    for (const request of group) {
      const orgId = request.principal.orgId;
      for (const m of request.messages) {
        const k = key(orgId, m.conversationId);
        const conversation = found.get(k);
        if (conversation === undefined || conversation.customerName !== null || planned.has(k)) continue;
        const name = customerNameIn([m], m.conversationId);
        if (name === undefined) continue;
        planned.add(k);
        const list = byOrg.get(orgId) ?? [];
        list.push({ k, conversationId: conversation.id, externalId: m.conversationId, name });
        byOrg.set(orgId, list);
      }
    }
    for (const [orgId, names] of byOrg) {
      await nameUnnamedCustomers(tx, orgId, names);
      for (const n of names) {
        const conversation = found.get(n.k);
        if (conversation !== undefined) found.set(n.k, { ...conversation, customerName: n.name });
      }
    }
  }
}

/** The customer's name the messages give for a conversation: a customer's message's author, else a sender's `customerName`. */
function customerNameIn(messages: readonly IngestMessageInput[], conversationId: string): string | undefined {
  const mine = messages.filter((x) => x.conversationId === conversationId);
  const nonEmpty = (s: string | undefined) => (s !== undefined && s.trim() !== "" ? s : undefined);
  return (
    mine.map((x) => (x.role === "customer" ? nonEmpty(x.author) : undefined)).find((s) => s !== undefined) ??
    mine.map((x) => nonEmpty(x.customerName)).find((s) => s !== undefined)
  );
}

const key = (orgId: string, externalId: string): string => `${orgId}\u0000${externalId}`;

/** How many times a group is written again because an engine state had missed lines. */
const STALE_STATE_RETRIES = 2;

/** Some conversations' engine states had not read every stored line (see commitGroupChecked). */
class StaleEngineStates extends Error {
  constructor(readonly conversationIds: ReadonlySet<string>) {
    super(`engine state out of date for ${conversationIds.size} conversation(s)`);
  }
}

/** The conversations whose first line written by this group did not take the position their state expected. */
function staleStates(
  appended: readonly { created: boolean; message: { conversationId: string; position: number } }[],
  items: readonly { conversation?: { id: string } | undefined }[],
  before: ReadonlyMap<string, { lines: number | undefined }>,
): Set<string> {
  const first = new Map<string, number>();
  appended.forEach((a, i) => {
    const convId = items[i]?.conversation?.id;
    if (!a.created || convId === undefined) return;
    const seen = first.get(convId);
    if (seen === undefined || a.message.position < seen) first.set(convId, a.message.position);
  });
  const stale = new Set<string>();
  for (const [convId, position] of first) {
    const expected = before.get(convId)?.lines;
    if (expected !== undefined && position !== expected) stale.add(convId);
  }
  return stale;
}

/**
 * The transaction's outcome once the statements issued without waiting are answered: a failure
 * among them (which made the COMMIT roll back) is reported as itself, not as the failed COMMIT.
 * (Each has a handler from the moment it is issued, so its rejection is never reported as unhandled.)
 */
async function settleIssued<T>(transaction: Promise<T>, issued: readonly Promise<unknown>[]): Promise<T> {
  try {
    return await transaction;
  } catch (error) {
    for (const outcome of await Promise.allSettled(issued))
      if (outcome.status === "rejected") throw outcome.reason;
    throw error;
  }
}

/** The earlier lines cited, read with one statement per organisation (`earlierLinesCited`). */
function findAllAnalysedPositions(
  tx: Transaction,
  cited: ReadonlyMap<string, { conversationId: string; rank: number }[]>,
): Promise<Map<string, Map<number, number>>[]> {
  return Promise.all([...cited].map(([orgId, wanted]) => findAnalysedPositions(tx, orgId, wanted)));
}

/**
 * Of the conversations whose readings the cooldown all held back, those where one may still
 * become an alert (`worseWhileGone`): one statement per organisation, by each conversation's
 * highest risk among them.
 */
async function findHeldWorthRouting(
  tx: Transaction,
  held: ReadonlyMap<number, RoutingReading>,
  observed: ReadonlyMap<number, MessageAnalysis>,
): Promise<Set<string>> {
  const byOrg = new Map<string, { conversationId: string; risk: number }[]>();
  for (const [i, reading] of held) {
    const list = byOrg.get(reading.orgId) ?? [];
    list.push({ conversationId: reading.conversation.id, risk: observed.get(i)?.risk ?? 0 });
    byOrg.set(reading.orgId, list);
  }
  const worth = new Set<string>();
  for (const found of await Promise.all(
    [...byOrg].map(([orgId, readings]) =>
      findHeldReadingsWorthRouting(tx, orgId, readings, DECLINE_WORSENING_RISK),
    ),
  ))
    for (const id of found) worth.add(id);
  return worth;
}

/** Two routing reads as one (either may be absent: nothing to route there). */
async function mergeRoutingContexts(
  first: Promise<RoutingContext> | undefined,
  second: Promise<RoutingContext | undefined>,
): Promise<RoutingContext> {
  const [a, b] = await Promise.all([first, second]);
  if (a === undefined || b === undefined) return a ?? b ?? EMPTY_ROUTING;
  return {
    open: [...a.open, ...b.open],
    candidates: [...a.candidates, ...b.candidates],
    declined: [...a.declined, ...b.declined],
    helping: [...a.helping, ...b.helping],
    escalationTargetFor: (orgId, teamId, agentId) =>
      a.escalationTargetFor(orgId, teamId, agentId) ?? b.escalationTargetFor(orgId, teamId, agentId),
  };
}

const EMPTY_ROUTING: RoutingContext = {
  open: [],
  candidates: [],
  declined: [],
  helping: [],
  escalationTargetFor: () => null,
};

/** An item of a group as the engine's evidence needs it: its organisation and conversation. */
interface CitingItem {
  request: { principal: { orgId: string } };
  conversation?: { id: string } | undefined;
}

/**
 * The earlier lines (stored before this group) that the root-cause evidence of the group's
 * possible alerts cites, by organisation, where the engine's index is not already the position:
 * only conversations with a whisper, signal or note before their last analysed line need a
 * look-up (the engine counts the lines it read; positions count every line). Read with the
 * routing context, only for readings that may raise an alert.
 */
function earlierLinesCited(
  observed: ReadonlyMap<number, MessageAnalysis>,
  items: readonly (CitingItem | undefined)[],
  before: ReadonlyMap<string, { index: number; position: number }>,
  mayAlert: (i: number) => boolean,
): Map<string, { conversationId: string; rank: number }[]> {
  const wanted = new Map<string, { conversationId: string; rank: number }[]>();
  for (const [i, analysis] of observed) {
    const item = items[i];
    const convId = item?.conversation?.id;
    const start = convId !== undefined ? before.get(convId) : undefined;
    if (!mayRaiseAlert(analysis) || item === undefined || convId === undefined || start === undefined)
      continue;
    if (start.position === start.index - 1 || !mayAlert(i)) continue;
    const list = wanted.get(item.request.principal.orgId) ?? [];
    for (const cause of analysis.rootCauses)
      for (const e of cause.evidence)
        if (e.index < start.index) list.push({ conversationId: convId, rank: e.index });
    if (list.length > 0) wanted.set(item.request.principal.orgId, list);
  }
  return wanted;
}

/**
 * Where an engine index sits in the transcript, once the group's messages are written. The engine
 * numbers the lines it reads (customer, agent and system messages); the transcript's positions,
 * which the API calls a message's index, also count whispers, signals and notes, which the engine
 * never reads. So: a line of this group, by its new position; an earlier one, by its position as
 * read (`earlierLinesCited`), or the index itself where no private line came before; anything
 * else is unknown (the span is left out rather than pointed at the wrong line).
 */
async function evidencePositions(
  observed: ReadonlyMap<number, MessageAnalysis>,
  appended: readonly { message: { position: number } }[],
  items: readonly (CitingItem | undefined)[],
  before: ReadonlyMap<string, { index: number; position: number }>,
  earlier: Promise<Map<string, Map<number, number>>[]> | undefined,
): Promise<(conversationId: string, engineIndex: number) => number | undefined> {
  const inGroup = new Map<string, Map<number, number>>();
  for (const [i, analysis] of observed) {
    const convId = items[i]?.conversation?.id;
    const a = appended[i];
    if (convId === undefined || a === undefined) continue;
    const positions = inGroup.get(convId) ?? new Map<number, number>();
    positions.set(analysis.index, a.message.position);
    inGroup.set(convId, positions);
  }
  const read = new Map<string, Map<number, number>>();
  for (const found of earlier !== undefined ? await earlier : [])
    for (const [convId, positions] of found) read.set(convId, positions);
  return (convId, engineIndex) => {
    const mine = inGroup.get(convId)?.get(engineIndex);
    if (mine !== undefined) return mine;
    const start = before.get(convId);
    if (start === undefined || engineIndex >= start.index) return undefined;
    return start.position === start.index - 1 ? engineIndex : read.get(convId)?.get(engineIndex);
  };
}

const sameEngineMessage = (a: EngineMessage, b: EngineMessage): boolean =>
  a.role === b.role && a.text === b.text && a.at === b.at && a.author === b.author;

/**
 * Whether a conversation's engine state is due to be checkpointed. Each conversation has its own
 * period, between half and all of the configured limits (fixed by its id): conversations that
 * started together and move at the same pace would otherwise all be checkpointed by the same
 * group, a burst of a few thousand state writes in one transaction that every message queued
 * behind it waits for.
 */
export function checkpointDue(
  conversationId: string,
  live: Pick<LiveConversationState, "position" | "checkpointPosition" | "checkpointAtMs">,
  nowMs: number,
  limits: { everyMessages: number; intervalMs: number },
): boolean {
  const spread = stagger(conversationId);
  const everyMessages = Math.max(1, limits.everyMessages - Math.floor((spread * limits.everyMessages) / 2));
  const intervalMs = limits.intervalMs - (spread * limits.intervalMs) / 2;
  return (
    live.position - live.checkpointPosition >= everyMessages || nowMs - live.checkpointAtMs >= intervalMs
  );
}

/** A fraction in [0, 1) fixed by the text (FNV-1a). */
function stagger(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** A conversation's reading after a line the engine read: as stored on its row and sent to the floor. */
function readingAfter(
  orgId: string,
  conversation: ConversationRecord,
  analysis: MessageAnalysis,
): ConversationReadingUpdate {
  return {
    orgId,
    conversationId: conversation.id,
    risk: clamp01(analysis.risk),
    customerEmotion: analysis.customer?.emotion ?? conversation.customerEmotion,
    frustration: analysis.customer?.frustration ?? conversation.frustration,
    activeCues: activeCuesOf(analysis, conversation.activeCues),
  };
}

/** Recent bad cues, newest first, one per kind, carried over from earlier messages (at most 6). */
function activeCuesOf(analysis: MessageAnalysis, previous: readonly string[]): string[] {
  const fresh = analysis.cues.filter((c) => c.polarity === "bad").map((c) => c.kind as string);
  return [...new Set([...fresh, ...previous])].slice(0, 6);
}

/**
 * The analysis as stored (protocol `Analysis`, plain JSON, its index being the message's position),
 * without empty lists or a missing customer reading: most messages have few cues, and every byte is written once per message.
 */
function toStoredAnalysis(a: MessageAnalysis): JsonValue {
  const full: Record<string, unknown> = {
    risk: clamp01(a.risk),
    customer:
      a.customer !== undefined
        ? { emotion: a.customer.emotion, frustration: a.customer.frustration, trend: a.customer.trend }
        : null,
    stepIn: {
      raise: a.stepIn.raise,
      reasons: a.stepIn.reasons as StepInReason[],
      rung: a.stepIn.rung,
      escalate: a.stepIn.escalate,
      suggestion: a.stepIn.suggestion,
      factId: a.stepIn.factId,
      needsAuthority: a.stepIn.needsAuthority,
      why: a.stepIn.why,
    },
    cues: a.cues.map((c) => ({
      kind: c.kind,
      start: c.start,
      end: c.end,
      polarity: c.polarity,
      ...(c.detail !== undefined ? { detail: c.detail } : {}),
    })),
    rootCauses: a.rootCauses.map((r) => ({
      cause: r.cause,
      confidence: r.confidence,
      evidence: r.evidence.map((e) => ({ index: e.index, start: e.start, end: e.end })),
    })),
    factChecks: a.factChecks.map((f) => ({ ...f })),
    // Habit events (used the name, kept a waiting customer updated…): the agent's console nudges from them.
    habits: a.habits.map((h) => ({ habit: h.habit, status: h.status, detail: h.detail })),
  };
  for (const key of ["customer", "cues", "rootCauses", "factChecks", "habits"]) {
    const value = full[key];
    if (value === null || (Array.isArray(value) && value.length === 0)) delete full[key];
  }
  return full as JsonValue;
}

/** The 409 for sender message ids already stored in another conversation (see commitGroup). */
function senderIdTaken(taken: readonly { senderMessageId: string; index: number }[]): AppError {
  const ids = taken.map((t) => `"${t.senderMessageId}"`);
  const named = ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`;
  return new AppError(
    "CONFLICT",
    `senderMessageId ${named} ${taken.length === 1 ? "is" : "are"} already stored in another conversation: ` +
      "a sender message id must name one message across the organisation (prefix it with the conversation's id if your ids restart per conversation). Nothing was written",
    { senderMessageIds: taken.map((t) => t.senderMessageId) },
  );
}
