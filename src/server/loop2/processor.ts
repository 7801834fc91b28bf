import {
  claimCommitmentReminders,
  listPeople,
  markMissedCommitments,
  findClosedConversationEventsAfter,
  findClosedConversationsToScore,
  findLatestEventId,
  findScorecardsScoredWhole,
  findConversationsWithoutSkillLines,
  storeSkillLines,
  type NewEvent,
} from "../../store/index.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { redraftDebriefs } from "./debriefRedraft.ts";
import { rederiveGapKeys } from "./gapKeys.ts";
import { processClosedConversation } from "./processClosedConversation.ts";

/** How often the processor looks for newly closed conversations in the event log. */
export const LOOP2_POLL_MS = 1_000;
/** How often commitments are checked for due reminders and for promises missed. */
export const REMINDER_INTERVAL_MS = 60_000;
/** A commitment is "due" (and its agent reminded) this long before its due time. */
export const REMINDER_LEAD_MS = 15 * 60_000;
/** Conversations handled per pass, so one pass never holds the store for long. */
const BATCH = 50;
/** Conversations whose skill-map lines are stored again per pass (storeMissingSkillLines). */
export const SKILL_LINES_SLICE = 25;

/**
 * Loop 2's processor: follows the event log for `conversation.closed` (a cursor over the events
 * table, so it sees closes made by any route or instance) and fills in scorecards, knowledge gaps
 * and debriefs, again after a later close of a reopened conversation; on start it also catches up
 * with closes that were never processed (a crash between close and processing). Sends commitment
 * reminders on a timer. Every step is idempotent across instances (the scorecard, with the messages
 * and the close it covers, and the reminder tables are the once-only marks).
 */
export class Loop2Processor {
  private cursor: number | null = null;
  private running: Promise<void> | null = null;
  private timers: ReturnType<typeof setInterval>[] = [];
  private stopped = false;
  /** Until a slice finds fewer than SKILL_LINES_SLICE: cards whose lines are not stored may remain. */
  private skillLinesMissing = true;
  /** Conversations whose lines were stored again this run: one listed again (it changed meanwhile) is not retried. */
  private readonly skillLinesTried = new Set<string>();

  constructor(private readonly ctx: ServerContext) {}

  start(): void {
    this.stopped = false;
    const poll = setInterval(() => void this.catchUp(), LOOP2_POLL_MS);
    const remind = setInterval(() => void this.sendReminders(this.ctx.now()), REMINDER_INTERVAL_MS);
    poll.unref();
    remind.unref();
    this.timers.push(poll, remind);
    void this.catchUp();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.running;
  }

  /**
   * Processes everything closed so far; resolves when done. Concurrent calls share one pass, and a
   * call made during a pass runs another after it (so a close committed meanwhile is not missed).
   */
  async catchUp(): Promise<void> {
    await this.queue(() => this.pass());
  }

  /**
   * Sweeps again for closed conversations whose last close was never processed, as the first pass
   * does: for closes written without a `conversation.closed` event once the processor was running
   * (the demo's history, seeded after the server started listening). Queued after a pass under way.
   */
  async sweep(): Promise<void> {
    await this.queue(() => this.sweepUnprocessed());
  }

  private async queue(work: () => Promise<void>): Promise<void> {
    const previous = this.running;
    const pass = (async () => {
      await previous;
      if (this.stopped) return;
      try {
        await work();
      } catch (error) {
        this.ctx.log.error({ err: error }, "loop 2 processor");
      }
    })();
    this.running = pass;
    await pass;
    if (this.running === pass) this.running = null;
  }

  private async pass(): Promise<void> {
    if (this.cursor === null) {
      // First pass: take the log's head, then sweep every closed conversation whose last close was
      // never processed (no scorecard, or one covering an earlier close).
      this.cursor = await findLatestEventId(this.ctx.store);
      await this.rederiveGapKeys();
      await this.redraftDebriefs();
      await this.sweepUnprocessed();
      await this.rescoreScoredWhole();
    }
    for (;;) {
      const closed = await findClosedConversationEventsAfter(this.ctx.store, {
        afterId: this.cursor,
        limit: BATCH,
      });
      for (const e of closed) {
        await this.process(e.orgId, e.conversationId);
        this.cursor = e.id;
      }
      if (closed.length < BATCH || this.stopped) break;
    }
    if (this.skillLinesMissing && !this.stopped) await this.storeMissingSkillLines();
  }

  /**
   * One slice, after each pass's closes, until none are left: stores the skill-map lines of cards
   * that have none for their conversation as it is now (migration 0063 cleared those a handover
   * could have miscounted), so the skill map reads them stored rather than working them out from
   * the transcript on every read, and no read writes. Small slices, so closes are not held up. A
   * failure is logged and the rest wait for the next start.
   */
  private async storeMissingSkillLines(): Promise<void> {
    try {
      const slice = await findConversationsWithoutSkillLines(this.ctx.store, { limit: SKILL_LINES_SLICE });
      const fresh = slice.filter((c) => !this.skillLinesTried.has(c.conversationId));
      const byOrg = new Map<string, string[]>();
      for (const c of fresh) {
        this.skillLinesTried.add(c.conversationId);
        byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c.conversationId]);
      }
      for (const [orgId, conversationIds] of byOrg)
        await storeSkillLines(this.ctx.store, { orgId, conversationIds });
      if (slice.length < SKILL_LINES_SLICE || fresh.length === 0) {
        this.skillLinesMissing = false;
        this.skillLinesTried.clear();
      }
    } catch (error) {
      this.skillLinesMissing = false;
      this.ctx.log.error({ err: error }, "loop 2: storing skill-map lines again failed");
    }
  }

  /**
   * Every closed conversation whose last close was never processed. Each is tried once per sweep:
   * one that fails stays in the list, and the sweep ends when a batch brings none new.
   */
  private async sweepUnprocessed(): Promise<void> {
    await this.processEachOnce((limit) => findClosedConversationsToScore(this.ctx.store, { limit }));
  }

  /**
   * Once, at start: re-scores the agents' cards scored before a card scored its agent's part only
   * (they scored a helper's lines as the agent's), and gives the helpers their own cards. Each is
   * listed until re-scored (it then has a scope), so a restart midway carries on and a second
   * instance finds it done; each is tried once per start (one that fails waits for the next).
   */
  private async rescoreScoredWhole(): Promise<void> {
    await this.processEachOnce((limit) => findScorecardsScoredWhole(this.ctx.store, { limit }));
  }

  /**
   * Once, at start, before closes are processed: the stored keys of knowledge gaps an older
   * derivation wrote are derived again (gapKeys.ts). A failure is logged; the gaps keep their keys
   * until the next start.
   */
  private async rederiveGapKeys(): Promise<void> {
    try {
      const changed = await rederiveGapKeys(this.ctx.store);
      if (changed > 0) this.ctx.log.info({ changed }, "loop 2: knowledge gaps' keys derived again");
    } catch (error) {
      this.ctx.log.error({ err: error }, "loop 2: deriving knowledge gaps' keys again failed");
    }
  }

  /**
   * Once, at start: the debrief cards still as drafted but stored with every part of a name
   * redacted in any case ("the [PERSON] can use" for a teammate called Aaron Agent) are drafted
   * again (debriefRedraft.ts). A failure is logged; the cards stay marked until the next start.
   */
  private async redraftDebriefs(): Promise<void> {
    try {
      const rewritten = await redraftDebriefs(this.ctx);
      if (rewritten > 0) this.ctx.log.info({ rewritten }, "loop 2: debrief cards drafted again");
    } catch (error) {
      this.ctx.log.error({ err: error }, "loop 2: drafting debrief cards again failed");
    }
  }

  /**
   * Processes the conversations `list` returns, a batch at a time, each at most once: one that
   * fails stays listed, and the pass ends when a batch brings none new (or the processor stops).
   */
  private async processEachOnce(
    list: (limit: number) => Promise<readonly { orgId: string; conversationId: string }[]>,
  ): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const pending = await list(BATCH);
      const fresh = pending.filter((c) => !tried.has(c.conversationId));
      for (const c of fresh) {
        if (this.stopped) return;
        tried.add(c.conversationId);
        await this.process(c.orgId, c.conversationId);
      }
      if (pending.length < BATCH || fresh.length === 0 || this.stopped) return;
    }
  }

  /**
   * One conversation; a failure is logged and skipped, so one bad conversation cannot stall the
   * queue behind it (its last close stays unprocessed, and the next start's sweep tries it again).
   */
  private async process(orgId: string, conversationId: string): Promise<boolean> {
    try {
      return await processClosedConversation(this.ctx, orgId, conversationId);
    } catch (error) {
      this.ctx.log.error({ err: error, conversationId }, "loop 2: processing a closed conversation failed");
      return false;
    }
  }

  /**
   * Appends a `commitment.due` event (to the agent only) for each open commitment falling due
   * soon, and marks missed each open one whose due time has passed: a `commitment.missed` event
   * goes to its agent and to the leads of its conversation's team (their console and Follow-ups
   * pages update). Both are once-only across instances (the reminder table, the status change).
   * Returns how many events were appended.
   */
  async sendReminders(now: number): Promise<number> {
    try {
      return await runCommand(this.ctx, async (tx) => {
        const claimed = await claimCommitmentReminders(tx, { now, leadMs: REMINDER_LEAD_MS });
        const events: NewEvent[] = claimed
          .filter((r) => r.personId !== null)
          .map((r) => ({
            orgId: r.orgId,
            personId: r.personId,
            conversationId: r.conversationId,
            type: "commitment.due",
            payload: { conversationId: r.conversationId, personId: r.personId, status: r.kind },
          }));
        const missed = await markMissedCommitments(tx, { now });
        const leadsOf = new Map<string, string[]>();
        for (const c of missed) {
          const key = `${c.orgId}/${c.teamId}`;
          let leads = leadsOf.get(key);
          if (leads === undefined) {
            leads = (await listPeople(tx, { orgId: c.orgId, teamId: c.teamId }))
              .filter((p) => p.role === "lead" && p.deactivatedAt === null)
              .map((p) => p.id);
            leadsOf.set(key, leads);
          }
          const rooms = [...new Set([c.personId, ...leads])].filter((id): id is string => id !== null);
          for (const personId of rooms)
            events.push({
              orgId: c.orgId,
              teamId: c.teamId,
              conversationId: c.conversationId,
              personId,
              type: "commitment.missed",
              payload: {
                conversationId: c.conversationId,
                commitmentId: c.id,
                personId: c.personId,
                status: "missed",
              },
            });
        }
        return { result: events.length, events };
      });
    } catch (error) {
      this.ctx.log.error({ err: error }, "loop 2 reminders");
      return 0;
    }
  }
}
