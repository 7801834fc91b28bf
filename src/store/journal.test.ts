import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, seedOrganisation } from "../../test/support/testStore.ts";
import { createJournalEntry, deleteJournalEntry, listJournalEntries, updateJournalEntry } from "./journal.ts";
import type { Store } from "./types.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("journal entries", () => {
  it("are listed, edited and deleted only through their author's id", async () => {
    const { org, agent, admin, conversation } = await seedOrganisation(store);
    const entry = await createJournalEntry(store, {
      orgId: org.id,
      authorId: agent.id,
      conversationId: conversation.id,
      text: "I stepped in too early; next time I'll watch two more messages.",
    });
    expect(await listJournalEntries(store, { orgId: org.id, authorId: agent.id })).toEqual([entry]);
    expect(await listJournalEntries(store, { orgId: org.id, authorId: admin.id })).toEqual([]);
    await expect(
      updateJournalEntry(store, { orgId: org.id, authorId: admin.id, id: entry.id, text: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await deleteJournalEntry(store, { orgId: org.id, authorId: admin.id, id: entry.id })).toBe(false);
    const edited = await updateJournalEntry(store, {
      orgId: org.id,
      authorId: agent.id,
      id: entry.id,
      text: "Edited.",
    });
    expect(edited.text).toBe("Edited.");
    expect(await deleteJournalEntry(store, { orgId: org.id, authorId: agent.id, id: entry.id })).toBe(true);
    expect(await listJournalEntries(store, { orgId: org.id, authorId: agent.id })).toEqual([]);
  });

  it("refuses an empty entry at the database", async () => {
    const { org, agent } = await seedOrganisation(store);
    await expect(
      createJournalEntry(store, { orgId: org.id, authorId: agent.id, text: "" }),
    ).rejects.toThrow();
  });
});
