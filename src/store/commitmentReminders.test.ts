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
  it("claims 'due' within the lead time and 'overdue' after, each once", async () => {
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
    expect(first.map((r) => [r.commitmentId, r.kind])).toEqual([
      [soon?.id, "due"],
      [late?.id, "overdue"],
    ]);
    expect((await claimCommitmentReminders(store, { now, leadMs: HOUR_MS / 2 })).filter(mine)).toEqual([]);
    const later = (await claimCommitmentReminders(store, { now: now + HOUR_MS, leadMs: HOUR_MS / 2 })).filter(
      mine,
    );
    expect(later.map((r) => [r.commitmentId, r.kind])).toEqual([[soon?.id, "overdue"]]);
  });
});
