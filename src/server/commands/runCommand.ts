import { appendAuditEntries, type NewAuditEntry, type Transaction } from "../../store/index.ts";
import { appendEvents, type EventRecord, type NewEvent } from "../../store/events.ts";
import type { ServerContext } from "../context.ts";
import type { RoutedEvent } from "../realtime/hub.ts";

/**
 * One command = one transaction: `fn` changes state and returns the events it caused (and the
 * audit entries that record who did it, if any); they are appended last in the same transaction
 * (keeping the event lock short) and handed to the realtime hub only after COMMIT, so no client
 * ever hears of a change that was rolled back. `hints`, if given, makes unstored hints from the
 * stored events (a pair drill's watchers), published with them.
 */
export async function runCommand<T>(
  ctx: Pick<ServerContext, "store" | "bus">,
  fn: (tx: Transaction) => Promise<{
    result: T;
    events: NewEvent[];
    audit?: NewAuditEntry[];
    hints?: (appended: readonly EventRecord[]) => RoutedEvent[];
  }>,
): Promise<T> {
  const { result, appended, hints } = await ctx.store.transaction(async (tx) => {
    const { result, events, audit, hints } = await fn(tx);
    if (audit !== undefined && audit.length > 0) await appendAuditEntries(tx, audit);
    // Not waited for here: COMMIT follows the events in the same round trip (a store runs a
    // transaction's statements in the order they were issued, and a statement still unanswered
    // when this returns is committed with it, or fails the commit).
    const appended: Promise<EventRecord[]> =
      events.length > 0 ? appendEvents(tx, events) : Promise.resolve([]);
    appended.catch(() => undefined); // its failure is the transaction's
    return { result, appended, hints };
  });
  const records = await appended;
  ctx.bus.publish(records, hints?.(records) ?? []);
  return result;
}
