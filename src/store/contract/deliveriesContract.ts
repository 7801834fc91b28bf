// Deliveries in the store contract: a cursor per processor over the events table, its lease, and
// dead letters (migration 0011, src/store/deliveries.ts). Registered by describeStoreContract for
// every backend.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  advanceDeliveryCursor,
  claimDeliveryCursor,
  claimDeliveryFailure,
  countDeliveryFailures,
  deleteDeliveryFailure,
  ensureDeliveryCursor,
  findDeliveryFailureById,
  findEventsToDeliver,
  findHeldEvents,
  forgetDeliveryCursor,
  listDeliveryCursors,
  listDeliveryFailures,
  listDeliveryHolds,
  recordDeliveryFailure,
  releaseDeliveryCursor,
  releaseDeliveryFailure,
  saveDeliveryHold,
  setDeliveryFailing,
} from "../deliveries.ts";
import { StoreError } from "../errors.ts";
import { appendEvents, findLatestEventId } from "../events.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

/** Processor names are global: each test takes its own. */
const processorName = () => `test-${randomUUID().slice(0, 8)}`;
const LEASE_MS = 60_000;

export function describeDeliveriesContract(getStore: () => Store): void {
  describe("deliveries", () => {
    it("a new cursor starts at the newest event; an existing one stays where it is", async () => {
      const store = getStore();
      const { org } = await seedOrganisation(store);
      await appendEvents(store, [{ orgId: org.id, type: "alert.raised" }]);
      const head = await findLatestEventId(store);
      const processor = processorName();
      const cursor = await ensureDeliveryCursor(store, processor);
      expect(cursor).toMatchObject({ processor, lastEventId: head, leasedBy: null, leaseExpiresAt: null });

      await appendEvents(store, [{ orgId: org.id, type: "alert.raised" }]);
      expect((await ensureDeliveryCursor(store, processor)).lastEventId).toBe(head);
      expect((await listDeliveryCursors(store)).find((c) => c.processor === processor)?.lastEventId).toBe(
        head,
      );
      await expect(ensureDeliveryCursor(store, "Not A Name")).rejects.toBeInstanceOf(StoreError);
    });

    it("reads the handled types after the cursor, every organisation's, with the head of the log", async () => {
      const store = getStore();
      const a = await seedOrganisation(store);
      const b = await seedOrganisation(store);
      const start = await findLatestEventId(store);
      const written = await appendEvents(store, [
        { orgId: a.org.id, type: "alert.raised", payload: { n: 1 } },
        { orgId: a.org.id, type: "alert.acknowledged" },
        { orgId: b.org.id, type: "whisper.sent", payload: { n: 2 } },
        { orgId: b.org.id, type: "alert.raised", payload: { n: 3 } },
        { orgId: a.org.id, type: "conversation.closed" },
      ]);
      const head = written.at(-1)?.id ?? 0;
      const types = ["alert.raised", "whisper.sent"];

      const all = await findEventsToDeliver(store, { afterId: start, types, limit: 100 });
      expect(all.headId).toBe(head);
      expect(all.events.map((e) => [e.orgId, e.type, e.payload])).toEqual([
        [a.org.id, "alert.raised", { n: 1 }],
        [b.org.id, "whisper.sent", { n: 2 }],
        [b.org.id, "alert.raised", { n: 3 }],
      ]);
      const page = await findEventsToDeliver(store, { afterId: start, types, limit: 2 });
      expect(page.events.map((e) => e.id)).toEqual(all.events.slice(0, 2).map((e) => e.id));
      const after = await findEventsToDeliver(store, { afterId: page.events[1]?.id ?? 0, types, limit: 2 });
      expect(after.events.map((e) => e.id)).toEqual([all.events[2]?.id]);
      // Nothing handled after the last one: no events, but the head says how far the cursor may move.
      expect(await findEventsToDeliver(store, { afterId: all.events[2]?.id ?? 0, types, limit: 2 })).toEqual({
        events: [],
        headId: head,
      });
      await expect(findEventsToDeliver(store, { afterId: -1, types, limit: 1 })).rejects.toBeInstanceOf(
        StoreError,
      );
    });

    it("one owner holds the lease; only the owner moves the cursor, never backwards", async () => {
      const store = getStore();
      const processor = processorName();
      const head = await findLatestEventId(store);
      // Claiming a processor without a cursor creates it at the head.
      expect(await claimDeliveryCursor(store, { processor, owner: "a", leaseMs: LEASE_MS })).toBe(head);
      expect(await claimDeliveryCursor(store, { processor, owner: "b", leaseMs: LEASE_MS })).toBeNull();
      expect(await claimDeliveryCursor(store, { processor, owner: "a", leaseMs: LEASE_MS })).toBe(head);

      expect(
        await advanceDeliveryCursor(store, { processor, owner: "a", toEventId: head + 5, leaseMs: LEASE_MS }),
      ).toBe(true);
      expect(
        await advanceDeliveryCursor(store, { processor, owner: "b", toEventId: head + 9, leaseMs: LEASE_MS }),
      ).toBe(false);
      expect(
        await advanceDeliveryCursor(store, { processor, owner: "a", toEventId: head + 2, leaseMs: LEASE_MS }),
      ).toBe(true);
      const cursor = (await listDeliveryCursors(store)).find((c) => c.processor === processor);
      expect(cursor).toMatchObject({ lastEventId: head + 5, leasedBy: "a" });
      expect(cursor?.leaseExpiresAt).toBeGreaterThan(Date.now());

      // Given up: the next owner takes it at once.
      await releaseDeliveryCursor(store, { processor, owner: "a" });
      expect(await claimDeliveryCursor(store, { processor, owner: "b", leaseMs: LEASE_MS })).toBe(head + 5);
      expect(
        await advanceDeliveryCursor(store, { processor, owner: "a", toEventId: head + 6, leaseMs: LEASE_MS }),
      ).toBe(false);
      // An owner that went away: its lease runs out, then another takes over.
      await store.query(
        "UPDATE delivery_cursors SET lease_expires_at = now() - interval '1 second' WHERE processor = $1",
        [processor],
      );
      expect(await claimDeliveryCursor(store, { processor, owner: "c", leaseMs: LEASE_MS })).toBe(head + 5);
      // takeOver ignores a running lease (a store only one process can open).
      expect(await claimDeliveryCursor(store, { processor, owner: "d", leaseMs: LEASE_MS })).toBeNull();
      expect(
        await claimDeliveryCursor(store, { processor, owner: "d", leaseMs: LEASE_MS, takeOver: true }),
      ).toBe(head + 5);
    });

    it("instances claiming at once: exactly one gets the cursor", async () => {
      const store = getStore();
      const processor = processorName();
      await ensureDeliveryCursor(store, processor);
      const claims = await Promise.all(
        ["a", "b", "c", "d"].map((owner) =>
          claimDeliveryCursor(store, { processor, owner, leaseMs: LEASE_MS }),
        ),
      );
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
    });

    it("keeps dead letters per organisation; giving up again adds the attempts", async () => {
      const store = getStore();
      const a = await seedOrganisation(store);
      const b = await seedOrganisation(store);
      const processor = processorName();
      const [first, second] = await appendEvents(store, [
        { orgId: a.org.id, type: "alert.raised" },
        { orgId: b.org.id, type: "whisper.sent" },
      ]);
      const failure = await recordDeliveryFailure(store, {
        orgId: a.org.id,
        processor,
        eventId: first?.id ?? 0,
        attempts: 8,
        lastError: "webhook answered 503",
      });
      expect(failure).toMatchObject({
        orgId: a.org.id,
        processor,
        eventId: first?.id,
        eventType: "alert.raised",
        conversationId: null,
        teamId: null,
        attempts: 8,
        lastError: "webhook answered 503",
      });
      expect(failure.firstFailedAt).toBe(failure.lastFailedAt);
      await recordDeliveryFailure(store, {
        orgId: b.org.id,
        processor,
        eventId: second?.id ?? 0,
        attempts: 1,
        lastError: "x".repeat(5000),
      });

      const again = await recordDeliveryFailure(store, {
        orgId: a.org.id,
        processor,
        eventId: first?.id ?? 0,
        attempts: 1,
        lastError: "webhook answered 404",
      });
      expect(again).toMatchObject({ id: failure.id, attempts: 9, lastError: "webhook answered 404" });
      expect(again.firstFailedAt).toBe(failure.firstFailedAt);

      expect((await listDeliveryFailures(store, { orgId: a.org.id })).map((f) => f.id)).toEqual([failure.id]);
      const [ofB] = await listDeliveryFailures(store, { orgId: b.org.id, processor });
      expect(ofB?.lastError).toHaveLength(1000);
      expect(await listDeliveryFailures(store, { orgId: b.org.id, processor: "someone-else" })).toEqual([]);
      expect(await countDeliveryFailures(store, a.org.id)).toEqual(new Map([[processor, 1]]));

      // Another organisation's dead letter is not there for this one.
      expect(await findDeliveryFailureById(store, b.org.id, failure.id)).toBeNull();
      expect(await deleteDeliveryFailure(store, b.org.id, failure.id)).toBe(false);
      expect((await findDeliveryFailureById(store, a.org.id, failure.id))?.attempts).toBe(9);
      expect(await deleteDeliveryFailure(store, a.org.id, failure.id)).toBe(true);
      expect(await findDeliveryFailureById(store, a.org.id, failure.id)).toBeNull();

      await expect(
        recordDeliveryFailure(store, { orgId: "nope", processor, eventId: 0, attempts: -1, lastError: "" }),
      ).rejects.toMatchObject({ code: "INVALID_INPUT", details: { problems: expect.any(Array) } });
      // Too old to post when its turn came: a dead letter of zero attempts.
      const [event] = await appendEvents(store, [{ orgId: a.org.id, type: "alert.raised" }]);
      const expired = await recordDeliveryFailure(store, {
        orgId: a.org.id,
        processor,
        eventId: event?.id ?? 0,
        attempts: 0,
        lastError: "not sent: older than 15 minutes when its turn came",
      });
      expect(expired.attempts).toBe(0);
    });

    it("a dead letter is claimed by one 'send again' at a time, until it fails, is released or runs out", async () => {
      const store = getStore();
      const a = await seedOrganisation(store);
      const b = await seedOrganisation(store);
      const processor = processorName();
      const [event] = await appendEvents(store, [{ orgId: a.org.id, type: "alert.raised" }]);
      const letter = await recordDeliveryFailure(store, {
        orgId: a.org.id,
        processor,
        eventId: event?.id ?? 0,
        attempts: 1,
        lastError: "alert webhook answered 400",
      });
      const claim = (orgId = a.org.id) =>
        claimDeliveryFailure(store, { orgId, id: letter.id, leaseMs: LEASE_MS });
      // Two at once: one wins.
      expect((await Promise.all([claim(), claim()])).sort()).toEqual([false, true]);
      expect(await claim()).toBe(false);
      // A failed attempt ends the claim.
      await recordDeliveryFailure(store, {
        orgId: a.org.id,
        processor,
        eventId: event?.id ?? 0,
        attempts: 1,
        lastError: "alert webhook answered 400",
      });
      expect(await claim()).toBe(true);
      await releaseDeliveryFailure(store, a.org.id, letter.id);
      expect(await claim()).toBe(true);
      // A claim whose holder went away runs out.
      await store.query(
        "UPDATE delivery_failures SET retrying_until = now() - interval '1 second' WHERE id = $1",
        [letter.id],
      );
      expect(await claim()).toBe(true);
      // Another organisation's, or one that is gone, cannot be claimed.
      await releaseDeliveryFailure(store, a.org.id, letter.id);
      expect(await claim(b.org.id)).toBe(false);
      expect(await deleteDeliveryFailure(store, a.org.id, letter.id)).toBe(true);
      expect(await claim()).toBe(false);
      await expect(
        claimDeliveryFailure(store, { orgId: a.org.id, id: letter.id, leaseMs: 0 }),
      ).rejects.toBeInstanceOf(StoreError);
    });

    it("marks the cursor failing (since the first failure) for its lease holder, and clears it", async () => {
      const store = getStore();
      const processor = processorName();
      expect(await claimDeliveryCursor(store, { processor, owner: "a", leaseMs: LEASE_MS })).not.toBeNull();
      const failingOf = async () =>
        (await listDeliveryCursors(store)).find((c) => c.processor === processor)?.failing;
      expect(await failingOf()).toBeNull();
      const set = (
        owner: string,
        failing: { lastError: string; retryInMs: number | null; orgId?: string } | null,
      ) => setDeliveryFailing(store, { processor, owner, leaseMs: LEASE_MS, failing });
      // Whose receiver it is: shown in full to that organisation's admins only.
      const orgId = "00000000-0000-4000-8000-00000000f00d";

      expect(await set("a", { lastError: "answered 503", retryInMs: 60_000 })).toBe(true);
      const first = await failingOf();
      expect(first).toMatchObject({ lastError: "answered 503" });
      expect(first?.nextAttemptAt).toBeGreaterThan(Date.now() + 30_000);
      expect(first?.orgId).toBeNull();
      expect(await set("a", { lastError: "answered 502", retryInMs: null, orgId })).toBe(true);
      expect(await failingOf()).toEqual({
        since: first?.since,
        lastError: "answered 502",
        nextAttemptAt: null,
        orgId,
      });
      expect(await set("b", null)).toBe(false); // not b's lease: nothing changes
      expect((await failingOf())?.lastError).toBe("answered 502");
      await expect(set("a", { lastError: "x", retryInMs: -1 })).rejects.toMatchObject({
        code: "INVALID_INPUT",
      });
      expect(await set("a", null)).toBe(true);
      expect(await failingOf()).toBeNull();
    });

    it("holds an organisation's events apart for the lease holder only; forgetting the cursor ends its holds", async () => {
      const store = getStore();
      const processor = processorName();
      const a = await seedOrganisation(store);
      const b = await seedOrganisation(store);
      const start = await claimDeliveryCursor(store, { processor, owner: "a", leaseMs: LEASE_MS });
      expect(start).not.toBeNull();
      const written = await appendEvents(store, [
        { orgId: a.org.id, type: "alert.raised", payload: { n: 1 } },
        { orgId: b.org.id, type: "alert.raised", payload: { n: 2 } },
        { orgId: a.org.id, type: "alert.raised", payload: { n: 3 } },
        { orgId: a.org.id, type: "conversation.closed" },
      ]);
      const [first, , third, fourth] = written.map((e) => e.id);
      const hold = (owner: string, fromEventId: number | null, cursorTo = 0) =>
        saveDeliveryHold(store, {
          processor,
          owner,
          leaseMs: LEASE_MS,
          orgId: a.org.id,
          fromEventId,
          attempts: 1,
          failing: fromEventId === null ? null : { lastError: "answered 500", retryInMs: 60_000 },
          cursorTo,
        });
      // Another instance's write changes nothing.
      expect(await hold("b", first ?? 0, first)).toBe(false);
      expect(await listDeliveryHolds(store, { processor })).toEqual([]);
      // The holder's: the hold from the failing event, and the cursor past it, together.
      expect(await hold("a", first ?? 0, first)).toBe(true);
      const [held] = await listDeliveryHolds(store, { processor });
      expect(held).toMatchObject({ orgId: a.org.id, fromEventId: first, attempts: 1 });
      expect(held?.failing?.lastError).toBe("answered 500");
      expect(held?.failing?.nextAttemptAt).toBeGreaterThan(Date.now() + 30_000);
      expect((await listDeliveryCursors(store)).find((c) => c.processor === processor)?.lastEventId).toBe(
        first,
      );
      expect(await listDeliveryHolds(store, { orgId: b.org.id })).toEqual([]);
      // What it has yet to deliver: its own events of those types up to the cursor, in order.
      const upTo = fourth ?? 0;
      expect(
        (
          await findHeldEvents(store, {
            orgId: a.org.id,
            fromId: first ?? 0,
            toId: upTo,
            types: ["alert.raised"],
            limit: 10,
          })
        ).map((e) => e.id),
      ).toEqual([first, third]);
      await expect(hold("a", 0)).rejects.toMatchObject({ code: "INVALID_INPUT" });

      // Forgetting the cursor (its integration is gone) forgets its holds.
      expect(await forgetDeliveryCursor(store, { processor, owner: "a" })).toBe(true);
      expect(await listDeliveryHolds(store, { processor })).toEqual([]);
    });
  });
}
