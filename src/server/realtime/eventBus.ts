import type { Store } from "../../store/index.ts";
import { EVENTS_CHANNEL, type EventRecord } from "../../store/events.ts";
import type { Metrics } from "../metrics.ts";
import { presentEvent } from "../presenters.ts";
import type { Deliveries } from "../integrations/deliveries.ts";
import type { RealtimeHub, RoutedEvent } from "./hub.ts";

/** NOTIFY payloads must stay under PostgreSQL's 8,000 bytes. */
const NOTIFY_PAYLOAD_MAX_BYTES = 7_500;

/** Someone's role, teams or active state changed: every instance checks their open sockets again. */
export interface AccessChange {
  orgId: string;
  personId: string;
  /** Deactivated: their sockets are closed rather than checked. */
  deactivated: boolean;
}

/** An organisation's own outlet (Admin → Integrations): its Chatwoot, its reply webhook. */
export type OutletKind = "chatwoot" | "replyWebhook" | "alertWebhook";

interface Wire {
  /** The instance that committed the events; it has already delivered them to its own clients. */
  o: string;
  e?: RoutedEvent[];
  /** Or an access change (same channel; an instance that does not know `a` ignores it). */
  a?: AccessChange;
  /** Or an organisation set up an outlet of its own: every instance runs its delivery loops. */
  i?: OutletKind;
}

/**
 * Hands committed events to this instance's hub and, on PostgreSQL, to every other instance through
 * LISTEN/NOTIFY (the events themselves travel in the payload, so receivers need no query).
 */
export class EventBus {
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly hub: RealtimeHub,
    private readonly metrics: Metrics,
    private readonly instanceId: string,
    /** The outbound delivery loops, woken by each publish (they read the events from the log). */
    private readonly deliveries: Deliveries,
    private readonly onError: (error: unknown) => void,
    /** Events another instance committed, after this one's clients got them (e.g. to drop caches). */
    private readonly onRemote: (routed: readonly RoutedEvent[]) => void = () => undefined,
    /** Someone's access changed (here or elsewhere): drop cached credentials, check their sockets. */
    private readonly onAccessChanged: (change: AccessChange) => Promise<void> = async () => undefined,
    /** An organisation set up its own Chatwoot or reply webhook (here or elsewhere): run its loops. */
    private readonly onOutletSetUp: (kind: OutletKind) => Promise<void> = async () => undefined,
  ) {}

  async start(): Promise<void> {
    if (this.store.kind !== "postgres") return; // one process owns a PGlite directory
    this.unlisten = await this.store.listen(EVENTS_CHANNEL, (payload) => this.receive(payload));
  }

  /**
   * Resolves once the deliveries woken so far are done: delivered, or dead-lettered after their
   * retries (tests await it instead of sleeping).
   */
  async idle(): Promise<void> {
    await this.deliveries.idle();
  }

  async stop(): Promise<void> {
    if (this.unlisten !== null) await this.unlisten();
    this.unlisten = null;
  }

  /**
   * Call after COMMIT with the events the transaction appended, plus any unstored hints (floor
   * updates) to send in the same burst.
   */
  publish(records: readonly EventRecord[], hints: readonly RoutedEvent[] = []): void {
    const routed: RoutedEvent[] = [];
    for (const record of records) {
      const event = presentEvent(record);
      if (event !== null) routed.push({ orgId: record.orgId, event });
    }
    routed.push(...hints);
    if (records.length > 0) this.deliveries.wake(records);
    if (routed.length === 0) return;
    this.hub.publish(routed);
    this.metrics.eventsPublished.inc({ origin: "local" }, routed.length);
    if (this.store.kind === "postgres") this.broadcast(routed);
  }

  /**
   * Call after COMMIT when an admin changed someone's role, teams or active state. Resolves once
   * this instance's sockets are checked and the other instances are told (they check theirs as the
   * NOTIFY arrives, which PostgreSQL delivers after the commit, in order).
   */
  async announceAccessChange(change: AccessChange): Promise<void> {
    const wire: Wire = { o: this.instanceId, a: change };
    await Promise.all([
      this.onAccessChanged(change).catch(this.onError),
      // Committed already: a failed NOTIFY is logged, not the admin's error (the heartbeat's
      // credential check and the 5 s credential cache still bound how long it lasts elsewhere).
      this.store.kind === "postgres"
        ? this.store.notify(EVENTS_CHANNEL, JSON.stringify(wire)).catch(this.onError)
        : undefined,
    ]);
  }

  /**
   * Call after COMMIT when an admin set up their organisation's own Chatwoot, reply webhook or alert webhook.
   * Resolves once this instance runs its delivery loops and the other instances are told (each
   * starts them as the NOTIFY arrives; the instance holding a loop's lease delivers).
   */
  async announceOutletSetUp(kind: OutletKind): Promise<void> {
    const wire: Wire = { o: this.instanceId, i: kind };
    await Promise.all([
      this.onOutletSetUp(kind),
      // Committed already: a failed NOTIFY is logged, not the admin's error (the others start the
      // loops at their next check of the stored outlets, TAGTEAM_DELIVERY_RECONCILE_MS).
      this.store.kind === "postgres"
        ? this.store.notify(EVENTS_CHANNEL, JSON.stringify(wire)).catch(this.onError)
        : undefined,
    ]);
  }

  private broadcast(routed: readonly RoutedEvent[]): void {
    let chunk: RoutedEvent[] = [];
    let size = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const wire: Wire = { o: this.instanceId, e: chunk };
      this.store.notify(EVENTS_CHANNEL, JSON.stringify(wire)).catch(this.onError);
      chunk = [];
      size = 0;
    };
    for (const item of routed) {
      const bytes = Buffer.byteLength(JSON.stringify(item));
      if (size + bytes > NOTIFY_PAYLOAD_MAX_BYTES) flush();
      chunk.push(item);
      size += bytes + 1;
    }
    flush();
  }

  private receive(payload: string): void {
    try {
      const wire = JSON.parse(payload) as Partial<Wire>;
      if (wire.o === this.instanceId) return;
      if (wire.a !== undefined) {
        this.onAccessChanged(wire.a).catch(this.onError);
        return;
      }
      if (wire.i === "chatwoot" || wire.i === "replyWebhook" || wire.i === "alertWebhook") {
        this.onOutletSetUp(wire.i).catch(this.onError);
        return;
      }
      if (!Array.isArray(wire.e)) return;
      // Another instance committed them; this one may be the one delivering (it holds the lease).
      this.deliveries.wake(wire.e.map((routed) => routed.event));
      this.hub.publish(wire.e);
      this.metrics.eventsPublished.inc({ origin: "remote" }, wire.e.length);
      this.onRemote(wire.e);
    } catch (error) {
      this.onError(error);
    }
  }
}
