// QA disputes in the store contract (migration 0046, src/store/scorecardDisputes.ts): the scored
// person disputes an item of their card, one open dispute per item (and one for the whole card),
// and a lead resolves it once. Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { StoreError } from "../errors.ts";
import {
  createScorecardDispute,
  findScorecardDispute,
  listScorecardDisputes,
  resolveScorecardDispute,
} from "../scorecardDisputes.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

export function describeScorecardDisputesContract(getStore: () => Store): void {
  describe("scorecard disputes (migration 0046)", () => {
    it("one open dispute per item of a card; resolved once; listed open first", async () => {
      const store = getStore();
      const { org, team, agent, peer, lead, conversation } = await seedOrganisation(store);
      const base = {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        personId: agent.id,
        cardRole: "agent" as const,
      };
      const empathy = await createScorecardDispute(store, {
        ...base,
        item: "empathy",
        reason: "I said I was sorry about the wait.",
        disputedScore: 1,
      });
      expect(empathy).toMatchObject({ status: "open", item: "empathy", disputedScore: 1, resolvedAt: null });
      const again = createScorecardDispute(store, {
        ...base,
        item: "empathy",
        reason: "Again",
        disputedScore: 1,
      });
      await expect(again).rejects.toBeInstanceOf(StoreError);
      await expect(again).rejects.toMatchObject({ code: "CONFLICT", details: { disputeId: empathy.id } });
      // Another item, the whole card, and a helper's card of the same conversation are their own.
      const card = await createScorecardDispute(store, {
        ...base,
        item: null,
        reason: "The whole card misses the refund.",
        disputedScore: 2.5,
      });
      await createScorecardDispute(store, { ...base, item: "accuracy", reason: "Right", disputedScore: 2 });
      await createScorecardDispute(store, {
        ...base,
        personId: peer.id,
        cardRole: "helper",
        item: "empathy",
        reason: "Mine too",
        disputedScore: 0,
      });
      await expect(
        createScorecardDispute(store, { ...base, item: null, reason: "twice", disputedScore: 2 }),
      ).rejects.toMatchObject({ code: "CONFLICT" });

      const changed = await resolveScorecardDispute(store, {
        orgId: org.id,
        id: empathy.id,
        status: "changed",
        note: "You did acknowledge it.",
        changedScores: { empathy: 3 },
        resolvedBy: lead.id,
      });
      expect(changed).toMatchObject({
        status: "changed",
        changedScores: { empathy: 3 },
        resolvedBy: lead.id,
        resolutionNote: "You did acknowledge it.",
      });
      expect(changed?.resolvedAt).toEqual(expect.any(Number));
      // Resolved once: a second lead's resolution finds nothing open.
      expect(
        await resolveScorecardDispute(store, {
          orgId: org.id,
          id: empathy.id,
          status: "upheld",
          note: "No",
          changedScores: null,
          resolvedBy: lead.id,
        }),
      ).toBeNull();
      expect((await findScorecardDispute(store, org.id, empathy.id))?.status).toBe("changed");
      expect(await findScorecardDispute(store, org.id, "not-a-uuid")).toBeNull();
      // Resolved, the item may be disputed again.
      await createScorecardDispute(store, {
        ...base,
        item: "empathy",
        reason: "New evidence",
        disputedScore: 3,
      });

      const open = await listScorecardDisputes(store, { orgId: org.id, teamIds: [team.id], status: "open" });
      expect(open.map((d) => d.item)).toEqual([null, "accuracy", "empathy", "empathy"]);
      expect(open[0]?.id).toBe(card.id);
      const mine = await listScorecardDisputes(store, {
        orgId: org.id,
        conversationId: conversation.id,
        personId: agent.id,
      });
      expect(mine.map((d) => d.status)).toEqual(["open", "open", "open", "changed"]);
      expect(await listScorecardDisputes(store, { orgId: org.id, status: "resolved" })).toHaveLength(1);
      expect(await listScorecardDisputes(store, { orgId: org.id, teamIds: [] })).toEqual([]);
    });

    it("disputes raised in the same instant are queued in the order they were raised (migration 0049)", async () => {
      const store = getStore();
      const { org, team, agent, conversation } = await seedOrganisation(store);
      const items = ["habits", "empathy", "ownership", "accuracy", "clear_next_steps", null] as const;
      // One transaction: now() is the same for every row, so created_at ties on every dispute.
      const raised = await store.transaction(async (tx) => {
        const ids: string[] = [];
        for (const item of items) {
          const dispute = await createScorecardDispute(tx, {
            orgId: org.id,
            teamId: team.id,
            conversationId: conversation.id,
            personId: agent.id,
            cardRole: "agent",
            item,
            reason: `About ${item ?? "the card"}`,
            disputedScore: 1,
          });
          ids.push(dispute.id);
        }
        return ids;
      });
      const open = await listScorecardDisputes(store, { orgId: org.id, teamIds: [team.id], status: "open" });
      expect(new Set(open.map((d) => d.createdAt)).size).toBe(1);
      expect(open.map((d) => d.id)).toEqual(raised);
    });
  });
}
