// Alert outcomes in the store contract: what became of a team's alerts since a time, in all and by
// reason (GET /alerts/outcomes). Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { countAlertOutcomes, raiseAlerts, transitionAlert } from "../alerts.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

export function describeAlertOutcomesContract(getStore: () => Store): void {
  describe("alert outcomes", () => {
    it("counts each alert once in all and under each of its reasons, since a time, in the asked teams only", async () => {
      const store = getStore();
      const { org, team, conversation, agent, peer } = await seedOrganisation(store);
      const other = await seedOrganisation(store);
      const now = Date.now();
      const base = {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        agentPersonId: agent.id,
        helperPersonId: peer.id,
        rung: "signal" as const,
        risk: 0.6,
        why: "test",
      };
      const [twoReasons, oneReason, old] = await raiseAlerts(store, [
        { ...base, reasons: ["wrong_information", "customer_reacting_to_agent"], raisedAt: now - 1000 },
        { ...base, reasons: ["wrong_information"], raisedAt: now - 2000 },
        { ...base, reasons: ["needs_authority"], raisedAt: now - 40 * 86_400_000 },
      ]);
      await raiseAlerts(store, [
        {
          ...base,
          orgId: other.org.id,
          teamId: other.team.id,
          conversationId: other.conversation.id,
          agentPersonId: other.agent.id,
          helperPersonId: other.peer.id,
          reasons: ["wrong_information"],
        },
      ]);
      if (!twoReasons || !oneReason || !old) throw new Error("alerts not raised");
      await transitionAlert(store, { orgId: org.id, alertId: twoReasons.id, to: "dismissed_not_useful" });
      await transitionAlert(store, { orgId: org.id, alertId: oneReason.id, to: "acted_on" });
      const { total, byReason } = await countAlertOutcomes(store, {
        orgId: org.id,
        teamIds: [team.id, other.team.id, "not-a-uuid"],
        since: now - 30 * 86_400_000,
      });
      expect(total).toEqual({ raised: 2, actedOn: 1, notUseful: 1, expired: 0, open: 0 });
      expect(Object.fromEntries(byReason)).toEqual({
        wrong_information: { raised: 2, actedOn: 1, notUseful: 1, expired: 0, open: 0 },
        customer_reacting_to_agent: { raised: 1, actedOn: 0, notUseful: 1, expired: 0, open: 0 },
      });
      const none = await countAlertOutcomes(store, { orgId: org.id, teamIds: [], since: 0 });
      expect(none.total.raised).toBe(0);
    });
  });
}
