// Loop 2's scorecards in the store contract: scored once per close, scored again (forward only,
// keeping a lead's review) when a reopened conversation closes again, and the startup sweep's list
// of closes still to process (migration 0019, src/store/scorecards.ts). Registered by
// describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import {
  closeConversation,
  findConversationById,
  findOrCreateConversation,
  type ConversationRecord,
} from "../conversations.ts";
import { StoreError } from "../errors.ts";
import { appendKnowledgeGaps, listKnowledgeGaps } from "../knowledgeGaps.ts";
import { appendMessages } from "../messages.ts";
import {
  findClosedConversationsToScore,
  findScorecard,
  listScorecards,
  markScorecardCloseCovered,
  rescoreScorecard,
  reviewScorecard,
  saveScorecard,
} from "../scorecards.ts";
import type { Store } from "../types.ts";
import { seedOrganisation, type SeededOrganisation } from "./factories.ts";

/** Whether the startup sweep would look at the conversation (of every organisation's candidates). */
async function toScore(store: Store, conversationId: string): Promise<boolean> {
  const pending = await findClosedConversationsToScore(store, { limit: 1000 });
  return pending.some((c) => c.conversationId === conversationId);
}

async function reread(store: Store, seeded: SeededOrganisation): Promise<ConversationRecord> {
  const c = await findConversationById(store, seeded.org.id, seeded.conversation.id);
  if (c === null) throw new Error("conversation missing");
  return c;
}

function say(store: Store, seeded: SeededOrganisation, role: "customer" | "agent", text: string) {
  return appendMessages(store, [
    { orgId: seeded.org.id, conversationId: seeded.conversation.id, role, text },
  ]);
}

export function describeScorecardsContract(getStore: () => Store): void {
  describe("scorecards: a helper's card beside the agent's (migration 0039)", () => {
    it("one agent card and one card per helper, each saved once, re-scored and reviewed on its own", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, agent, peer, lead, conversation } = seeded;
      const ids = { orgId: org.id, conversationId: conversation.id };
      await say(store, seeded, "customer", "Where is my parcel?");
      await closeConversation(store, ids);
      const { messageCount } = await reread(store, seeded);
      const card = (agentId: string, role: "agent" | "helper", overall: number) =>
        saveScorecard(store, {
          ...ids,
          teamId: team.id,
          agentId,
          role,
          auto: { overall },
          autoOverall: overall,
          scoredMessages: 1,
          conversationMessageCount: messageCount,
        });
      expect((await card(agent.id, "agent", 2))?.role).toBe("agent");
      expect(await card(agent.id, "agent", 9)).toBeNull();
      expect(await card(peer.id, "helper", 3)).toMatchObject({ role: "helper", agentId: peer.id });
      expect(await card(peer.id, "helper", 9)).toBeNull();
      expect((await findScorecard(store, org.id, conversation.id))?.autoOverall).toBe(2);
      const helper = { personId: peer.id };
      expect((await findScorecard(store, org.id, conversation.id, { helper }))?.autoOverall).toBe(3);
      expect(
        await findScorecard(store, org.id, conversation.id, { helper: { personId: lead.id } }),
      ).toBeNull();
      // The sweep reads the agent's card: the helper's changes nothing there.
      expect(await toScore(store, conversation.id)).toBe(false);
      const reviewed = await reviewScorecard(store, {
        ...ids,
        helper,
        reviewedBy: lead.id,
        override: { empathy: 4 },
        overrideOverall: 3.5,
      });
      expect([reviewed.role, reviewed.agentId, reviewed.overrideOverall]).toEqual(["helper", peer.id, 3.5]);
      expect((await findScorecard(store, org.id, conversation.id))?.reviewedAt).toBeNull();
      const rescored = await rescoreScorecard(store, {
        ...ids,
        helper,
        auto: { overall: 1 },
        autoOverall: 1,
        overrideOverall: 1.5,
        autoChanged: true,
        scoredMessages: 2,
        conversationMessageCount: messageCount,
      });
      expect([rescored?.autoOverall, rescored?.overrideOverall, rescored?.reviewNote]).toEqual([
        1,
        1.5,
        null,
      ]);
      expect((await findScorecard(store, org.id, conversation.id))?.autoOverall).toBe(2);
      const listed = await listScorecards(store, { orgId: org.id });
      // By the close they cover (the same here): the conversation's cards together, the agent's first.
      expect(listed.map((c) => [c.role, c.agentId])).toEqual([
        ["agent", agent.id],
        ["helper", peer.id],
      ]);
      expect((await listScorecards(store, { orgId: org.id, agentId: peer.id })).map((c) => c.role)).toEqual([
        "helper",
      ]);
      // A page at a time (GET /scorecards?after): after the agent's card, the helper's; after that,
      // nothing. One team is read as several are (migration 0057's indexes).
      const afterAgent = await listScorecards(store, {
        orgId: org.id,
        teamIds: [team.id],
        limit: 1,
        after: ids,
      });
      expect(afterAgent.map((c) => [c.role, c.agentId])).toEqual([["helper", peer.id]]);
      expect(
        await listScorecards(store, {
          orgId: org.id,
          teamIds: [team.id, team.id],
          after: { conversationId: conversation.id, helperId: peer.id },
        }),
      ).toEqual([]);
      expect(
        (await listScorecards(store, { orgId: org.id, teamIds: [team.id], limit: 1 })).map((c) => c.role),
      ).toEqual(["agent"]);
      // A card that is not there (or not a uuid) starts no page.
      expect(
        await listScorecards(store, {
          orgId: org.id,
          after: { conversationId: conversation.id, helperId: lead.id },
        }),
      ).toEqual([]);
      expect(await listScorecards(store, { orgId: org.id, after: { conversationId: "nope" } })).toEqual([]);
    });
  });

  describe("scorecards listed by the close they cover (migration 0057)", () => {
    it("lists the latest close first whatever order they were scored in, a page at a time", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, agent } = seeded;
      const open = async (externalId: string) =>
        (
          await findOrCreateConversation(store, {
            orgId: org.id,
            teamId: team.id,
            channel: "chat",
            externalId,
            assignedPersonId: agent.id,
            topic: "billing",
          })
        ).conversation;
      const first = seeded.conversation;
      const second = await open(`${first.externalId}-2`);
      const third = await open(`${first.externalId}-3`);
      // Closed first, second, third; scored third, first, second (an import scores in any order).
      // A second apart: closes in one millisecond would tie, and ties fall back to another order.
      const closedFrom = Date.now() - 10_000;
      for (const [i, c] of [first, second, third].entries())
        await closeConversation(store, { orgId: org.id, conversationId: c.id, at: closedFrom + i * 1000 });
      for (const c of [third, first, second]) {
        const closed = await findConversationById(store, org.id, c.id);
        await saveScorecard(store, {
          orgId: org.id,
          conversationId: c.id,
          teamId: team.id,
          agentId: agent.id,
          auto: { overall: 2 },
          autoOverall: 2,
          scoredMessages: 0,
          conversationMessageCount: closed?.messageCount ?? 0,
        });
      }
      const order = [third.id, second.id, first.id];
      const listed = await listScorecards(store, { orgId: org.id });
      expect(listed.map((c) => c.conversationId)).toEqual(order);
      expect(listed.every((c) => c.scoredCloseAt !== null)).toBe(true);
      // Page by page, for a team and for the agent: the same order, none twice, none left out.
      for (const scope of [{ teamIds: [team.id] }, { agentId: agent.id }]) {
        const seen: string[] = [];
        let after: { conversationId: string } | undefined;
        for (;;) {
          const page = await listScorecards(store, {
            orgId: org.id,
            ...scope,
            limit: 1,
            ...(after ? { after } : {}),
          });
          if (page.length === 0) break;
          seen.push(...page.map((c) => c.conversationId));
          after = { conversationId: page.at(-1)!.conversationId };
        }
        expect(seen).toEqual(order);
      }
    });
  });

  describe("scorecards: once per close, again when a reopened conversation closes again", () => {
    it("covers the close it was scored for; a second close with new messages is re-scored forward only, keeping the review", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, agent, lead, conversation } = seeded;
      const ids = { orgId: org.id, conversationId: conversation.id };
      await say(store, seeded, "customer", "Where is my parcel?");
      await say(store, seeded, "agent", "It ships today.");
      // Closed at the database's now(): microseconds, which the covered close must match exactly.
      await closeConversation(store, ids);
      expect(await toScore(store, conversation.id)).toBe(true);
      const closed = await reread(store, seeded);
      const first = await saveScorecard(store, {
        ...ids,
        teamId: team.id,
        agentId: agent.id,
        auto: { overall: 3 },
        autoOverall: 3,
        scoredMessages: 2,
        conversationMessageCount: closed.messageCount,
      });
      expect(first).toMatchObject({ scoredMessages: 2, scoredCloseAt: closed.closedAt, rescoredAt: null });
      const [exact] = await store.query(
        `SELECT s.scored_close_at = c.closed_at AS same FROM scorecards s JOIN conversations c ON c.id = s.conversation_id
         WHERE s.conversation_id = $1`,
        [conversation.id],
      );
      expect(exact?.same).toBe(true);
      expect(await toScore(store, conversation.id)).toBe(false);
      // Processing the same close again: nothing to write.
      expect(
        await saveScorecard(store, {
          ...ids,
          teamId: team.id,
          agentId: agent.id,
          auto: { overall: 1 },
          autoOverall: 1,
          scoredMessages: 2,
          conversationMessageCount: closed.messageCount,
        }),
      ).toBeNull();
      expect(
        await markScorecardCloseCovered(store, { ...ids, conversationMessageCount: closed.messageCount }),
      ).toBe(false);

      const reviewed = await reviewScorecard(store, {
        ...ids,
        reviewedBy: lead.id,
        override: { empathy: 1 },
        overrideOverall: 2,
        note: "Missed the worry",
      });
      // The customer writes again (reopened: off the sweep's list while open), then it closes again.
      await say(store, seeded, "customer", "It never came, this is the third time I ask!");
      await say(store, seeded, "agent", "I am sorry. I will refund it today.");
      expect(await toScore(store, conversation.id)).toBe(false);
      await closeConversation(store, { ...ids, reason: "sender" });
      expect(await toScore(store, conversation.id)).toBe(true);
      const again = await reread(store, seeded);
      const rescore = {
        ...ids,
        auto: { overall: 2 },
        autoOverall: 2,
        overrideOverall: 1.5,
        autoChanged: true,
        scoredMessages: 4,
        conversationMessageCount: again.messageCount,
      };
      // Never backwards: a scoring of fewer messages than stored writes nothing.
      expect(await rescoreScorecard(store, { ...rescore, scoredMessages: 2 })).toBeNull();
      const rescored = await rescoreScorecard(store, rescore);
      expect(rescored).toMatchObject({
        auto: { overall: 2 },
        autoOverall: 2,
        scoredMessages: 4,
        scoredCloseAt: again.closedAt,
        override: { empathy: 1 },
        overrideOverall: 1.5,
        reviewNote: "Missed the worry",
        reviewedBy: lead.id,
        reviewedAt: reviewed.reviewedAt,
        createdAt: first?.createdAt,
      });
      expect(rescored?.rescoredAt).toBeGreaterThanOrEqual(reviewed.reviewedAt ?? Infinity);
      expect(await toScore(store, conversation.id)).toBe(false);
      // The same close processed again (another instance, a restart) changes nothing.
      expect(await rescoreScorecard(store, rescore)).toBeNull();
      expect(
        await markScorecardCloseCovered(store, { ...ids, conversationMessageCount: again.messageCount }),
      ).toBe(false);
      expect(await findScorecard(store, org.id, conversation.id)).toEqual(rescored);
    });

    it("re-scoring with unchanged scores keeps the time it last changed; an unreviewed card keeps no lead overall", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const ids = { orgId: seeded.org.id, conversationId: seeded.conversation.id };
      await say(store, seeded, "customer", "Hello?");
      await closeConversation(store, ids);
      const base = { ...ids, teamId: seeded.team.id, agentId: seeded.agent.id, auto: { overall: 2 } };
      await saveScorecard(store, {
        ...base,
        autoOverall: 2,
        scoredMessages: 1,
        conversationMessageCount: (await reread(store, seeded)).messageCount,
      });
      await say(store, seeded, "customer", "Thanks!");
      await closeConversation(store, ids);
      const rescored = await rescoreScorecard(store, {
        ...ids,
        auto: { overall: 2 },
        autoOverall: 2,
        overrideOverall: 3,
        autoChanged: false,
        scoredMessages: 2,
        conversationMessageCount: (await reread(store, seeded)).messageCount,
      });
      expect(rescored).toMatchObject({ scoredMessages: 2, rescoredAt: null, overrideOverall: null });
    });

    it("leaves the close uncovered when a message came after the transcript was read, until it is recorded", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const ids = { orgId: seeded.org.id, conversationId: seeded.conversation.id };
      await say(store, seeded, "customer", "Can I change my address?");
      await closeConversation(store, ids);
      const read = await reread(store, seeded);
      // An agent's follow-up lands between the read and the write (it does not reopen).
      await say(store, seeded, "agent", "Following up: done.");
      const saved = await saveScorecard(store, {
        ...ids,
        teamId: seeded.team.id,
        agentId: seeded.agent.id,
        auto: { overall: 2 },
        autoOverall: 2,
        scoredMessages: 1,
        conversationMessageCount: read.messageCount,
      });
      expect(saved?.scoredCloseAt).toBeNull();
      expect(await toScore(store, seeded.conversation.id)).toBe(true);
      const now = await reread(store, seeded);
      expect(now.status).toBe("closed");
      expect(
        await markScorecardCloseCovered(store, { ...ids, conversationMessageCount: read.messageCount }),
      ).toBe(false);
      expect(
        await markScorecardCloseCovered(store, { ...ids, conversationMessageCount: now.messageCount }),
      ).toBe(true);
      expect((await findScorecard(store, seeded.org.id, seeded.conversation.id))?.scoredCloseAt).toBe(
        now.closedAt,
      );
      expect(await toScore(store, seeded.conversation.id)).toBe(false);
    });

    it("two transactions re-scoring the same close: the one that waits for the other's lock writes nothing", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const ids = { orgId: seeded.org.id, conversationId: seeded.conversation.id };
      await say(store, seeded, "customer", "Hi");
      await closeConversation(store, ids);
      await saveScorecard(store, {
        ...ids,
        teamId: seeded.team.id,
        agentId: seeded.agent.id,
        auto: { overall: 1 },
        autoOverall: 1,
        scoredMessages: 1,
        conversationMessageCount: (await reread(store, seeded)).messageCount,
      });
      await say(store, seeded, "customer", "Still there?");
      await closeConversation(store, ids);
      const count = (await reread(store, seeded)).messageCount;
      const attempt = () =>
        store.transaction(async (tx) => {
          const locked = await findScorecard(tx, ids.orgId, ids.conversationId, { forUpdate: true });
          if (locked === null || (locked.scoredMessages ?? 0) >= 2) return null;
          return rescoreScorecard(tx, {
            ...ids,
            auto: { overall: 2 },
            autoOverall: 2,
            overrideOverall: null,
            autoChanged: true,
            scoredMessages: 2,
            conversationMessageCount: count,
          });
        });
      const results = await Promise.all([attempt(), attempt()]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it("refuses counts that are not whole numbers ≥ 0, naming each, and reads and writes only in the organisation", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const other = await seedOrganisation(store);
      const ids = { orgId: seeded.org.id, conversationId: seeded.conversation.id };
      await closeConversation(store, ids);
      const error = await saveScorecard(store, {
        ...ids,
        teamId: seeded.team.id,
        agentId: null,
        auto: {},
        autoOverall: null,
        scoredMessages: -1,
        conversationMessageCount: 1.5,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe("INVALID_INPUT");
      expect((error as StoreError).message).toMatch(/scoredMessages.*-1.*conversationMessageCount.*1\.5/);
      expect(await findScorecard(store, seeded.org.id, seeded.conversation.id)).toBeNull();
      await expect(
        markScorecardCloseCovered(store, { ...ids, conversationMessageCount: Number.NaN }),
      ).rejects.toThrow(/conversationMessageCount/);

      await saveScorecard(store, {
        ...ids,
        teamId: seeded.team.id,
        agentId: null,
        auto: { overall: 1 },
        autoOverall: 1,
        scoredMessages: 0,
        conversationMessageCount: 0,
      });
      const elsewhere = { orgId: other.org.id, conversationId: seeded.conversation.id };
      expect(
        await findScorecard(store, other.org.id, seeded.conversation.id, { forUpdate: true }),
      ).toBeNull();
      expect(
        await rescoreScorecard(store, {
          ...elsewhere,
          auto: { overall: 4 },
          autoOverall: 4,
          overrideOverall: null,
          autoChanged: true,
          scoredMessages: 9,
          conversationMessageCount: 0,
        }),
      ).toBeNull();
      expect(await markScorecardCloseCovered(store, { ...elsewhere, conversationMessageCount: 0 })).toBe(
        false,
      );
      expect((await findScorecard(store, seeded.org.id, seeded.conversation.id))?.auto).toEqual({
        overall: 1,
      });

      // A conversation's knowledge gaps, in its organisation only.
      const gap = {
        teamId: seeded.team.id,
        question: "Can I return a gift?",
        questionIndex: 0,
        topic: "return gift",
        reason: "hedged" as const,
        questionKey: "can|gift return",
        keysDerivation: "test",
        ...ids,
      };
      await appendKnowledgeGaps(store, [gap]);
      expect((await listKnowledgeGaps(store, ids)).map((g) => [g.conversationId, g.questionIndex])).toEqual([
        [seeded.conversation.id, 0],
      ]);
      expect(
        await listKnowledgeGaps(store, { orgId: other.org.id, conversationId: ids.conversationId }),
      ).toEqual([]);
      expect(await listKnowledgeGaps(store, { orgId: seeded.org.id, conversationId: "not-a-uuid" })).toEqual(
        [],
      );
    });
  });
}
