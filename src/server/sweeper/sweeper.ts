import { PeriodicJob } from "./periodicJob.ts";
import {
  adjustLoad,
  appendAuditEntries,
  findEscalationProtocol,
  listQuietIncidents,
  pruneEndedSessions,
  pruneEndedSignInLinks,
  pruneEvents,
  StoreError,
  type NewAuditEntry,
  type NewEvent,
} from "../../store/index.ts";
import {
  advanceEscalation,
  expireUnacknowledgedAlert,
  listOpenEscalations,
  listUnacknowledgedAlerts,
} from "../../store/sweeps.ts";
import { runCommand } from "../commands/runCommand.ts";
import { closeIdleConversationsNow } from "../commands/closeConversation.ts";
import { alertNews, forTheTeamsLeads } from "../live/alertNews.ts";
import { eraseExpiredConversations } from "../commands/eraseConversations.ts";
import { alertWaitingCustomers } from "../commands/alertWaitingCustomers.ts";
import type { ServerContext } from "../context.ts";
import { parseEscalationConfig, type EscalationConfig } from "../live/escalation.ts";
import { closeIncident } from "../live/incidentDetector.ts";
import { planSweep } from "./planSweep.ts";
import { chooseLevelTarget } from "../commands/escalationTarget.ts";
import { announcePulseCloses } from "../pulses/announceCloses.ts";

/** Most escalations and alerts one sweep looks at; the rest wait for the next tick. */
const SWEEP_BATCH = 500;

export interface SweepResult {
  advanced: number;
  expired: number;
}

/**
 * One sweep at `now`: reads what is pending, lets planSweep decide, and carries the plan out in one
 * transaction with its events and audit entries. Each change is conditional on the state it was
 * planned from, so a concurrent acknowledgement (or another instance's sweep) simply wins.
 */
export async function runSweep(ctx: ServerContext, now: number): Promise<SweepResult> {
  const [escalations, alerts] = await Promise.all([
    listOpenEscalations(ctx.store, { limit: SWEEP_BATCH }),
    listUnacknowledgedAlerts(ctx.store, {
      raisedBefore: now - ctx.config.alertExpiryMs,
      limit: SWEEP_BATCH,
    }),
  ]);
  if (escalations.length === 0 && alerts.length === 0) return { advanced: 0, expired: 0 };
  const protocols = new Map<string, EscalationConfig>();
  for (const e of escalations) {
    if (protocols.has(e.teamId)) continue;
    const stored = await findEscalationProtocol(ctx.store, e.orgId, e.teamId);
    protocols.set(e.teamId, parseEscalationConfig(stored?.config ?? null));
  }
  const actions = planSweep({ escalations, protocols, alerts, now, alertExpiryMs: ctx.config.alertExpiryMs });
  if (actions.length === 0) return { advanced: 0, expired: 0 };
  const byEscalation = new Map(escalations.map((e) => [e.id, e]));
  const byAlert = new Map(alerts.map((a) => [a.id, a]));

  return runCommand(ctx, async (tx) => {
    const events: NewEvent[] = [];
    const audit: NewAuditEntry[] = [];
    const result: SweepResult = { advanced: 0, expired: 0 };
    for (const action of actions) {
      if (action.kind === "advance_escalation") {
        const e = byEscalation.get(action.escalationId);
        if (e === undefined) continue;
        const target = await chooseLevelTarget(tx, e.orgId, e.teamId, action.next, [
          e.fromPersonId,
          e.toPersonId,
        ]);
        const moved = await advanceEscalation(tx, {
          orgId: e.orgId,
          interventionId: e.id,
          fromLevel: action.fromLevel,
          toLevel: action.toLevel,
          toPersonId: target,
          at: now,
        });
        if (!moved) continue;
        result.advanced += 1;
        audit.push({
          orgId: e.orgId,
          actorKind: "system",
          action: "escalation.advanced",
          targetType: "intervention",
          targetId: e.id,
          details: { fromLevel: action.fromLevel, toLevel: action.toLevel, toPersonId: target },
        });
        // The next level's supervisor is asked as if it were raised to them (toast, queue, webhook),
        // and every lead of the team and the admins see whom it waits on now (`forTheTeamsLeads`):
        // the lead no longer asked still counted it as theirs until their next refetch.
        if (target !== null && target !== e.toPersonId) {
          const raised: NewEvent = {
            orgId: e.orgId,
            teamId: e.teamId,
            conversationId: e.conversationId,
            personId: target,
            type: "escalation.raised",
            payload: { interventionId: e.id, conversationId: e.conversationId, status: "offered" },
          };
          events.push(raised, forTheTeamsLeads(raised));
        }
      } else {
        const a = byAlert.get(action.alertId);
        if (a === undefined) continue;
        if (!(await expireUnacknowledgedAlert(tx, { orgId: a.orgId, alertId: a.id, at: now }))) continue;
        result.expired += 1;
        if (a.helperPersonId !== null)
          await adjustLoad(tx, { orgId: a.orgId, personId: a.helperPersonId, delta: -1 });
        // Its helper's queue drops the alert, and so does every other view of it (a lead's team
        // Alerts page), kept from the agent it is about.
        events.push(...alertNews(a, "alert.expired", "expired"));
        audit.push({
          orgId: a.orgId,
          actorKind: "system",
          action: "alert.expired",
          targetType: "alert",
          targetId: a.id,
          details: { raisedAt: new Date(a.raisedAt).toISOString() },
        });
      }
    }
    if (audit.length > 0) await appendAuditEntries(tx, audit);
    return { result, events };
  });
}

/** Most old events and ended sessions one pass deletes; a backlog goes over a few minutes. */
const PRUNE_BATCH = 5_000;
/** How often the sweeper runs pruneLogs and alertWaitingCustomers (not every tick: they read whole tables or rarely have anything to do). */
const PRUNE_EVERY_MS = 60_000;
/** Ended sessions are kept this long (a week: enough to tell "signed out" from "never signed in"). */
export const ENDED_SESSION_KEEP_MS = 7 * 24 * 60 * 60_000;

/**
 * Housekeeping that keeps two ever-growing tables bounded: events older than
 * `eventRetentionDays` that every delivery cursor has passed (the realtime hints, not the record),
 * and sessions that ended more than a week ago. A batch of each per sweep.
 */
export async function pruneLogs(
  ctx: ServerContext,
  now: number,
): Promise<{ events: number; sessions: number; signInLinks: number }> {
  const events =
    ctx.config.eventRetentionDays > 0
      ? await pruneEvents(ctx.store, {
          createdBefore: now - ctx.config.eventRetentionDays * 24 * 60 * 60_000,
          limit: PRUNE_BATCH,
        })
      : 0;
  const sessions = await pruneEndedSessions(ctx.store, {
    endedBefore: now - ENDED_SESSION_KEEP_MS,
    limit: PRUNE_BATCH,
  });
  const signInLinks = await pruneEndedSignInLinks(ctx.store, {
    endedBefore: now - ENDED_SESSION_KEEP_MS,
    limit: PRUNE_BATCH,
  });
  return { events, sessions, signInLinks };
}

/** Runs `runSweep` every `intervalMs` (the clock is read here, at the edge), never overlapping. */
/**
 * Resolves open incidents with no new report for `incidents.quietMs`: the banner goes away on its
 * own once customers stop reporting. Each resolution is conditional on the incident still being
 * open, so a lead resolving it at the same moment (or another instance's sweep) simply wins.
 */
export async function resolveQuietIncidents(ctx: ServerContext, now: number): Promise<number> {
  const quiet = await listQuietIncidents(ctx.store, now - ctx.config.incidents.quietMs, SWEEP_BATCH);
  let resolved = 0;
  for (const incident of quiet) {
    const done = await runCommand(ctx, async (tx) => {
      try {
        const { events } = await closeIncident(tx, {
          incident,
          at: now,
          note: "No new report for a while: closed automatically.",
          by: null,
          details: { quietMs: ctx.config.incidents.quietMs },
        });
        return { result: true, events };
      } catch (error) {
        // A lead (or another instance's sweep) closed it meanwhile.
        if (error instanceof StoreError && error.code === "INVALID_TRANSITION")
          return { result: false, events: [] };
        throw error;
      }
    });
    if (done) resolved++;
  }
  return resolved;
}

export function createSweeper(ctx: ServerContext, intervalMs: number): PeriodicJob {
  let lastPrune = Number.NEGATIVE_INFINITY;
  return new PeriodicJob(
    async () => {
      const r = await runSweep(ctx, ctx.now());
      if (r.advanced + r.expired > 0) ctx.log.info(r, "sweep");
      const incidents = await resolveQuietIncidents(ctx, ctx.now());
      if (incidents > 0) ctx.log.info({ incidents }, "quiet incidents resolved");
      if (ctx.config.conversationIdleCloseMs > 0) {
        const closed = await closeIdleConversationsNow(
          ctx,
          ctx.now(),
          ctx.config.conversationIdleCloseMs,
          SWEEP_BATCH,
        );
        if (closed > 0) ctx.log.info({ closed }, "idle conversations closed");
      }
      // Employee pulses whose time ran out: `pulse.closed` to each one's team, once.
      const pulses = await announcePulseCloses(ctx, ctx.now(), SWEEP_BATCH);
      if (pulses > 0) ctx.log.info({ pulses }, "employee pulses closed at their time");
      // Each organisation's own period (Admin → Retention), else the server's default.
      const erased = await eraseExpiredConversations(ctx, ctx.now(), ctx.config.retentionDays, SWEEP_BATCH);
      if (erased > 0) ctx.log.info({ erased }, "conversations erased after their retention period");
      // Once a minute: what reads whole tables, or rarely has anything to do.
      if (ctx.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = ctx.now();
        const pruned = await pruneLogs(ctx, lastPrune);
        if (pruned.events + pruned.sessions + pruned.signInLinks > 0)
          ctx.log.info(pruned, "old events, sessions and sign-in links deleted");
        const waiting = await alertWaitingCustomers(ctx, ctx.now());
        if (waiting > 0) ctx.log.info({ alerts: waiting }, "customers left waiting: teammates alerted");
      }
    },
    intervalMs,
    (error) => ctx.log.error({ err: error }, "sweep failed"),
  );
}
