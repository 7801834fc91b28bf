import {
  anyOrganisationIntegrations,
  keepDeliveryCursors,
  markDeliveryCursorsOutletsRemoved,
  type Queryable,
} from "../../store/index.ts";
import type { OutletKind } from "../realtime/eventBus.ts";
import type { Deliveries, DeliveryLog, EventProcessor } from "./deliveries.ts";

/** Every kind of outlet, in the order their loops are started. */
export const OUTLET_KINDS: readonly OutletKind[] = ["chatwoot", "replyWebhook", "alertWebhook"];

/**
 * Which delivery loops run on this instance, per kind of outlet: those of a kind the server has
 * settings for (TAGTEAM_CHATWOOT_*, TAGTEAM_REPLY_WEBHOOK_*, TAGTEAM_ALERT_WEBHOOK_URL) or some
 * organisation has its own of (Admin → Integrations).
 *
 * An admin setting one up announces it to every instance (`EventBus.announceOutletSetUp`), which
 * calls {@link enable}; an instance that missed the NOTIFY (its listening connection was
 * reconnecting) would otherwise start the loops only at its next restart. So every `reconcileMs`
 * each instance also compares the stored outlets with the loops it runs ({@link reconcile}): it
 * starts what is missing and stops the loops of a kind nobody has any more. Enabling and
 * reconciling take turns (one chain), so a check that read the store before an admin's save cannot
 * stop the loops that save just started.
 */
export class OutletLoops {
  private timer: ReturnType<typeof setInterval> | undefined;
  private turn: Promise<void> = Promise.resolve();
  private readonly names: Record<OutletKind, string[]>;

  constructor(
    private readonly deps: {
      db: Queryable;
      deliveries: Deliveries;
      /** The processors of each kind of outlet (made afresh each time). */
      processors: Record<OutletKind, () => EventProcessor[]>;
      /** The kinds the server's own settings cover: always wanted. */
      server: Record<OutletKind, boolean>;
      reconcileMs: number;
      log: DeliveryLog;
    },
  ) {
    this.names = {
      chatwoot: deps.processors.chatwoot().map((p) => p.name),
      replyWebhook: deps.processors.replyWebhook().map((p) => p.name),
      alertWebhook: deps.processors.alertWebhook().map((p) => p.name),
    };
  }

  /** The kinds wanted now: the server's, and those any organisation has its own of. */
  async wanted(db: Queryable = this.deps.db): Promise<Record<OutletKind, boolean>> {
    const own = await anyOrganisationIntegrations(db);
    return {
      chatwoot: this.deps.server.chatwoot || own.chatwoot,
      replyWebhook: this.deps.server.replyWebhook || own.replyWebhook,
      alertWebhook: this.deps.server.alertWebhook || own.alertWebhook,
    };
  }

  /**
   * At start-up, before `Deliveries.prepare`: adds the loops of every kind wanted, and forgets the
   * cursors of a kind nobody has that the last organisation's outlet being removed left behind
   * (the server stopped before its check forgot them).
   */
  async addWanted(): Promise<Record<OutletKind, boolean>> {
    const wanted = await this.wanted();
    for (const kind of OUTLET_KINDS) {
      if (wanted[kind]) {
        await keepDeliveryCursors(this.deps.db, this.names[kind]);
        for (const p of this.deps.processors[kind]()) this.deps.deliveries.add(p);
      } else {
        for (const name of this.names[kind]) await this.deps.deliveries.forgetLeftBehind(name);
      }
    }
    return wanted;
  }

  /** Runs the loops of this kind here (an admin set one up, here or on another instance). */
  enable(kind: OutletKind): Promise<void> {
    return this.inTurn(async () => {
      for (const name of this.names[kind]) await this.deps.deliveries.forgetLeftBehind(name);
      await keepDeliveryCursors(this.deps.db, this.names[kind]);
      for (const p of this.deps.processors[kind]()) await this.deps.deliveries.enable(p);
    });
  }

  /**
   * An organisation removed its own outlet of this kind (in `db`, the removal's transaction): when
   * that was the last one and the server has no settings of its own for it, its cursors are marked
   * to be forgotten, so a restart before the next check forgets them as the check would have.
   */
  async removed(db: Queryable, kind: OutletKind): Promise<void> {
    if ((await this.wanted(db))[kind]) return;
    await markDeliveryCursorsOutletsRemoved(db, this.names[kind]);
  }

  /**
   * Starts the loops of each kind wanted that do not run here, and stops those of a kind nobody
   * has any more (once each has nothing in hand; else at a later check).
   */
  reconcile(): Promise<void> {
    return this.inTurn(async () => {
      const wanted = await this.wanted();
      for (const kind of OUTLET_KINDS) {
        const running = this.names[kind].filter((name) => this.deps.deliveries.has(name));
        if (wanted[kind]) {
          await keepDeliveryCursors(this.deps.db, this.names[kind]);
          if (running.length < this.names[kind].length) {
            this.deps.log.warn(
              { outlet: kind },
              "an organisation's outlet was set up without this instance being told: its delivery loops start now",
            );
            for (const p of this.deps.processors[kind]()) await this.deps.deliveries.enable(p);
          }
        } else {
          for (const name of running) await this.deps.deliveries.disable(name);
          // Left behind by an instance that stopped before forgetting them.
          for (const name of this.names[kind]) await this.deps.deliveries.forgetLeftBehind(name);
        }
      }
    });
  }

  /** Checks every `reconcileMs` from now on. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.reconcile().catch((error: unknown) =>
        this.deps.log.error({ err: error }, "comparing outlets with delivery loops"),
      );
    }, this.deps.reconcileMs);
    this.timer.unref();
  }

  /** Stops checking; resolves once a check in progress is done. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.turn;
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const next = this.turn.then(work);
    this.turn = next.catch(() => undefined);
    return next;
  }
}
