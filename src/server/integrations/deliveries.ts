import { describeDuration, type DeliveryOutcome, type EventType } from "../../protocol/index.ts";
import {
  advanceDeliveryCursor,
  claimDeliveryCursor,
  claimDeliveryFailure,
  deleteDeliveryFailure,
  ensureDeliveryCursor,
  findEventById,
  findEventsToDeliver,
  findHeldEvents,
  findLatestEventId,
  forgetDeliveryCursor,
  listDeliveryCursors,
  listDeliveryHolds,
  recordDeliveryFailure,
  releaseDeliveryCursor,
  releaseDeliveryFailure,
  saveDeliveryHold,
  setDeliveryFailing,
  type DeliveryFailureRecord,
  type DeliveryHoldRecord,
  type EventRecord,
  type Queryable,
  type Store,
} from "../../store/index.ts";
import { appendEvents, type NewEvent } from "../../store/events.ts";
import type { ServerConfig } from "../config.ts";
import { AppError, invalidState } from "../errors.ts";
import type { Metrics } from "../metrics.ts";

/**
 * Something that acts on committed events outside tagteam (a webhook, Chatwoot); it declares which
 * event types it handles and is handed them one by one, in id order, by its delivery loop.
 */
export interface EventProcessor {
  /** Lower-case; its cursor and dead letters are kept under this name. */
  readonly name: string;
  readonly handles: readonly EventType[];
  /**
   * How long after it happened an event is still worth delivering. A failing receiver is retried
   * until then; an event already older when its turn comes is dead-lettered without being posted.
   */
  readonly maxAgeMs: number;
  /**
   * Acts on one event: "sent" when something went out, "skipped" when there is nothing to send for
   * it. Throws when it could not; a {@link DeliveryError} says whether trying again can help
   * (anything else thrown counts as transient). With `dryRun` it only says which it would be:
   * it reads what it needs and posts nothing.
   */
  process(record: EventRecord, options?: { dryRun?: boolean }): Promise<DeliveryOutcome>;
  /**
   * The events that tell someone this event will not be delivered (a whisper that never reached
   * the agent): appended with its dead letter, in the same transaction, and published after it.
   */
  deadLettered?(db: Queryable, record: EventRecord, reason: string): Promise<NewEvent[]>;
  /**
   * Whether the organisation's events go to a receiver of its own (set on Admin → Integrations),
   * not the server's. When that receiver fails, the organisation's events wait in a hold and are
   * retried there, in order, while the others' go on; a failing server-wide receiver (or a
   * processor without this) keeps the one queue, retried in place.
   */
  ownReceiver?(orgId: string): Promise<boolean>;
}

/**
 * A failed delivery; `permanent` ones (the receiver refused the request itself) are not retried.
 * `retryAfterMs`: the receiver asked to wait at least this long before the next attempt.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DeliveryError";
  }
}

/**
 * The receiver's non-2xx answer as a failure. A 4xx says the request itself is wrong (a revoked
 * token, a deleted conversation, a bad URL): sending it again cannot help, so it is permanent.
 * Except 408 (timeout) and 429 (slow down), which are about timing, like every 5xx. A 429 or 503
 * with a `Retry-After` header (`retryAfter`) says how long to wait.
 */
export function deliveryErrorForStatus(
  status: number,
  message: string,
  retryAfter: string | null = null,
  now: number = Date.now(),
): DeliveryError {
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  const wait = status === 429 || status === 503 ? parseRetryAfter(retryAfter, now) : null;
  return new DeliveryError(message, permanent, wait);
}

/**
 * A `Retry-After` header in milliseconds from `now`: a number of seconds, or an HTTP date (a date
 * already past is 0). Null when absent or not understood.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), 86_400 * 365) * 1000;
  if (!/[a-z]/i.test(text)) return null; // "1.5", "-3": neither seconds nor a date
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** How long to wait before attempt `attempt + 1`: base, 2·base, 4·base… capped at maxMs. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}

/** A failure in one line for logs and dead letters: the message and the network cause, never a URL. */
export function describeDeliveryFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const detail =
    cause instanceof Error
      ? [("code" in cause && typeof cause.code === "string" ? cause.code : null) ?? cause.name, cause.message]
          .filter((s) => s !== "")
          .join(": ")
      : null;
  const head = error.name === "TimeoutError" ? "no answer in time" : error.message;
  return detail !== null && detail !== "" ? `${head} (${detail})` : head;
}

export interface DeliverySettings {
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  /** Events read per statement. */
  pageSize: number;
  /**
   * How long a run waits on one organisation's own receiver (default {@link DELIVERY_SLICE_MS}):
   * past it, that organisation's request goes on without the run and its next events wait in its
   * hold, so the run can go on to the others'.
   */
  sliceMs?: number;
}

export interface DeliveryLog {
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** Events read per statement by a delivery loop. */
export const DELIVERY_PAGE_SIZE = 100;
/** How long a run waits on one organisation's own receiver before going on without it. */
export const DELIVERY_SLICE_MS = 1_000;
/** How many organisations' receivers a run posts to at once. */
const DELIVERY_LANES = 8;

/**
 * The events of one page being delivered: the cursor moves to the end of the longest run of them,
 * from the first, that is dealt with (delivered, dead-lettered or waiting in a hold), never past
 * one still in hand.
 */
interface Batch {
  ids: number[];
  dealt: Set<number>;
  /** Index in `ids` of the first event not dealt with. */
  next: number;
  startedAt: number;
  /** A lane lost the lease, or the loop stopped: the others start nothing more. */
  stop: boolean;
}

/** Resolves true when `promise` settles within `ms`, false otherwise (it goes on). */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    }),
  ]).finally(() => clearTimeout(timer));
}
/**
 * The lease on a cursor outlasts the longest stretch between two renewals (a backoff wait, then
 * one attempt: the processors give up on a request after 5 s) by this much.
 */
const LEASE_MARGIN_MS = 60_000;
/** How long an admin's "send again" holds its dead letter: well past a post's timeout. */
const RETRY_CLAIM_MS = 60_000;

interface LoopDeps {
  store: Store;
  processor: EventProcessor;
  settings: DeliverySettings;
  /** This instance's lease owner name. */
  owner: string;
  metrics: Metrics;
  log: DeliveryLog;
  /** Hands events committed here (a dead letter's notices) to the realtime bus. */
  publish: (records: readonly EventRecord[]) => void;
}

/**
 * One processor's delivery loop: reads its event types after its cursor in pages, hands each event
 * to the processor (each organisation with a receiver of its own in a lane of its own, several at
 * once, see `deliverPage`), and moves the cursor in the database past each one once every event
 * before it is dealt with too. A transient failure is
 * retried with exponential backoff (at least as long as a `Retry-After` asks) for as long as the
 * event is younger than the processor's `maxAgeMs`: the head of the queue is retried through an
 * outage and the backlog flows in order once the receiver is back. An event too old to be worth
 * posting (already when its turn comes, or by its next attempt) becomes a dead letter without
 * being posted, as does a permanent failure at once, and the loop goes on. While the receiver
 * fails, the cursor row says so (since when, the last error, the next attempt) for the admin
 * screen. Runs when woken (after a commit) and every `pollMs`; runs never overlap, and a wake
 * during a run asks for another run after it.
 */
export class DeliveryLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly sleepers = new Set<() => void>();
  private readonly leaseMs: number;
  /**
   * The receiver's last transient failure while it has not answered since; null when it did;
   * undefined before the first attempt of this process (the cursor row may say failing from a
   * previous run: the first answer clears it).
   */
  private failing: { lastError: string; orgId: string | null } | null | undefined = undefined;
  /**
   * The event whose failed attempt a lane is waiting to try again (the server's receivers, in
   * their lane); null when none is. Meanwhile another lane's receiver answering or refusing says
   * nothing about that one: "failing" stays as it is.
   */
  private retrying: number | null = null;
  /**
   * The organisations whose own receiver failed, by id: their events wait in a hold, retried in
   * order when due, and the walk passes them (read from the database at each run).
   */
  private holds = new Map<string, DeliveryHoldRecord>();
  /** Wakes the loop when the next hold is due. */
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly holdWaiters = new Set<() => void>();
  /** The page being delivered (runs never overlap); null between pages. */
  private batch: Batch | null = null;
  /**
   * Organisations whose own receiver is still answering a request a run stopped waiting for
   * ({@link DELIVERY_SLICE_MS}): by id, that request's settling. Their events wait in their hold
   * until it settles; nothing else of theirs is posted meanwhile.
   */
  private readonly busy = new Map<string, Promise<void>>();

  constructor(private readonly deps: LoopDeps) {
    this.leaseMs = deps.settings.retryMaxMs + LEASE_MARGIN_MS;
  }

  get processor(): EventProcessor {
    return this.deps.processor;
  }

  /** Creates the cursor at the newest event if the processor has none (no replay of history). */
  async prepare(): Promise<void> {
    await ensureDeliveryCursor(this.deps.store, this.deps.processor.name);
  }

  /** Polls every `pollMs`, and runs once now (events left over from before a restart). */
  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setInterval(() => this.wake(), this.deps.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Asks for a run: at once when idle, else right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    this.again = true;
    if (this.running !== null) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // A wake that came after the last run's check but before this point is not lost.
      if (this.again) this.wake();
    });
  }

  /**
   * Nothing in hand: no run in progress or asked for, and no receiver failure waiting to be retried
   * (a stopped loop would leave that event undelivered and its reply "waiting").
   */
  get settled(): boolean {
    return (
      this.running === null &&
      !this.again &&
      (this.failing === null || this.failing === undefined) &&
      this.busy.size === 0 &&
      ![...this.holds.values()].some((hold) => hold.failing?.nextAttemptAt != null)
    );
  }

  /**
   * Resolves once no run is in progress or asked for, and no hold waits for its next attempt here
   * (every event woken for is dealt with: delivered, or dead-lettered).
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running !== null) await this.running;
      else if (this.busy.size > 0) await Promise.all([...this.busy.values()]);
      else if (this.holdTimer !== undefined)
        await new Promise<void>((resolve) => this.holdWaiters.add(resolve));
      else return;
    }
  }

  private wakeHoldWaiters(): void {
    const waiters = [...this.holdWaiters];
    this.holdWaiters.clear();
    for (const resolve of waiters) resolve();
  }

  /** After a run: wakes the loop when its earliest hold is due (a poll would, later). */
  private scheduleHolds(): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    // A hold with no attempt due has nothing waiting (its receiver's last answer was a failure).
    // One whose receiver is still answering is woken for when it answers.
    const due = [...this.holds.values()].flatMap((hold) =>
      this.busy.has(hold.orgId)
        ? []
        : hold.failing === null
          ? [Date.now()]
          : hold.failing.nextAttemptAt === null
            ? []
            : [hold.failing.nextAttemptAt],
    );
    if (this.stopped || due.length === 0) {
      this.wakeHoldWaiters();
      return;
    }
    this.holdTimer = setTimeout(
      () => {
        this.holdTimer = undefined;
        this.wake();
        this.wakeHoldWaiters();
      },
      Math.max(0, Math.min(...due) - Date.now()),
    );
    this.holdTimer.unref();
  }

  /**
   * Stops polling, cuts a backoff wait short (that event stays for the next start), waits for the
   * attempt in flight, and gives the lease up so another instance can take over at once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.wakeHoldWaiters();
    for (const wakeUp of [...this.sleepers]) wakeUp();
    await this.idle();
    await releaseDeliveryCursor(this.deps.store, {
      processor: this.deps.processor.name,
      owner: this.deps.owner,
    }).catch((error: unknown) =>
      this.deps.log.warn(
        { err: error, processor: this.deps.processor.name },
        "releasing a delivery lease failed",
      ),
    );
  }

  private async drain(): Promise<void> {
    while (this.again && !this.stopped) {
      this.again = false;
      try {
        await this.run();
      } catch (error) {
        // The database is unreachable, or the like: the next wake or poll tries again.
        this.deps.log.error({ err: error, processor: this.deps.processor.name }, "delivery loop");
      }
    }
  }

  private async run(): Promise<void> {
    try {
      await this.walk();
    } finally {
      this.scheduleHolds();
    }
  }

  private async walk(): Promise<void> {
    const { store, processor, settings, owner } = this.deps;
    let cursor = await claimDeliveryCursor(store, {
      processor: processor.name,
      owner,
      leaseMs: this.leaseMs,
      // One process owns a PGlite directory: a lease found there is a previous run's.
      takeOver: store.kind !== "postgres",
    });
    if (cursor === null) {
      this.holds.clear(); // another instance is delivering, its holds too
      return;
    }
    const holds = await listDeliveryHolds(store, { processor: processor.name });
    this.holds = new Map(holds.map((hold) => [hold.orgId, hold]));
    // First the holds that are due: their events come before the same organisation's later ones.
    // Several at once, each in order, none waited on past the slice; one whose receiver is still
    // answering an earlier request is left alone.
    const due = holds.filter(
      (hold) => !this.busy.has(hold.orgId) && (hold.failing?.nextAttemptAt ?? 0) <= Date.now(),
    );
    const startedAt = Date.now();
    const upTo = cursor;
    if (!(await this.inLanes(due.map((hold) => () => this.deliverHeld(hold, upTo, startedAt))))) return;
    for (;;) {
      const page = await findEventsToDeliver(store, {
        afterId: cursor,
        types: processor.handles,
        limit: settings.pageSize,
      });
      if (!(await this.deliverPage(page.events))) return;
      cursor = page.events.at(-1)?.id ?? cursor;
      if (page.events.length < settings.pageSize) {
        // Everything up to the head has been seen: start the next read there.
        if (page.headId > cursor && !this.stopped) {
          if (!(await this.advance(page.headId))) return;
        }
        return;
      }
    }
  }

  /**
   * Delivers a page: each organisation with a receiver of its own in a lane of its own, in order,
   * the others (the server's receivers) in one lane as before, up to {@link DELIVERY_LANES} lanes at
   * once. The cursor moves past each event once it and every one before it are dealt with. False
   * when the loop stopped or the lease was lost.
   */
  private async deliverPage(events: readonly EventRecord[]): Promise<boolean> {
    const batch: Batch = {
      ids: events.map((e) => e.id),
      dealt: new Set(),
      next: 0,
      startedAt: Date.now(),
      stop: false,
    };
    const shared: EventRecord[] = [];
    const own = new Map<string, EventRecord[]>();
    const ownReceiver = new Map<string, boolean>();
    for (const event of events) {
      if (this.holds.has(event.orgId)) {
        batch.dealt.add(event.id); // it waits in its organisation's hold
        if (this.holds.get(event.orgId)?.failing?.nextAttemptAt === null && !this.busy.has(event.orgId))
          this.again = true; // a hold with no attempt due tries it in the next run, at once
        continue;
      }
      let mine = ownReceiver.get(event.orgId);
      if (mine === undefined) {
        mine = await this.ownReceiver(event.orgId);
        ownReceiver.set(event.orgId, mine);
      }
      if (!mine) shared.push(event);
      else own.set(event.orgId, [...(own.get(event.orgId) ?? []), event]);
    }
    this.batch = batch;
    try {
      const lanes = [
        ...(shared.length > 0 ? [() => this.deliverLane(batch, shared, false)] : []),
        ...[...own.values()].map((lane) => () => this.deliverLane(batch, lane, true)),
      ];
      if (!(await this.inLanes(lanes, batch))) return false;
      return await this.settle(batch);
    } finally {
      this.batch = null;
    }
  }

  /**
   * Runs `lanes` at most {@link DELIVERY_LANES} at once; true when every one returned true. Waits
   * for all of them even when one fails (none goes on behind the run); rethrows the first error.
   */
  private async inLanes(lanes: (() => Promise<boolean>)[], batch?: Batch): Promise<boolean> {
    let next = 0;
    let ok = true;
    const errors: unknown[] = [];
    const work = async (): Promise<void> => {
      while (next < lanes.length) {
        const lane = lanes[next++];
        if (lane === undefined) return;
        try {
          if (await lane()) continue;
        } catch (error) {
          errors.push(error);
        }
        ok = false;
        if (batch !== undefined) batch.stop = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELIVERY_LANES, lanes.length) }, work));
    if (errors.length > 0) throw errors[0];
    return ok;
  }

  /**
   * One lane of a page, in order. An organisation's own receiver (`own`) is waited on until the
   * page's slice ends: a request still unanswered then goes on without the run, and that
   * organisation's events from it on wait in its hold, tried when it has answered.
   */
  private async deliverLane(batch: Batch, events: readonly EventRecord[], own: boolean): Promise<boolean> {
    const { processor } = this.deps;
    const sliceMs = this.deps.settings.sliceMs ?? DELIVERY_SLICE_MS;
    for (const event of events) {
      if (batch.stop || this.stopped) return false;
      if (this.holds.has(event.orgId)) {
        // Its organisation's receiver failed or is slow on an earlier one: it waits in the hold.
        if (!(await this.pass(event.id))) return false;
        continue;
      }
      if (!own || Date.now() >= event.createdAt + processor.maxAgeMs) {
        if (!(await this.deliver(event))) return false;
        continue;
      }
      const left = batch.startedAt + sliceMs - Date.now();
      if (left <= 0) {
        // The slice is spent: this one and the organisation's next wait in its hold, tried at once.
        if (!(await this.holdFrom(event, null))) return false;
        if (!(await this.pass(event.id))) return false;
        continue;
      }
      const sending = processor.process(event);
      if (await settlesWithin(sending, left)) {
        if (!(await this.deliver(event, sending))) return false;
        continue;
      }
      if (!(await this.holdFrom(event, sending))) return false;
      if (!(await this.pass(event.id))) return false;
    }
    return true;
  }

  /**
   * Holds an organisation's events from `event` on (its receiver is slow, or the slice is spent),
   * with nothing failing so it is tried at once; `sending`: the request to `event` still in
   * flight, settled in the hold once it answers. False when the lease was lost.
   */
  private async holdFrom(event: EventRecord, sending: Promise<DeliveryOutcome> | null): Promise<boolean> {
    const { processor, store } = this.deps;
    sending?.catch(() => undefined); // its failure is read below, or not at all when the lease is gone
    const held = await saveDeliveryHold(store, {
      processor: processor.name,
      owner: this.deps.owner,
      leaseMs: this.leaseMs,
      orgId: event.orgId,
      fromEventId: event.id,
      failing: null,
    });
    if (!held) return this.leaseLost();
    const hold: DeliveryHoldRecord = {
      processor: processor.name,
      orgId: event.orgId,
      fromEventId: event.id,
      attempts: 0,
      failing: null,
    };
    this.holds.set(event.orgId, hold);
    if (sending !== null) this.settleLater(hold, event, sending);
    return true;
  }

  /** Settles a request the run stopped waiting for in its hold once it answers, then runs again. */
  private settleLater(hold: DeliveryHoldRecord, event: EventRecord, sending: Promise<DeliveryOutcome>): void {
    const settling = this.deliverHeldEvent(hold, event, sending)
      .then(() => undefined)
      .catch((error: unknown) =>
        this.deps.log.error(
          { err: error, processor: this.deps.processor.name, orgId: event.orgId, eventId: event.id },
          "delivery loop",
        ),
      )
      .finally(() => {
        this.busy.delete(event.orgId);
        this.wake();
      });
    this.busy.set(event.orgId, settling);
  }

  /** The event is dealt with: the cursor moves as far as every event before it allows. */
  private async pass(eventId: number): Promise<boolean> {
    const batch = this.batch;
    if (batch === null) return this.advance(eventId);
    batch.dealt.add(eventId);
    return this.settle(batch);
  }

  /** Moves the cursor to the end of the page's dealt-with events from its first. */
  private async settle(batch: Batch): Promise<boolean> {
    let to = 0;
    while (batch.next < batch.ids.length && batch.dealt.has(batch.ids[batch.next] ?? -1)) {
      to = batch.ids[batch.next] ?? 0;
      batch.next++;
    }
    return to === 0 ? true : this.advance(to);
  }

  /** Moves the cursor (renewing the lease); false when another instance has taken the cursor. */
  private async advance(toEventId: number): Promise<boolean> {
    const held = await advanceDeliveryCursor(this.deps.store, {
      processor: this.deps.processor.name,
      owner: this.deps.owner,
      toEventId,
      leaseMs: this.leaseMs,
    });
    if (!held)
      this.deps.log.warn({ processor: this.deps.processor.name }, "delivery lease lost to another instance");
    return held;
  }

  /**
   * Delivers one event, retrying; true once it is delivered, dead-lettered or held and the cursor
   * moved past it as far as the page allows. `sending`: its first attempt, already made.
   */
  private async deliver(event: EventRecord, sending?: Promise<DeliveryOutcome>): Promise<boolean> {
    try {
      return await this.deliverRetrying(event, sending);
    } finally {
      if (this.retrying === event.id) this.retrying = null;
    }
  }

  /** `deliver`'s attempts; `retrying` names the event while it waits to try it again. */
  private async deliverRetrying(event: EventRecord, sending?: Promise<DeliveryOutcome>): Promise<boolean> {
    const { processor, metrics, log } = this.deps;
    const expiresAt = event.createdAt + processor.maxAgeMs;
    if (sending === undefined && Date.now() >= expiresAt) return this.expire(event, 0);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await (attempt === 1 && sending !== undefined ? sending : processor.process(event));
        metrics.deliveries.inc({
          processor: processor.name,
          outcome: outcome === "sent" ? "delivered" : "skipped",
        });
        if (outcome === "sent" && !(await this.answered(event.id))) return false;
        return await this.pass(event.id);
      } catch (error) {
        const { reason, permanent, context, retryAfterMs, delayMs } = this.failed(event, attempt, error);
        if (permanent) {
          // The receiver answered: it is up, it refuses this one.
          if (!(await this.answered(event.id))) return false;
          const held = await this.deadLetter(event, attempt, reason);
          this.refused(context);
          return held;
        }
        if (Date.now() + delayMs < expiresAt && (await this.ownReceiver(event.orgId))) {
          // The organisation's own receiver: its events wait in a hold, the others' go on.
          metrics.deliveries.inc({ processor: processor.name, outcome: "retried" });
          log.warn({ ...context, retryInMs: delayMs, retryAfterMs }, "delivery failed: held, retrying");
          const hold: DeliveryHoldRecord = {
            processor: processor.name,
            orgId: event.orgId,
            fromEventId: event.id,
            attempts: attempt,
            failing: { since: Date.now(), lastError: reason, nextAttemptAt: Date.now() + delayMs },
          };
          const held = await saveDeliveryHold(this.deps.store, {
            processor: processor.name,
            owner: this.deps.owner,
            leaseMs: this.leaseMs,
            orgId: event.orgId,
            fromEventId: event.id,
            attempts: attempt,
            failing: { lastError: reason, retryInMs: delayMs },
          });
          if (!held) return this.leaseLost();
          this.holds.set(event.orgId, hold);
          return this.pass(event.id);
        }
        this.failing = { lastError: reason, orgId: event.orgId };
        if (Date.now() + delayMs >= expiresAt) return this.expire(event, attempt);
        this.retrying = event.id;
        metrics.deliveries.inc({ processor: processor.name, outcome: "retried" });
        log.warn({ ...context, retryInMs: delayMs, retryAfterMs }, "delivery failed: retrying");
        // Says so on the cursor for admins, and renews the lease before the wait.
        const held = await setDeliveryFailing(this.deps.store, {
          processor: processor.name,
          owner: this.deps.owner,
          leaseMs: this.leaseMs,
          failing: { lastError: reason, retryInMs: delayMs, orgId: event.orgId },
        });
        if (!held) return this.leaseLost();
        if (!(await this.sleep(delayMs))) return false;
        if (!(await this.advance(0))) return false; // still ours before the next attempt
      }
    }
  }

  /**
   * What a failed attempt at an event says, in the queue or in a hold: why (for logs and dead
   * letters), whether the receiver refused it for good, and when the next attempt would be.
   */
  private failed(
    event: EventRecord,
    attempt: number,
    error: unknown,
  ): {
    reason: string;
    permanent: boolean;
    retryAfterMs: number | null;
    delayMs: number;
    context: Record<string, unknown>;
  } {
    const reason = describeDeliveryFailure(error);
    const retryAfterMs = error instanceof DeliveryError ? error.retryAfterMs : null;
    return {
      reason,
      permanent: error instanceof DeliveryError && error.permanent,
      retryAfterMs,
      delayMs: this.retryDelay(attempt, retryAfterMs),
      context: {
        processor: this.deps.processor.name,
        orgId: event.orgId,
        eventId: event.id,
        eventType: event.type,
        attempt,
        error: reason,
      },
    };
  }

  /** Counts and logs a refused event, once its dead letter is written. */
  private refused(context: Record<string, unknown>): void {
    this.deps.metrics.deliveries.inc({ processor: this.deps.processor.name, outcome: "dead_lettered" });
    this.deps.log.warn(context, "delivery refused: dead letter");
  }

  /** How long to wait before attempt `attempt + 1` (at least what a `Retry-After` asked, within the maximum). */
  private retryDelay(attempt: number, retryAfterMs: number | null): number {
    const { retryBaseMs, retryMaxMs } = this.deps.settings;
    return Math.max(retryDelayMs(attempt, retryBaseMs, retryMaxMs), Math.min(retryAfterMs ?? 0, retryMaxMs));
  }

  /** Whether the organisation posts to a receiver of its own (a failure of it is held, not waited on). */
  private async ownReceiver(orgId: string): Promise<boolean> {
    const { processor } = this.deps;
    if (processor.ownReceiver === undefined) return false;
    return processor.ownReceiver(orgId).catch(() => false);
  }

  /**
   * Delivers an organisation's held events in order, up to the cursor, one attempt each: the hold
   * ends once they are all dealt with; a transient failure leaves it with its next attempt due
   * (the loop goes on with the others). False when the lease was lost or the loop stopped.
   */
  private async deliverHeld(start: DeliveryHoldRecord, cursor: number, startedAt: number): Promise<boolean> {
    const { store, processor, settings } = this.deps;
    const sliceMs = settings.sliceMs ?? DELIVERY_SLICE_MS;
    let hold = start;
    for (;;) {
      const events = await findHeldEvents(store, {
        orgId: hold.orgId,
        fromId: hold.fromEventId,
        toId: cursor,
        types: processor.handles,
        limit: settings.pageSize,
      });
      for (const event of events) {
        if (this.stopped) return false;
        const left = startedAt + sliceMs - Date.now();
        if (left <= 0) {
          // The slice is spent: the rest are tried in the next run, at once.
          this.again = true;
          return true;
        }
        const sending = processor.process(event);
        if (!(await settlesWithin(sending, left))) {
          // Its receiver is slow: the run goes on without it, and settles this one once it answers.
          this.settleLater(hold, event, sending);
          return true;
        }
        const next = await this.deliverHeldEvent(hold, event, sending);
        if (next === false) return false;
        if (next === "waiting") return true;
        hold = next;
      }
      if (events.length < settings.pageSize) {
        // Caught up with the cursor while its receiver's last answer was a failure: the hold stays
        // (its admins still read why), and the organisation's next event is tried in it.
        if (hold.failing !== null) return true;
        // Caught up with the cursor: its next events are delivered in the queue again.
        const held = await saveDeliveryHold(store, {
          processor: processor.name,
          owner: this.deps.owner,
          leaseMs: this.leaseMs,
          orgId: hold.orgId,
          fromEventId: null,
          failing: null,
        });
        if (!held) return this.leaseLost();
        this.holds.delete(hold.orgId);
        return true;
      }
    }
  }

  /**
   * One attempt at a held event (`sending`: that attempt, already made): the hold past it,
   * "waiting" (failed, retried later), or false (lease lost).
   */
  private async deliverHeldEvent(
    hold: DeliveryHoldRecord,
    event: EventRecord,
    sending?: Promise<DeliveryOutcome>,
  ): Promise<DeliveryHoldRecord | "waiting" | false> {
    const { processor, metrics, log } = this.deps;
    const expiresAt = event.createdAt + processor.maxAgeMs;
    const moved = (done: boolean): DeliveryHoldRecord | false =>
      done ? (this.holds.get(hold.orgId) ?? hold) : false;
    if (sending === undefined && Date.now() >= expiresAt)
      return moved(await this.expire(event, 0, { hold, failing: hold.failing?.lastError ?? null }));
    const attempt = hold.fromEventId === event.id ? hold.attempts + 1 : 1;
    try {
      const outcome = await (sending ?? processor.process(event));
      metrics.deliveries.inc({
        processor: processor.name,
        outcome: outcome === "sent" ? "delivered" : "skipped",
      });
      return moved(await this.passHold(this.deps.store, hold, event, null));
    } catch (error) {
      const { reason, permanent, context, retryAfterMs, delayMs } = this.failed(event, attempt, error);
      if (permanent) {
        const done = await this.deadLetter(event, attempt, reason, { hold, failing: null });
        this.refused(context);
        return moved(done);
      }
      if (Date.now() + delayMs >= expiresAt)
        return moved(await this.expire(event, attempt, { hold, failing: reason }));
      metrics.deliveries.inc({ processor: processor.name, outcome: "retried" });
      log.warn({ ...context, retryInMs: delayMs, retryAfterMs }, "delivery failed: held, retrying");
      const held = await saveDeliveryHold(this.deps.store, {
        processor: processor.name,
        owner: this.deps.owner,
        leaseMs: this.leaseMs,
        orgId: hold.orgId,
        fromEventId: event.id,
        attempts: attempt,
        failing: { lastError: reason, retryInMs: delayMs },
      });
      if (!held) return this.leaseLost();
      this.holds.set(hold.orgId, {
        ...hold,
        fromEventId: event.id,
        attempts: attempt,
        failing: {
          since: hold.failing?.since ?? Date.now(),
          lastError: reason,
          nextAttemptAt: Date.now() + delayMs,
        },
      });
      return "waiting";
    }
  }

  /**
   * Moves the hold past a dealt-with event, still failing (`failing`: the last error) or not;
   * false when the lease was lost.
   */
  private async passHold(
    db: Queryable,
    hold: DeliveryHoldRecord,
    event: EventRecord,
    failing: string | null,
  ): Promise<boolean> {
    const held = await saveDeliveryHold(db, {
      processor: this.deps.processor.name,
      owner: this.deps.owner,
      leaseMs: this.leaseMs,
      orgId: hold.orgId,
      fromEventId: event.id + 1,
      failing: failing === null ? null : { lastError: failing, retryInMs: null },
    });
    if (held)
      this.holds.set(hold.orgId, {
        ...hold,
        fromEventId: event.id + 1,
        attempts: 0,
        failing:
          failing === null
            ? null
            : { since: hold.failing?.since ?? Date.now(), lastError: failing, nextAttemptAt: null },
      });
    return held;
  }

  /**
   * Gives up on an event that is (or by its next attempt would be) older than the processor's max
   * age, without posting it: a dead letter saying why, and the loop goes on to the next event.
   * `lane`: a held event, its hold and its receiver's last error (null: not failing).
   */
  private async expire(
    event: EventRecord,
    attempts: number,
    lane?: { hold: DeliveryHoldRecord; failing: string | null },
  ): Promise<boolean> {
    const { processor, metrics, log } = this.deps;
    // An event there would have been nothing to post for (a second telling of one alert, a whisper
    // on a conversation from elsewhere) is passed over as usual, not kept as a dead letter.
    if (attempts === 0) {
      const would = await processor.process(event, { dryRun: true }).catch(() => "sent" as const);
      if (would === "skipped") {
        metrics.deliveries.inc({ processor: processor.name, outcome: "skipped" });
        if (lane !== undefined)
          return (await this.passHold(this.deps.store, lane.hold, event, lane.failing)) || this.leaseLost();
        return this.pass(event.id);
      }
    }
    const age = describeDuration(processor.maxAgeMs);
    // Before this process's first attempt, what a previous run recorded on the cursor (a restart
    // during an outage): the reason still says the receiver was failing.
    if (this.failing === undefined && lane === undefined) {
      const stored = (await listDeliveryCursors(this.deps.store)).find((c) => c.processor === processor.name);
      if (stored?.failing)
        this.failing = { lastError: stored.failing.lastError, orgId: stored.failing.orgId };
    }
    const failing =
      lane !== undefined
        ? lane.failing === null
          ? null
          : { lastError: lane.failing, orgId: event.orgId }
        : (this.failing ?? null);
    // Another organisation's failure is not this one's to read (its outlet, its conversation); it
    // is only why this event waited. One recorded before failures named their organisation
    // (migration 0061) is said without its detail.
    const why =
      failing === null
        ? null
        : failing.orgId === event.orgId
          ? `the receiver was failing: ${failing.lastError}`
          : failing.orgId === null
            ? "the receiver was failing"
            : "another organisation's receiver was failing ahead of it";
    const reason =
      attempts === 0
        ? `not sent: older than ${age} when its turn came` + (why === null ? "" : ` (${why})`)
        : `not sent: ${attempts} ${attempts === 1 ? "attempt" : "attempts"} failed and it would be older than ${age} by the next one (${why ?? "unknown error"})`;
    const held = await this.deadLetter(event, attempts, reason, lane);
    metrics.deliveries.inc({ processor: processor.name, outcome: "expired" });
    log.warn(
      {
        processor: processor.name,
        orgId: event.orgId,
        eventId: event.id,
        eventType: event.type,
        attempts,
        error: reason,
      },
      "delivery expired: dead letter",
    );
    return held;
  }

  /**
   * Records the dead letter and moves the cursor past it (a held event: its hold), in one
   * transaction (a crash loses neither).
   */
  private async deadLetter(
    event: EventRecord,
    attempts: number,
    reason: string,
    lane?: { hold: DeliveryHoldRecord; failing: string | null },
  ): Promise<boolean> {
    const { store, processor } = this.deps;
    const failing = this.failing ?? null;
    let notices: EventRecord[] = [];
    const held = await store.transaction(async (tx) => {
      const told = (await processor.deadLettered?.(tx, event, reason)) ?? [];
      notices = told.length > 0 ? await appendEvents(tx, told) : [];
      await recordDeliveryFailure(tx, {
        orgId: event.orgId,
        processor: processor.name,
        eventId: event.id,
        attempts,
        lastError: reason,
      });
      if (lane !== undefined) return this.passHold(tx, lane.hold, event, lane.failing);
      // Still failing, but nothing is waiting for an attempt now: the next event will be tried
      // (unless another lane waits to try its receiver's event again).
      if (failing !== null && (this.retrying === null || this.retrying === event.id)) {
        await setDeliveryFailing(tx, {
          processor: processor.name,
          owner: this.deps.owner,
          leaseMs: this.leaseMs,
          failing: { lastError: failing.lastError, retryInMs: null, orgId: failing.orgId },
        });
      }
      // In a page, the cursor moves past it once the events before it are dealt with too (below).
      return advanceDeliveryCursor(tx, {
        processor: processor.name,
        owner: this.deps.owner,
        toEventId: this.batch === null ? event.id : 0,
        leaseMs: this.leaseMs,
      });
    });
    this.deps.publish(notices);
    if (!held) return this.leaseLost();
    return lane === undefined && this.batch !== null ? this.pass(event.id) : true;
  }

  /**
   * The receiver answered `eventId`: clears "failing" on the cursor when it was (or may have been)
   * set, unless another lane is waiting to try an event of its receiver again.
   */
  private async answered(eventId: number): Promise<boolean> {
    if (this.retrying !== null && this.retrying !== eventId) return true;
    this.retrying = null;
    if (this.failing === null) return true;
    const held = await setDeliveryFailing(this.deps.store, {
      processor: this.deps.processor.name,
      owner: this.deps.owner,
      leaseMs: this.leaseMs,
      failing: null,
    });
    if (!held) return this.leaseLost();
    if (this.failing !== undefined)
      this.deps.log.warn({ processor: this.deps.processor.name }, "delivery receiver answers again");
    this.failing = null;
    return true;
  }

  private leaseLost(): false {
    this.deps.log.warn({ processor: this.deps.processor.name }, "delivery lease lost to another instance");
    return false;
  }

  /** Waits `ms`; false when stopped meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (slept: boolean): void => {
        clearTimeout(timer);
        this.sleepers.delete(cancel);
        resolve(slept);
      };
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.sleepers.add(cancel);
    });
  }
}

export interface RetryResult {
  delivered: boolean;
  outcome: DeliveryOutcome | null;
  error: string | null;
  /** The dead letter as it is now; null once delivered. */
  failure: DeliveryFailureRecord | null;
}

/**
 * The server's delivery loops, one per configured processor: woken by the event bus after each
 * commit, polled for events committed elsewhere, stopped before the store closes.
 */
export class Deliveries {
  private readonly loops = new Map<string, DeliveryLoop>();
  private readonly settings: DeliverySettings;
  /** Set once the realtime bus exists (it is made with this); until then nothing is told. */
  private publisher: (records: readonly EventRecord[]) => void = () => undefined;
  private started = false;

  constructor(
    private readonly deps: {
      store: Store;
      metrics: Metrics;
      log: DeliveryLog;
      owner: string;
      config: ServerConfig["deliveries"];
    },
  ) {
    this.settings = { ...deps.config, pageSize: DELIVERY_PAGE_SIZE };
  }

  /** Adds a processor (before `prepare`). */
  add(processor: EventProcessor): void {
    if (this.loops.has(processor.name)) throw new Error(`processor ${processor.name} added twice`);
    this.loops.set(
      processor.name,
      new DeliveryLoop({
        store: this.deps.store,
        processor,
        settings: this.settings,
        owner: this.deps.owner,
        metrics: this.deps.metrics,
        log: this.deps.log,
        publish: (records) => this.publisher(records),
      }),
    );
  }

  /** Where events the loops commit themselves (a dead letter's notices) are published. */
  publishWith(publish: (records: readonly EventRecord[]) => void): void {
    this.publisher = publish;
  }

  get processors(): EventProcessor[] {
    return [...this.loops.values()].map((loop) => loop.processor);
  }

  /** Gives every new processor its cursor at the newest event (enabling one replays nothing). */
  async prepare(): Promise<void> {
    for (const loop of this.loops.values()) await loop.prepare();
  }

  start(): void {
    this.started = true;
    for (const loop of this.loops.values()) loop.start();
  }

  /** Whether a processor of this name runs here. */
  has(name: string): boolean {
    return this.loops.has(name);
  }

  /**
   * Adds a processor while the server runs (an admin set up their organisation's Chatwoot or reply
   * webhook on a server that had none): prepared and started as at start-up. Already there: nothing.
   */
  async enable(processor: EventProcessor): Promise<void> {
    if (this.loops.has(processor.name)) return;
    this.add(processor);
    const loop = this.loops.get(processor.name);
    if (loop === undefined) return;
    await loop.prepare();
    if (this.started) loop.start();
  }

  /**
   * Stops a processor no outlet needs any more (its organisations removed theirs and the server has
   * none) and forgets its cursor unless another instance still delivers for it. Not while its loop
   * has something in hand (a run, a failing receiver's retry): false, and the caller asks again later.
   * Not there: true.
   */
  async disable(name: string): Promise<boolean> {
    const loop = this.loops.get(name);
    if (loop === undefined) return true;
    if (!loop.settled) return false;
    this.loops.delete(name);
    await loop.stop();
    this.deps.metrics.deliveryLag.remove({ processor: name });
    await forgetDeliveryCursor(this.deps.store, { processor: name, owner: this.deps.owner });
    return true;
  }

  /**
   * Forgets the cursor of a processor not running here that the last organisation's own outlet
   * being removed left behind (`markDeliveryCursorsOutletsRemoved`), unless another instance still
   * delivers for it: a restart before the check that would have forgotten it does not keep it.
   */
  async forgetLeftBehind(name: string): Promise<void> {
    if (this.loops.has(name)) return;
    await forgetDeliveryCursor(this.deps.store, {
      processor: name,
      owner: this.deps.owner,
      onlyIfOutletsRemoved: true,
    });
  }

  /**
   * Wakes the loops that handle any of these event types: after this instance's COMMIT, or when
   * another instance's events arrive over NOTIFY (this instance may hold the lease).
   */
  wake(events: readonly { type: string }[]): void {
    if (this.loops.size === 0) return; // no integration configured: nothing on the ingest path
    const seen = new Set(events.map((e) => e.type));
    for (const loop of this.loops.values()) {
      if (loop.processor.handles.some((type) => seen.has(type))) loop.wake();
    }
  }

  /** Wakes every loop, as each poll does. */
  poll(): void {
    for (const loop of this.loops.values()) loop.wake();
  }

  /** Resolves once every loop has dealt with what it was woken for (tests await it instead of sleeping). */
  async idle(): Promise<void> {
    await Promise.all([...this.loops.values()].map((loop) => loop.idle()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.loops.values()].map((loop) => loop.stop()));
  }

  /** Sets the lag gauge (newest event id minus each cursor) from the database. */
  async refreshLag(): Promise<void> {
    if (this.loops.size === 0) return;
    const [cursors, head] = await Promise.all([
      listDeliveryCursors(this.deps.store),
      findLatestEventId(this.deps.store),
    ]);
    for (const cursor of cursors) {
      if (this.loops.has(cursor.processor))
        this.deps.metrics.deliveryLag.set(
          { processor: cursor.processor },
          Math.max(0, head - cursor.lastEventId),
        );
    }
  }

  /**
   * Sends a dead letter's event once more, now. Delivered: the dead letter is removed. Failed
   * again: its attempts, error and time are updated. INVALID_STATE when its processor is not
   * configured here or its event is gone; CONFLICT while it is already being retried.
   */
  async retry(failure: DeliveryFailureRecord): Promise<RetryResult> {
    const loop = this.loops.get(failure.processor);
    if (loop === undefined) throw invalidState(`${failure.processor} is not configured on this server`);
    const { store, metrics, log } = this.deps;
    // Claimed in the database: two admins on two instances pressing "send again" post it once.
    const claimed = await claimDeliveryFailure(store, {
      orgId: failure.orgId,
      id: failure.id,
      leaseMs: RETRY_CLAIM_MS,
    });
    if (!claimed) throw new AppError("CONFLICT", "This dead letter is being sent again already");
    let settled = false;
    try {
      const event = await findEventById(store, failure.orgId, failure.eventId);
      if (event === null) throw invalidState("The event of this dead letter no longer exists");
      try {
        const outcome = await loop.processor.process(event);
        await deleteDeliveryFailure(store, failure.orgId, failure.id);
        settled = true;
        metrics.deliveries.inc({
          processor: failure.processor,
          outcome: outcome === "sent" ? "delivered" : "skipped",
        });
        return { delivered: true, outcome, error: null, failure: null };
      } catch (error) {
        const reason = describeDeliveryFailure(error);
        log.warn(
          { processor: failure.processor, orgId: failure.orgId, eventId: failure.eventId, error: reason },
          "retrying a dead letter failed",
        );
        const updated = await recordDeliveryFailure(store, {
          orgId: failure.orgId,
          processor: failure.processor,
          eventId: failure.eventId,
          attempts: 1,
          lastError: reason,
        });
        settled = true;
        return { delivered: false, outcome: null, error: reason, failure: updated };
      }
    } finally {
      if (!settled) await releaseDeliveryFailure(store, failure.orgId, failure.id).catch(() => undefined);
    }
  }
}
