// Erasure in the store contract: conversations erased with everything recorded about them, their
// customer when no other conversation is theirs, one organisation at a time; and the retention
// period's pick of conversations closed long enough ago (each organisation's own, or the default);
// and the indexes that keep an erasure from reading whole tables once per erased row. Registered
// by describeStoreContract.
import { describe, expect, it } from "vitest";
import { closeConversation, eraseConversations, findOrCreateConversation } from "../conversations.ts";
import { findConversationsPastRetention, findRetentionDays, setRetentionDays } from "../organisations.ts";
import { upsertCustomer } from "../customers.ts";
import { appendMessages } from "../messages.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

interface PlanNode {
  "Index Name"?: string;
  Plans?: PlanNode[];
}

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

    it("every foreign key into conversations, messages and customers has an index on its referencing column", async () => {
      // Deleting a row checks each foreign key pointing at it (cascade, set null, or refuse); with
      // no index leading on the referencing column, that check reads the whole referencing table
      // once per deleted row (an erasure of 500 conversations held PGlite for ~14 s at 200,000
      // messages). org_id alone does not narrow it: every row of the organisation matches; an index
      // on (org_id, the column) does.
      const rows = await getStore().query<{ fk: string }>(
        `SELECT c.conrelid::regclass::text || ' (' || a.attname || ') -> ' || c.confrelid::regclass::text AS fk
         FROM pg_constraint c
         JOIN unnest(c.conkey) AS k(attnum) ON true
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         WHERE c.contype = 'f' AND c.confrelid::regclass::text IN ('conversations', 'messages', 'customers')
           AND a.attname <> 'org_id'
           AND NOT EXISTS (
             SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid
               AND (i.indkey[0] = k.attnum OR (i.indkey[0] = ANY (c.conkey) AND i.indkey[1] = k.attnum)))
         ORDER BY 1`,
      );
      expect(rows.map((r) => r.fk)).toEqual([]);
    });

    it("erasing reads a customer's conversations and a message's alerts and promises through indexes", async () => {
      const store = getStore();
      const { org, team } = await seedOrganisation(store);
      // 2,000 conversations, each with its customer, one line, an alert and a promise on it.
      await store.query(
        `WITH cust AS (
           INSERT INTO customers (org_id, external_id, name)
           SELECT $1, 'conversation:idx-' || g, 'Customer ' || g FROM generate_series(1, 2000) g
           RETURNING id, external_id)
         INSERT INTO conversations (org_id, team_id, channel, external_id, customer_id)
         SELECT $1, $2, 'chat', substr(cust.external_id, 14), cust.id FROM cust`,
        [org.id, team.id],
      );
      await store.query(
        `INSERT INTO messages (org_id, conversation_id, position, role, text, sent_at)
         SELECT org_id, id, 0, 'customer', 'Where is my order?', now() FROM conversations
         WHERE org_id = $1 AND external_id LIKE 'idx-%'`,
        [org.id],
      );
      await store.query(
        `INSERT INTO alerts (org_id, team_id, conversation_id, message_id, rung)
         SELECT org_id, $2, conversation_id, id, 'whisper' FROM messages WHERE org_id = $1`,
        [org.id, team.id],
      );
      await store.query(
        `INSERT INTO commitments (org_id, conversation_id, message_id, text)
         SELECT org_id, conversation_id, id, 'I will call you back' FROM messages WHERE org_id = $1`,
        [org.id],
      );
      await store.query("ANALYZE conversations, customers, messages, alerts, commitments");
      const [one] = await store.query<{ customer_id: string; message_id: string }>(
        `SELECT c.customer_id, m.id AS message_id FROM conversations c JOIN messages m ON m.conversation_id = c.id
         WHERE c.org_id = $1 AND c.external_id = 'idx-1000'`,
        [org.id],
      );
      // What is read per erased row: the orphan check and the foreign key from conversations to
      // customers, and the ON DELETE SET NULL of alerts and commitments (the statements PostgreSQL's
      // foreign-key triggers run).
      const indexesOf = async (sql: string, params: unknown[]): Promise<string[]> => {
        const [row] = await store.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        const raw = row?.["QUERY PLAN"];
        const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
        const names: string[] = [];
        const walk = (node: PlanNode): void => {
          if (node["Index Name"]) names.push(node["Index Name"]);
          for (const child of node.Plans ?? []) walk(child);
        };
        for (const p of plan) walk(p.Plan);
        return names;
      };
      expect(
        await indexesOf(
          "SELECT 1 FROM ONLY conversations x WHERE org_id = $1 AND customer_id = $2 FOR KEY SHARE OF x",
          [org.id, one?.customer_id],
        ),
      ).toEqual(["conversations_customer"]);
      expect(
        await indexesOf("UPDATE ONLY alerts SET message_id = NULL WHERE message_id = $1", [one?.message_id]),
      ).toEqual(["alerts_message"]);
      expect(
        await indexesOf("UPDATE ONLY commitments SET message_id = NULL WHERE message_id = $1", [
          one?.message_id,
        ]),
      ).toEqual(["commitments_message"]);
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
