import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, seedOrganisation } from "../../test/support/testStore.ts";
import { claimCommitmentReminders } from "./commitmentReminders.ts";
import { appendCommitments } from "./commitments.ts";
import type { Store } from "./types.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

const HOUR_MS = 3_600_000;

describe("commitment reminders", () => {
  it("claims 'due' within the lead time, once, and nothing once past due (that is a missed promise)", async () => {
    const { org, agent, conversation } = await seedOrganisation(store);
    const now = Date.UTC(2030, 0, 1, 12);
    const [soon, late, far] = await appendCommitments(store, [
      {
        orgId: org.id,
        conversationId: conversation.id,
        personId: agent.id,
        text: "Call back",
        dueAt: now + HOUR_MS / 4,
      },
      {
        orgId: org.id,
        conversationId: conversation.id,
        personId: agent.id,
        text: "Email label",
        dueAt: now - HOUR_MS,
      },
      {
        orgId: org.id,
        conversationId: conversation.id,
        personId: agent.id,
        text: "Next week",
        dueAt: now + 100 * HOUR_MS,
      },
    ]);
    const mine = (r: { commitmentId: string }) => [soon?.id, late?.id, far?.id].includes(r.commitmentId);
    const first = (await claimCommitmentReminders(store, { now, leadMs: HOUR_MS / 2 })).filter(mine);
    expect(first.map((r) => [r.commitmentId, r.kind])).toEqual([[soon?.id, "due"]]);
    expect((await claimCommitmentReminders(store, { now, leadMs: HOUR_MS / 2 })).filter(mine)).toEqual([]);
    const later = (await claimCommitmentReminders(store, { now: now + HOUR_MS, leadMs: HOUR_MS / 2 })).filter(
      mine,
    );
    expect(later).toEqual([]);
  });

  it("no 'due' for a promise made just before its due time; nothing for one already due when recorded", async () => {
    const { org, agent, conversation } = await seedOrganisation(store);
    const now = Date.UTC(2031, 0, 1, 12);
    const [right, imported] = await appendCommitments(store, [
      // "I'll send it now", said five minutes ago: due in a minute.
      {
        orgId: org.id,
        conversationId: conversation.id,
        personId: agent.id,
        text: "Send now",
        dueAt: now + 60_000,
      },
      // An imported transcript's promise, due long before tagteam stored it.
      {
        orgId: org.id,
        conversationId: conversation.id,
        personId: agent.id,
        text: "Old",
        dueAt: now - 48 * HOUR_MS,
      },
    ]);
    await store.query("UPDATE commitments SET created_at = $2 WHERE id = $1", [
      right?.id,
      new Date(now - 5 * 60_000).toISOString(),
    ]);
    await store.query("UPDATE commitments SET created_at = $2 WHERE id = $1", [
      imported?.id,
      new Date(now).toISOString(),
    ]);
    const mine = (r: { commitmentId: string }) => [right?.id, imported?.id].includes(r.commitmentId);
    expect((await claimCommitmentReminders(store, { now, leadMs: HOUR_MS / 4 })).filter(mine)).toEqual([]);
    const later = (await claimCommitmentReminders(store, { now: now + HOUR_MS, leadMs: HOUR_MS / 4 })).filter(
      mine,
    );
    expect(later).toEqual([]);
  });
});
