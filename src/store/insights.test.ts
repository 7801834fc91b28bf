import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, seedOrganisation } from "../../test/support/testStore.ts";
import { createKnowledgeFact } from "./knowledge.ts";
import {
  createInsight,
  listInsights,
  reviewInsight,
  searchKnowledge,
  updateInsightDraft,
} from "./insights.ts";
import { createTeam } from "./teams.ts";
import type { Store } from "./types.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("insights and KB search", () => {
  it("moves a draft to published once, and search finds published insights and facts by stem", async () => {
    const { org, team, lead, conversation } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other" });
    const draft = await createInsight(store, {
      orgId: org.id,
      teamId: team.id,
      conversationId: conversation.id,
      text: "Customers were confused by the refund timeline. This worked: naming the exact business days.",
      topic: "refunds",
    });
    expect(
      (await searchKnowledge(store, { orgId: org.id, teamIds: [team.id], text: "refunded" })).length,
    ).toBe(0);
    const edited = await updateInsightDraft(store, {
      orgId: org.id,
      id: draft.id,
      key: "refund_days",
      value: 5,
      unit: "day",
    });
    expect(edited).toMatchObject({ key: "refund_days", value: 5, unit: "day" });
    const published = await reviewInsight(store, {
      orgId: org.id,
      id: draft.id,
      status: "published",
      reviewedBy: lead.id,
    });
    expect(published.status).toBe("published");
    await expect(
      reviewInsight(store, { orgId: org.id, id: draft.id, status: "rejected", reviewedBy: lead.id }),
    ).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    await expect(updateInsightDraft(store, { orgId: org.id, id: draft.id, text: "x" })).rejects.toMatchObject(
      {
        code: "INVALID_TRANSITION",
      },
    );
    await createKnowledgeFact(store, {
      orgId: org.id,
      teamId: null,
      statement: "Refunds take 5 business days.",
      value: 5,
      unit: "day",
      status: "published",
    });
    await createKnowledgeFact(store, {
      orgId: org.id,
      teamId: other.id,
      statement: "Refunds for the other team take 9 days.",
      value: 9,
      status: "published",
    });
    const hits = await searchKnowledge(store, { orgId: org.id, teamIds: [team.id], text: "refunded" });
    expect(hits.map((h) => h.kind).sort()).toEqual(["fact", "insight"]);
    expect(hits.every((h) => h.rank > 0)).toBe(true);
    expect(await searchKnowledge(store, { orgId: org.id, teamIds: [team.id], text: "warranty" })).toEqual([]);
    expect(
      (await listInsights(store, { orgId: org.id, teamIds: [team.id], status: "published" })).length,
    ).toBe(1);
    expect(await listInsights(store, { orgId: org.id, teamIds: [other.id] })).toEqual([]);
  });
});
