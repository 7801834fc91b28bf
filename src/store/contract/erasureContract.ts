// Erasure in the store contract: conversations erased with everything recorded about them, their
// customer when no other conversation is theirs, one organisation at a time; and the retention
// period's pick of conversations closed long enough ago (each organisation's own, or the default). Registered by describeStoreContract.
import { describe, expect, it } from "vitest";
import { closeConversation, eraseConversations, findOrCreateConversation } from "../conversations.ts";
import { findConversationsPastRetention, findRetentionDays, setRetentionDays } from "../organisations.ts";
import { upsertCustomer } from "../customers.ts";
import { appendMessages } from "../messages.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

const count = async (store: Store, sql: string, params: unknown[]): Promise<number> =>
  Number((await store.query(sql, params))[0]?.n);

export function describeErasureContract(getStore: () => Store): void {
  describe("erasure", () => {
    it("erases conversations, their rows, and a customer left with none; another organisation's are untouched", async () => {
      const store = getStore();
      const { org, team } = await seedOrganisation(store);
      const other = await seedOrganisation(store);
      const customer = await upsertCustomer(store, {
        orgId: org.id,
        externalId: "cu-1",
        name: "Rosa Delgado",
      });
      const open = async (externalId: string) =>
        (
          await findOrCreateConversation(store, {
            orgId: org.id,
            teamId: team.id,
            channel: "chat",
            externalId,
            customerId: customer.id,
          })
        ).conversation;
      const first = await open("erase-1");
      const second = await open("erase-2");
      await appendMessages(store, [
        { orgId: org.id, conversationId: first.id, role: "customer", text: "Hi, I am Rosa." },
        { orgId: org.id, conversationId: first.id, role: "agent", text: "Hello Rosa!" },
      ]);
      // Another organisation cannot erase it, and unknown or malformed ids are skipped.
      expect(
        await eraseConversations(store, { orgId: other.org.id, conversationIds: [first.id, "nope"] }),
      ).toEqual([]);
      const erased = await eraseConversations(store, {
        orgId: org.id,
        conversationIds: [first.id, first.id],
      });
      expect(erased).toEqual([
        {
          orgId: org.id,
          teamId: team.id,
          id: first.id,
          externalId: "erase-1",
          messageCount: 2,
          closedAt: null,
        },
      ]);
      expect(
        await count(store, "SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1", [first.id]),
      ).toBe(0);
      // Rosa still has the second conversation: she stays, until that one goes too.
      expect(
        await count(store, "SELECT count(*)::int AS n FROM customers WHERE id = $1", [customer.id]),
      ).toBe(1);
      await eraseConversations(store, { orgId: org.id, conversationIds: [second.id] });
      expect(
        await count(store, "SELECT count(*)::int AS n FROM customers WHERE id = $1", [customer.id]),
      ).toBe(0);
      expect(
        await count(store, "SELECT count(*)::int AS n FROM conversations WHERE id = $1", [
          other.conversation.id,
        ]),
      ).toBe(1);
    });

    it("picks conversations past their organisation's retention period, oldest close first, up to a limit", async () => {
      const store = getStore();
      const a = await seedOrganisation(store);
      const b = await seedOrganisation(store);
      const now = Date.now();
      const day = 86_400_000;
      await closeConversation(store, {
        orgId: a.org.id,
        conversationId: a.conversation.id,
        at: now - 50 * day,
      });
      await closeConversation(store, {
        orgId: b.org.id,
        conversationId: b.conversation.id,
        at: now - 60 * day,
      });
      const recent = (
        await findOrCreateConversation(store, {
          orgId: a.org.id,
          teamId: a.team.id,
          channel: "chat",
          externalId: "recently-closed",
        })
      ).conversation;
      await closeConversation(store, { orgId: a.org.id, conversationId: recent.id, at: now - day });
      // a keeps 30 days; b follows the server's default.
      await setRetentionDays(store, a.org.id, 30);
      expect(await findRetentionDays(store, a.org.id)).toBe(30);
      expect(await findRetentionDays(store, b.org.id)).toBeNull();
      const ours = (rows: { id: string }[]) =>
        rows.filter((c) => [a.conversation.id, b.conversation.id, recent.id].includes(c.id));
      expect(
        ours(await findConversationsPastRetention(store, { now, defaultDays: 45, limit: 1000 })),
      ).toEqual([
        { orgId: b.org.id, id: b.conversation.id },
        { orgId: a.org.id, id: a.conversation.id },
      ]);
      // A default of 0 keeps b's; a's own period still applies.
      expect(ours(await findConversationsPastRetention(store, { now, defaultDays: 0, limit: 1000 }))).toEqual(
        [{ orgId: a.org.id, id: a.conversation.id }],
      );
      // 0 of its own keeps a's for good, whatever the default.
      await setRetentionDays(store, a.org.id, 0);
      expect(
        ours(await findConversationsPastRetention(store, { now, defaultDays: 45, limit: 1000 })),
      ).toEqual([{ orgId: b.org.id, id: b.conversation.id }]);
      await setRetentionDays(store, a.org.id, null);
      await expect(setRetentionDays(store, a.org.id, -1)).rejects.toMatchObject({ code: "INVALID_INPUT" });
      await expect(
        findConversationsPastRetention(store, { now, defaultDays: 30, limit: 0 }),
      ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    });
  });
}
