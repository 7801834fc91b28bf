import {
  appendAuditEntries,
  createInsight,
  findIncidentById,
  findInsightById,
  updateInsightDraft,
  type Queryable,
  recordMalfunctionReports,
  resolveIncident,
  setIncidentInsight,
  type JsonValue,
  type IncidentRecord,
  type NewEvent,
  type NewMalfunctionReport,
} from "../../store/index.ts";
import { findTeamEngineSettings } from "../../store/teamEngineSettings.ts";
import { runCommand } from "../commands/runCommand.ts";
import { teamIncidentRules } from "../engineSettings/teamEngineConfig.ts";
import type { ServerContext } from "../context.ts";
import { redactText } from "../loop2/redaction.ts";

/** Most reports recorded in one transaction. */
const BATCH = 500;
/** Conversation × subject pairs remembered to skip repeated reports (older ones are forgotten first). */
const MAX_REMEMBERED = 100_000;

/**
 * Incident surge, the server's part. The ingest pipeline hands over its customers' malfunction
 * reports after each group commits; they are recorded here in a transaction of their own, off the
 * ingest path (an alert's latency never waits for this), one batch at a time. When reports open an
 * incident, the team hears `incident.opened` (the web app shows a banner) and a draft insight is
 * written for the KB owner: the knowledge stub.
 *
 * The reports are derived data: a crash between the messages' commit and this transaction loses
 * those reports (the messages and their analyses are kept), which at worst delays an incident by
 * a few reports.
 */
export class IncidentDetector {
  private pending: NewMalfunctionReport[] = [];
  private draining: Promise<void> | null = null;
  /** When each conversation last reported each subject (`conversation term` → ms), to skip repeats. */
  private readonly recent = new Map<string, number>();
  /** When each incident's last `incident.updated` went out, and the ones waiting to go out. */
  private readonly announced = new Map<string, number>();
  private readonly unannounced = new Map<string, { orgId: string; teamId: string }>();
  private announceTimer: ReturnType<typeof setTimeout> | null = null;
  private announcing: Promise<void> | null = null;

  constructor(
    private readonly ctx: Pick<ServerContext, "store" | "bus" | "log" | "metrics" | "config" | "now">,
  ) {}

  /**
   * Queues reports (of messages already committed); they are recorded in the background. A
   * conversation repeating a subject it reported within half a window is not reported again: it
   * already counts, and in a big outage the repeats would be most of the work.
   */
  report(reports: readonly NewMalfunctionReport[]): void {
    const half = this.ctx.config.incidents.windowMs / 2;
    const redacted = new Map<string, string>();
    for (const r of reports) {
      const key = `${r.conversationId} ${r.term}`;
      const last = this.recent.get(key);
      if (last !== undefined && r.reportedAt - last >= 0 && r.reportedAt - last < half) continue;
      this.recent.set(key, r.reportedAt);
      // Shown team-wide on the incident: personal data never goes in. Redacted here, once per
      // report that is kept, rather than on the ingest path for every subject of every message.
      const phrase = redacted.get(r.phrase) ?? redactText(r.phrase, []);
      redacted.set(r.phrase, phrase);
      this.pending.push({ ...r, phrase });
    }
    if (this.recent.size > MAX_REMEMBERED)
      this.forgetBefore(this.ctx.now() - this.ctx.config.incidents.windowMs);
    if (this.pending.length === 0) return;
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves once every report queued so far is recorded and announced (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining !== null || this.announcing !== null) {
      await this.draining;
      await this.announcing;
    }
  }

  /** Stops the pending announcement timer (shutdown); what is queued is announced first. */
  async close(): Promise<void> {
    if (this.announceTimer !== null) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    await this.idle();
    if (this.unannounced.size > 0) await this.announce();
  }

  private forgetBefore(cutoff: number): void {
    for (const [key, at] of this.recent) if (at < cutoff) this.recent.delete(key);
    if (this.recent.size > MAX_REMEMBERED) this.recent.clear();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        await this.record(batch);
      } catch (error) {
        this.ctx.metrics.incidentReportsFailed.inc(batch.length);
        this.ctx.log.error({ err: error, reports: batch.length }, "incident reports not recorded");
      }
    }
  }

  /**
   * `incident.updated` at most once per `updateEveryMs` per incident: every teammate's app refetches
   * on it, and a big outage grows its incident with every ingest group. A growth inside the interval
   * is announced when it ends, with the count as it is then.
   */
  private shouldAnnounce(incident: IncidentRecord, now: number): boolean {
    const last = this.announced.get(incident.id);
    if (last === undefined || now - last >= this.ctx.config.incidents.updateEveryMs) {
      this.announced.set(incident.id, now);
      this.unannounced.delete(incident.id);
      return true;
    }
    this.unannounced.set(incident.id, { orgId: incident.orgId, teamId: incident.teamId });
    this.scheduleAnnouncement(Math.max(0, last + this.ctx.config.incidents.updateEveryMs - now));
    return false;
  }

  private scheduleAnnouncement(delayMs: number): void {
    if (this.announceTimer !== null) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = null;
      this.announcing ??= this.announce().finally(() => {
        this.announcing = null;
        // Growth that came in while announcing waits for the next turn.
        if (this.unannounced.size > 0) this.scheduleAnnouncement(this.ctx.config.incidents.updateEveryMs);
      });
    }, delayMs);
    this.announceTimer.unref?.();
  }

  private async announce(): Promise<void> {
    const due = [...this.unannounced];
    this.unannounced.clear();
    const now = this.ctx.now();
    try {
      await runCommand(this.ctx, async (tx) => {
        const events: NewEvent[] = [];
        for (const [id, { orgId, teamId }] of due) {
          const incident = await findIncidentById(tx, orgId, id);
          if (incident === null || incident.status !== "open") continue;
          this.announced.set(id, now);
          events.push({
            orgId,
            teamId,
            type: "incident.updated",
            payload: { incidentId: id, count: incident.conversationCount },
          });
        }
        return { result: null, events };
      });
    } catch (error) {
      this.ctx.log.error({ err: error }, "incident updates not announced");
    }
  }

  private async record(reports: NewMalfunctionReport[]): Promise<void> {
    const now = this.ctx.now();
    const defaults = {
      threshold: this.ctx.config.incidents.threshold,
      windowMs: this.ctx.config.incidents.windowMs,
    };
    const byTeam = new Map<string, NewMalfunctionReport[]>();
    for (const r of reports) {
      const list = byTeam.get(r.teamId) ?? [];
      list.push(r);
      byTeam.set(r.teamId, list);
    }
    const opened = await runCommand(this.ctx, async (tx) => {
      // Each team by its own rules (its engine settings' `incidents`, on the server's defaults).
      const changes: { opened: IncidentRecord[]; grown: IncidentRecord[] } = { opened: [], grown: [] };
      for (const [teamId, own] of [...byTeam].sort(([a], [b]) => a.localeCompare(b))) {
        const stored = await findTeamEngineSettings(tx, own[0]?.orgId ?? "", teamId);
        const rules = teamIncidentRules(stored?.overrides, defaults);
        const team = await recordMalfunctionReports(tx, own, now, rules);
        changes.opened.push(...team.opened);
        changes.grown.push(...team.grown);
      }
      const events: NewEvent[] = [];
      const opened: IncidentRecord[] = [];
      for (const incident of changes.opened) {
        const insight = await createInsight(tx, {
          orgId: incident.orgId,
          teamId: incident.teamId,
          text: stubText(incident),
          topic: incident.label,
        });
        opened.push(
          await setIncidentInsight(tx, { orgId: incident.orgId, id: incident.id, insightId: insight.id }),
        );
        events.push(
          {
            orgId: incident.orgId,
            teamId: incident.teamId,
            type: "incident.opened",
            payload: { incidentId: incident.id, count: incident.conversationCount },
          },
          { orgId: incident.orgId, teamId: incident.teamId, type: "insight.drafted", payload: {} },
        );
      }
      for (const incident of changes.opened) this.announced.set(incident.id, now);
      for (const incident of changes.grown)
        if (this.shouldAnnounce(incident, now))
          events.push({
            orgId: incident.orgId,
            teamId: incident.teamId,
            type: "incident.updated",
            payload: { incidentId: incident.id, count: incident.conversationCount },
          });
      if (opened.length > 0)
        await appendAuditEntries(
          tx,
          opened.map((incident) => ({
            orgId: incident.orgId,
            actorKind: "system" as const,
            action: "incident.opened",
            targetType: "incident",
            targetId: incident.id,
            details: { label: incident.label, conversations: incident.conversationCount },
          })),
        );
      return { result: opened, events };
    });
    this.ctx.metrics.incidentReports.inc(reports.length);
    this.ctx.metrics.incidentsOpened.inc(opened.length);
    for (const incident of opened)
      this.ctx.log.info(
        {
          incidentId: incident.id,
          teamId: incident.teamId,
          label: incident.label,
          conversations: incident.conversationCount,
        },
        "incident opened",
      );
  }
}

/** The knowledge stub: a draft insight the KB owner completes once the cause and a workaround are known. */
export function stubText(incident: IncidentRecord): string {
  const opened = minuteUtc(incident.openedAt);
  return [
    `Possible incident, opened ${opened} UTC: ${incident.conversationCount} customers reported "${incident.label}" not working within minutes of each other.`,
    `A customer's words: "${redactText(incident.example, [])}"`,
    "Cause: not known yet.",
    "Workaround: (what helps customers meanwhile)",
    "What to tell customers: (what agents should say, and when to expect a fix)",
  ].join("\n");
}

/** "2026-12-05 04:51": a time as the stub shows it (UTC). */
const minuteUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/**
 * Closes an open incident: a lead's call (`by`), or the sweeper's after a quiet spell (`by` null).
 * One place for what closing means: the incident resolved, its knowledge stub told how it ended,
 * the audit entry, and the `incident.resolved` event for the caller's command to append.
 */
export async function closeIncident(
  tx: Queryable,
  input: {
    incident: IncidentRecord;
    at: number;
    note: string | null;
    by: { personId: string; name: string; actorKind: "person" | "api_token"; requestId: string } | null;
    details?: JsonValue;
  },
): Promise<{ incident: IncidentRecord; events: NewEvent[] }> {
  const { incident, by } = input;
  const closed = await resolveIncident(tx, {
    orgId: incident.orgId,
    id: incident.id,
    by: by?.personId ?? null,
    note: input.note,
    at: input.at,
  });
  await noteResolutionInStub(tx, closed, by?.name ?? null);
  await appendAuditEntries(tx, [
    {
      orgId: incident.orgId,
      actorKind: by?.actorKind ?? "system",
      actorId: by?.personId ?? null,
      action: "incident.resolved",
      targetType: "incident",
      targetId: incident.id,
      ...(by !== null ? { requestId: by.requestId } : {}),
      ...(input.details !== undefined ? { details: input.details } : {}),
    },
  ]);
  return {
    incident: closed,
    events: [
      {
        orgId: incident.orgId,
        teamId: incident.teamId,
        type: "incident.resolved",
        payload: { incidentId: incident.id },
      },
    ],
  };
}

/**
 * When an incident closes, its knowledge stub (if still a draft) learns how it ended: when, after
 * how many customers, who closed it and what they said fixed it. A stub already reviewed is left
 * as the lead published or rejected it.
 */
async function noteResolutionInStub(
  db: Queryable,
  incident: IncidentRecord,
  closedBy: string | null,
): Promise<void> {
  if (incident.insightId === null) return;
  const stub = await findInsightById(db, incident.orgId, incident.insightId);
  if (stub === null || stub.status !== "draft") return;
  const at = minuteUtc(incident.resolvedAt ?? Date.now());
  const line =
    closedBy !== null
      ? `Resolved ${at} UTC by ${closedBy} after ${incident.conversationCount} customers reported it${incident.resolutionNote ? `: ${redactText(incident.resolutionNote, [])}` : "."}`
      : `Closed automatically ${at} UTC: no new report for a while, after ${incident.conversationCount} customers reported it.`;
  const text = `${stub.text}\n${line}`;
  await updateInsightDraft(db, { orgId: incident.orgId, id: stub.id, text: text.slice(0, 4000) });
}
