import type { Transaction } from "../../store/index.ts";
import { appendEvents, type NewEvent } from "../../store/events.ts";
import type { ServerContext } from "../context.ts";

/**
 * One command = one transaction: `fn` changes state and returns the events it caused; they are
 * appended last in the same transaction (keeping the event lock short) and handed to the realtime
 * hub only after COMMIT, so no client ever hears of a change that was rolled back.
 */
export async function runCommand<T>(
  ctx: Pick<ServerContext, "store" | "bus">,
  fn: (tx: Transaction) => Promise<{ result: T; events: NewEvent[] }>,
): Promise<T> {
  const { result, records } = await ctx.store.transaction(async (tx) => {
    const { result, events } = await fn(tx);
    const records = events.length > 0 ? await appendEvents(tx, events) : [];
    return { result, records };
  });
  ctx.bus.publish(records);
  return result;
}
