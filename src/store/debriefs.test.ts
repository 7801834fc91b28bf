import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, seedOrganisation } from "../../test/support/testStore.ts";
import { createDebriefs, findDebriefById, listDebriefs, updateDebrief } from "./debriefs.ts";
import { appendKnowledgeGaps, listKnowledgeGaps, resolveKnowledgeGap } from "./knowledgeGaps.ts";
import type { Store } from "./types.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("debriefs", () => {
  it("creates one card per person and conversation, keeps the draft when edited, and scopes lists", async () => {
    const { org, team, agent, peer, conversation } = await seedOrganisation(store);
    const base = { orgId: org.id, teamId: team.id, conversationId: conversation.id };
    const created = await createDebriefs(store, [
      {
        ...base,
        personId: agent.id,
        role: "agent",
        wentWell: ["Named the customer"],
        tricky: [],
        tryNext: "Pause.",
      },
      { ...base, personId: peer.id, role: "helper", wentWell: [], tricky: ["Late"], tryNext: "Earlier." },
    ]);
    expect(created).toHaveLength(2);
    expect(
      await createDebriefs(store, [
        { ...base, personId: agent.id, role: "agent", wentWell: [], tricky: [], tryNext: "" },
      ]),
    ).toEqual([]);
    const card = created[0]!;
    const saved = await updateDebrief(store, {
      orgId: org.id,
      id: card.id,
      wentWell: ["Mine"],
      tricky: ["Hard"],
      tryNext: "Ask",
    });
    expect(saved).toMatchObject({
      status: "saved",
      wentWell: ["Mine"],
      draft: { wentWell: ["Named the customer"] },
    });
    expect((await findDebriefById(store, org.id, card.id))?.tryNext).toBe("Ask");
    expect((await listDebriefs(store, { orgId: org.id, personId: agent.id })).map((d) => d.personId)).toEqual(
      [agent.id],
    );
    expect((await listDebriefs(store, { orgId: org.id, teamIds: [team.id] })).length).toBe(2);
    expect(await listDebriefs(store, { orgId: org.id, teamIds: [] })).toEqual([]);
  });
});

describe("knowledge gaps", () => {
  it("records each question and reason once and resolves", async () => {
    const { org, team, conversation } = await seedOrganisation(store);
    const gap = {
      orgId: org.id,
      teamId: team.id,
      conversationId: conversation.id,
      question: "Can I return a gift?",
      questionIndex: 2,
      topic: "return gift",
      reason: "hedged" as const,
      questionKey: "can|gift return",
      keysDerivation: "test",
    };
    expect(await appendKnowledgeGaps(store, [gap, gap])).toHaveLength(1);
    const [open] = await listKnowledgeGaps(store, { orgId: org.id, status: "open" });
    expect(open?.question).toBe("Can I return a gift?");
    await resolveKnowledgeGap(store, { orgId: org.id, id: open!.id });
    expect(await listKnowledgeGaps(store, { orgId: org.id, status: "open" })).toEqual([]);
  });
});
