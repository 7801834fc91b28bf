import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, seedOrganisation } from "../../test/support/testStore.ts";
import { closeConversation } from "./conversations.ts";
import {
  findClosedConversationsToScore,
  findScorecard,
  listScorecards,
  reviewScorecard,
  saveScorecard,
} from "./scorecards.ts";
import type { Store } from "./types.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("scorecards", () => {
  it("keeps the first auto scorecard, records a lead's override, and lists closed conversations still to score", async () => {
    const { org, team, agent, lead, conversation } = await seedOrganisation(store);
    await closeConversation(store, { orgId: org.id, conversationId: conversation.id });
    const pending = await findClosedConversationsToScore(store, { limit: 1000 });
    expect(pending.map((p) => p.conversationId)).toContain(conversation.id);
    const base = {
      orgId: org.id,
      teamId: team.id,
      conversationId: conversation.id,
      agentId: agent.id,
      scoredMessages: 0,
      conversationMessageCount: 0,
    };
    const first = await saveScorecard(store, { ...base, auto: { overall: 3 }, autoOverall: 3 });
    expect(first?.autoOverall).toBe(3);
    expect(await saveScorecard(store, { ...base, auto: { overall: 1 }, autoOverall: 1 })).toBeNull();
    expect(
      (await findClosedConversationsToScore(store, { limit: 1000 })).map((p) => p.conversationId),
    ).not.toContain(conversation.id);
    expect(await listScorecards(store, { orgId: org.id, reviewed: true })).toEqual([]);
    const reviewed = await reviewScorecard(store, {
      orgId: org.id,
      conversationId: conversation.id,
      reviewedBy: lead.id,
      override: { empathy: 1 },
      overrideOverall: 2,
      note: "Missed the customer's worry",
    });
    expect(reviewed).toMatchObject({ override: { empathy: 1 }, overrideOverall: 2, reviewedBy: lead.id });
    expect((await findScorecard(store, org.id, conversation.id))?.auto).toEqual({ overall: 3 });
    expect((await listScorecards(store, { orgId: org.id, agentId: agent.id, reviewed: true })).length).toBe(
      1,
    );
  });
});
