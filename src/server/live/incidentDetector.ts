import {
  appendAuditEntries,
  createInsight,
  recordMalfunctionReports,
  setIncidentInsight,
  type IncidentRecord,
  type NewEvent,
  type NewMalfunctionReport,
} from "../../store/index.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { redactText } from "../loop2/redaction.ts";

/** Most reports recorded in one transaction. */
const BATCH = 500;

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

  constructor(
    private readonly ctx: Pick<ServerContext, "store" | "bus" | "log" | "metrics" | "config" | "now">,
  ) {}

  /** Queues reports (of messages already committed); they are recorded in the background. */
  report(reports: readonly NewMalfunctionReport[]): void {
    if (reports.length === 0) return;
    this.pending.push(...reports);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves once every report queued so far is recorded (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining !== null) await this.draining;
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

  private async record(reports: NewMalfunctionReport[]): Promise<void> {
    const now = this.ctx.now();
    const { threshold, windowMs } = this.ctx.config.incidents;
    const opened = await runCommand(this.ctx, async (tx) => {
      const changes = await recordMalfunctionReports(tx, reports, now, { threshold, windowMs });
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
      for (const incident of changes.grown)
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
  const opened = new Date(incident.openedAt).toISOString().slice(0, 16).replace("T", " ");
  return [
    `Possible incident, opened ${opened} UTC: ${incident.conversationCount} customers reported "${incident.label}" not working within minutes of each other.`,
    `A customer's words: "${redactText(incident.example, [])}"`,
    "Cause: not known yet.",
    "Workaround: (what helps customers meanwhile)",
    "What to tell customers: (what agents should say, and when to expect a fix)",
  ].join("\n");
}
