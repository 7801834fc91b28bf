import {
  compileKnowledgeBase,
  createConversationState,
  observe,
  type ConversationState,
  type EngineContext,
  type EngineMessage,
  type MessageAnalysis,
} from "../../engine/index.ts";
import type { Queryable } from "../../store/index.ts";
import { listKnowledgeFacts } from "../../store/knowledge.ts";
import { findTeamEngineSettings } from "../../store/teamEngineSettings.ts";
import { resolveTeamEngineConfig } from "../engineSettings/teamEngineConfig.ts";

/** How long a team's compiled knowledge base is reused before the facts are read again. */
export const ENGINE_CONTEXT_TTL_MS = 60_000;
/** How long before its expiry ingest reads a team's context again, outside any group (`refreshExpiring`). */
export const ENGINE_CONTEXT_REFRESH_AHEAD_MS = 5_000;
/** Engine states kept in memory; older ones are reloaded from the store when needed. */
export const STATE_CACHE_MAX_ENTRIES = 50_000;

/**
 * A conversation's live engine state: the state after the message at `position`, and the last
 * checkpoint written to the store (position and when), which decides when the next one is due.
 *
 * `lines` is how many lines (private ones included) the conversation held when this instance last
 * brought the state up to date: the next line stored must take that position, or someone else (an
 * instance behind the same load balancer) stored lines this state has not read. A restore counts
 * the lines before it reads them (see IngestPipeline.restoreStates).
 */
export interface LiveConversationState {
  state: ConversationState;
  position: number;
  checkpointPosition: number;
  checkpointAtMs: number;
  lines?: number | undefined;
}

/**
 * The engine as the server uses it: one compiled knowledge base per team (cached), and each
 * conversation's state kept in memory in front of the store's copy, which survives restarts.
 */
export class LiveEngine {
  /** By team: the compiled context, until when it is reused, and what it was compiled from. */
  private readonly contexts = new Map<
    string,
    { context: EngineContext; until: number; source: string; orgId: string; teamId: string }
  >();
  /** Bumped by each invalidation: a read that began before one must not cache what it read. */
  private knowledgeGeneration = 0;
  private readonly states = new Map<string, LiveConversationState>();

  constructor(private readonly now: () => number) {}

  /** The engine context for a team: its published facts plus the organisation-wide ones. */
  async contextFor(db: Queryable, orgId: string, teamId: string): Promise<EngineContext> {
    const hit = this.contexts.get(`${orgId}:${teamId}`);
    if (hit !== undefined && hit.until > this.now()) return hit.context;
    return this.readContext(db, orgId, teamId);
  }

  /** Teams whose context is being read again ahead of its expiry (`refreshExpiring`). */
  private readonly refreshing = new Set<string>();

  /**
   * Reads again, now and without waiting, the contexts that expire within `withinMs` (called by
   * ingest after each group, with the store, outside any transaction): an unchanged one is kept
   * another minute, a changed one replaced, as when read on expiry. Otherwise every team's context
   * expired inside some ingest group, which waited for its facts and thresholds while the
   * messages behind it queued (the benchmark's ten teams all in the same second).
   */
  refreshExpiring(db: Queryable, withinMs: number): Promise<void> {
    const now = this.now();
    const reads: Promise<void>[] = [];
    for (const [key, hit] of this.contexts) {
      if (hit.until <= now || hit.until - now > withinMs || this.refreshing.has(key)) continue;
      this.refreshing.add(key);
      reads.push(
        this.readContext(db, hit.orgId, hit.teamId)
          .then(() => undefined)
          // Failed: read again on expiry, inside the group that needs it, as before.
          .catch(() => undefined)
          .finally(() => this.refreshing.delete(key)),
      );
    }
    return Promise.all(reads).then(() => undefined);
  }

  private async readContext(db: Queryable, orgId: string, teamId: string): Promise<EngineContext> {
    const key = `${orgId}:${teamId}`;
    const hit = this.contexts.get(key);
    const generation = this.knowledgeGeneration;
    // Facts and thresholds read together: one round trip, not two, inside the group that needs them.
    const [facts, settings] = await Promise.all([
      listKnowledgeFacts(db, { orgId, teamId, status: "published" }),
      findTeamEngineSettings(db, orgId, teamId),
    ]);
    // Read again once a minute (another instance's edits), they are nearly always what the cached
    // context was compiled from: the same context is kept, so nothing is compiled again and the
    // readings the ingest pipeline made from it ahead of the group stay good (they are used only
    // if made from the very context the group reads with).
    const source = JSON.stringify([
      facts.map((f) => [f.id, f.statement, f.value, f.topic, f.key, f.unit]),
      settings?.overrides ?? null,
    ]);
    if (hit !== undefined && hit.source === source) {
      if (generation === this.knowledgeGeneration) hit.until = this.now() + ENGINE_CONTEXT_TTL_MS;
      return hit.context;
    }
    let kb;
    try {
      kb = compileKnowledgeBase({
        facts: facts.map((f) => ({
          id: f.id,
          statement: f.statement,
          value: f.value,
          ...(f.topic !== null ? { topic: f.topic } : {}),
          ...(f.key !== null ? { key: f.key } : {}),
          ...(f.unit !== null ? { unit: f.unit } : {}),
        })),
      });
    } catch {
      // A fact the engine cannot compile must not stop the floor: run without the KB.
      kb = compileKnowledgeBase({ facts: [] });
    }
    // The team's thresholds (Admin → Thresholds) on the engine's defaults.
    const context: EngineContext = { kb, config: resolveTeamEngineConfig(settings?.overrides) };
    // Read in a transaction that began before an admin's edit committed, it is already out of date.
    if (generation === this.knowledgeGeneration) {
      this.contexts.set(key, { context, until: this.now() + ENGINE_CONTEXT_TTL_MS, source, orgId, teamId });
    }
    return context;
  }

  /** The team's context if it is cached and fresh, without reading the store. */
  cachedContext(orgId: string, teamId: string): EngineContext | undefined {
    const hit = this.contexts.get(`${orgId}:${teamId}`);
    return hit !== undefined && hit.until > this.now() ? hit.context : undefined;
  }

  /** Forget compiled knowledge (after an admin edits facts). */
  invalidateKnowledge(): void {
    this.knowledgeGeneration++;
    this.contexts.clear();
  }

  cachedState(conversationId: string): LiveConversationState | undefined {
    return this.states.get(conversationId);
  }

  /** Keeps states only after their transaction committed, so a rollback never leaves them ahead. */
  rememberStates(states: Map<string, LiveConversationState>): void {
    for (const [id, state] of states) {
      this.states.delete(id);
      this.states.set(id, state);
    }
    while (this.states.size > STATE_CACHE_MAX_ENTRIES) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.states.delete(oldest);
    }
  }

  /**
   * Lines this instance stored outside the engine (a whisper, a signal) at `position`: a state that
   * had read everything before it is still up to date after it.
   */
  noteLineStored(conversationId: string, position: number): void {
    const live = this.states.get(conversationId);
    if (live?.lines === position) this.states.set(conversationId, { ...live, lines: position + 1 });
  }

  /** Drops one conversation's state: the next message restores it from the store. */
  forgetState(conversationId: string): void {
    this.states.delete(conversationId);
  }

  forgetStates(): void {
    this.states.clear();
  }

  /** Restores a stored state; an unreadable one starts afresh rather than failing ingest. */
  restore(stored: unknown): ConversationState {
    if (stored === null || stored === undefined || typeof stored !== "object")
      return createConversationState();
    return stored as ConversationState;
  }

  /**
   * A checkpointed state brought up to date: the messages observed after the checkpoint are
   * observed again, in order. The engine is pure and deterministic, so the result equals the state
   * computed straight through (as long as the team's knowledge base did not change meanwhile).
   */
  replay(
    state: ConversationState,
    messages: readonly EngineMessage[],
    context: EngineContext,
  ): ConversationState {
    let current = state;
    for (const message of messages) current = observe(current, message, context).state;
    return current;
  }

  fresh(): ConversationState {
    return createConversationState();
  }

  observe(
    state: ConversationState,
    message: EngineMessage,
    context: EngineContext,
  ): { state: ConversationState; analysis: MessageAnalysis } {
    return observe(state, message, context);
  }
}
