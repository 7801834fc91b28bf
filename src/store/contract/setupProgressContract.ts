// Getting started in the store contract: the counts behind an organisation's setup steps
// (GET /api/v1/admin/setup). Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { saveEscalationProtocol } from "../escalationProtocols.ts";
import { setPersonActive } from "../people.ts";
import { getSetupProgress } from "../setupProgress.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

export function describeSetupProgressContract(getStore: () => Store): void {
  describe("setup progress", () => {
    it("counts one organisation's teams, active people in teams, conversations, tokens, facts and protocols", async () => {
      const store = getStore();
      const { org, team, lead } = await seedOrganisation(store);
      // Another organisation's rows count for it alone.
      await seedOrganisation(store);
      expect(await getSetupProgress(store, org.id)).toEqual({
        teams: 1,
        agentsInTeams: 2,
        leadsInTeams: 1,
        hasConversations: true,
        activeTokens: 0,
        publishedFacts: 0,
        teamsOnDefaultProtocol: 1,
      });
      await saveEscalationProtocol(store, { orgId: org.id, teamId: team.id, config: { levels: [] } });
      await setPersonActive(store, { orgId: org.id, personId: lead.id, active: false });
      expect(await getSetupProgress(store, org.id)).toMatchObject({
        leadsInTeams: 0,
        teamsOnDefaultProtocol: 0,
      });
    });
  });
}
