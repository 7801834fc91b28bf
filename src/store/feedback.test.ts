import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, seedOrganisation } from "../../test/support/testStore.ts";
import {
  appendFeedbackReply,
  createFeedback,
  findFeedbackForParticipant,
  listFeedbackForParticipant,
  listFeedbackReplies,
  markFeedbackRead,
} from "./feedback.ts";
import type { Store } from "./types.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("feedback", () => {
  it("is found only by its author and receiver, who can both reply", async () => {
    const { org, agent, peer, lead } = await seedOrganisation(store);
    const fb = await createFeedback(store, {
      orgId: org.id,
      authorId: peer.id,
      receiverId: agent.id,
      text: "When you paraphrased her order, she calmed down. Keep doing that.",
      check: { score: 1, issues: [] },
    });
    expect(fb.check).toEqual({ score: 1, issues: [] });
    for (const who of [peer.id, agent.id])
      expect((await findFeedbackForParticipant(store, { orgId: org.id, id: fb.id, personId: who }))?.id).toBe(
        fb.id,
      );
    expect(
      await findFeedbackForParticipant(store, { orgId: org.id, id: fb.id, personId: lead.id }),
    ).toBeNull();
    expect(
      (await listFeedbackForParticipant(store, { orgId: org.id, personId: agent.id, box: "received" }))
        .length,
    ).toBe(1);
    expect(
      (await listFeedbackForParticipant(store, { orgId: org.id, personId: agent.id, box: "sent" })).length,
    ).toBe(0);
    await appendFeedbackReply(store, {
      orgId: org.id,
      feedbackId: fb.id,
      authorId: agent.id,
      text: "Thanks!",
    });
    await expect(
      appendFeedbackReply(store, { orgId: org.id, feedbackId: fb.id, authorId: lead.id, text: "Me too" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      (await listFeedbackReplies(store, { orgId: org.id, feedbackIds: [fb.id] })).map((r) => r.text),
    ).toEqual(["Thanks!"]);
    await markFeedbackRead(store, { orgId: org.id, id: fb.id, receiverId: peer.id });
    expect(
      (await findFeedbackForParticipant(store, { orgId: org.id, id: fb.id, personId: agent.id }))?.readAt,
    ).toBeNull();
    await markFeedbackRead(store, { orgId: org.id, id: fb.id, receiverId: agent.id });
    expect(
      (await findFeedbackForParticipant(store, { orgId: org.id, id: fb.id, personId: agent.id }))?.readAt,
    ).not.toBeNull();
  });

  it("refuses feedback to oneself", async () => {
    const { org, agent } = await seedOrganisation(store);
    await expect(
      createFeedback(store, {
        orgId: org.id,
        authorId: agent.id,
        receiverId: agent.id,
        text: "x",
        check: {},
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
