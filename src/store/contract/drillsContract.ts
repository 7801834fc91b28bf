// Loop 3's role-play drills in the store contract (src/store/drills.ts, migration 0030): scenario
// candidates, scenarios and sessions. Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { appendAnalyses } from "../analyses.ts";
import { closeConversation, deleteConversation, findOrCreateConversation } from "../conversations.ts";
import {
  createPracticeScenario,
  createPracticeSession,
  findPracticeScenario,
  findPracticeSession,
  listPracticeScenarios,
  listPracticeSessions,
  listScenarioCandidates,
  reviewPracticeSession,
  startSwappedPracticeSession,
  updatePracticeSession,
} from "../drills.ts";
import { isUniqueViolation } from "../errors.ts";
import { createIntervention } from "../interventions.ts";
import { appendMessages } from "../messages.ts";
import type { Store } from "../types.ts";
import { seedOrganisation, type SeededOrganisation } from "./factories.ts";

/** A closed conversation whose messages the engine read at the given risks. */
async function closedWithRisks(store: Store, seeded: SeededOrganisation, name: string, risks: number[]) {
  const { conversation } = await findOrCreateConversation(store, {
    orgId: seeded.org.id,
    teamId: seeded.team.id,
    channel: "chat",
    externalId: `${name}-${seeded.org.id}`,
    topic: "billing",
  });
  const base = { orgId: seeded.org.id, conversationId: conversation.id };
  const lines = await appendMessages(
    store,
    risks.map((_, i) => ({
      ...base,
      role: i % 2 === 0 ? ("customer" as const) : ("agent" as const),
      text: `line ${i}`,
    })),
  );
  await appendAnalyses(
    store,
    risks.map((risk, i) => ({
      ...base,
      messageId: lines[i]?.message.id ?? "",
      messageIndex: i,
      risk,
      rung: "observe" as const,
      analysis: { cues: [] },
    })),
  );
  await closeConversation(store, base);
  return conversation;
}

const scenarioInput = (seeded: SeededOrganisation, sourceConversationId: string | null) => ({
  orgId: seeded.org.id,
  teamId: seeded.team.id,
  sourceConversationId,
  createdBy: seeded.lead.id,
  title: "Billing: angry, wants a refund",
  topic: "billing",
  persona: { mood: "angry", wants: "a refund", askedTimes: 2, threats: [], summary: "angry, wants a refund" },
  rootCause: "billing_error",
  goodReply: ["Acknowledge the charge."],
  customerLines: [{ text: "Where is my refund?", frustration: 0.7, angry: true }],
  closing: "Thanks.",
});

export function describeDrillsContract(getStore: () => Store): void {
  describe("practice scenarios and drill sessions", () => {
    it("suggests closed conversations with a high peak risk or an escalation, not open ones nor those already a scenario", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const other = await seedOrganisation(store);
      const hot = await closedWithRisks(store, seeded, "hot", [0.3, 0.8, 0.4]);
      const calm = await closedWithRisks(store, seeded, "calm", [0.1, 0.2]);
      const escalated = await closedWithRisks(store, seeded, "escalated", [0.2, 0.3]);
      await createIntervention(store, {
        orgId: seeded.org.id,
        teamId: seeded.team.id,
        conversationId: escalated.id,
        kind: "escalation",
      });
      await closedWithRisks(store, other, "elsewhere", [0.9]);
      // The seeded conversation stays open, whatever its risk.
      const open = seeded.conversation;
      const lines = await appendMessages(store, [
        { orgId: seeded.org.id, conversationId: open.id, role: "customer", text: "Help!" },
      ]);
      await appendAnalyses(store, [
        {
          orgId: seeded.org.id,
          conversationId: open.id,
          messageId: lines[0]?.message.id ?? "",
          messageIndex: 0,
          risk: 0.95,
          rung: "observe",
          analysis: { cues: [] },
        },
      ]);

      const list = await listScenarioCandidates(store, { orgId: seeded.org.id, minPeakRisk: 0.6 });
      expect(list.map((c) => c.conversationId)).toEqual([escalated.id, hot.id]);
      expect(list[1]).toMatchObject({ peakRisk: 0.8, escalated: false, teamId: seeded.team.id });
      expect(list.map((c) => c.conversationId)).not.toContain(calm.id);
      expect(
        await listScenarioCandidates(store, {
          orgId: seeded.org.id,
          teamIds: [other.team.id],
          minPeakRisk: 0.6,
        }),
      ).toEqual([]);

      await createPracticeScenario(store, scenarioInput(seeded, hot.id));
      const after = await listScenarioCandidates(store, { orgId: seeded.org.id, minPeakRisk: 0.6 });
      expect(after.map((c) => c.conversationId)).toEqual([escalated.id]);
    });

    it("keeps one scenario per source conversation, and keeps the scenario when its source is deleted", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const source = await closedWithRisks(store, seeded, "source", [0.9]);
      const scenario = await createPracticeScenario(store, scenarioInput(seeded, source.id));
      expect(scenario).toMatchObject({
        sourceConversationId: source.id,
        goodReply: ["Acknowledge the charge."],
        persona: { mood: "angry" },
      });
      const again = await createPracticeScenario(store, scenarioInput(seeded, source.id)).catch(
        (e: unknown) => e,
      );
      expect(isUniqueViolation(again)).toBe(true);
      // Scenarios without a source (the demo's) do not collide.
      await createPracticeScenario(store, scenarioInput(seeded, null));
      await createPracticeScenario(store, scenarioInput(seeded, null));
      await deleteConversation(store, { orgId: seeded.org.id, conversationId: source.id });
      const kept = await findPracticeScenario(store, seeded.org.id, scenario.id);
      expect(kept?.sourceConversationId).toBeNull();
      expect(await listPracticeScenarios(store, { orgId: seeded.org.id })).toHaveLength(3);
      const other = await seedOrganisation(store);
      expect(await findPracticeScenario(store, other.org.id, scenario.id)).toBeNull();
      expect(await findPracticeScenario(store, seeded.org.id, "not-a-uuid")).toBeNull();
    });

    it("stores a session's replies and transcript, ends it once, records a review, and lists by trainee, team and scenario", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const scenario = await createPracticeScenario(store, scenarioInput(seeded, null));
      const turns = [{ role: "customer", text: "Where is my refund?", line: 0, reading: null }];
      const session = await createPracticeSession(store, {
        orgId: seeded.org.id,
        teamId: seeded.team.id,
        scenarioId: scenario.id,
        traineeId: seeded.peer.id,
        turns,
      });
      expect(session).toMatchObject({ status: "active", replies: [], turns, score: null, endedAt: null });
      const ended = await updatePracticeSession(store, {
        orgId: seeded.org.id,
        id: session.id,
        status: "ended",
        replies: ["I'll refund it today."],
        turns: [...turns, { role: "agent", text: "I'll refund it today.", line: null, reading: null }],
        score: { overall: 3 },
        overall: 3,
      });
      expect(ended).toMatchObject({ status: "ended", replies: ["I'll refund it today."], overall: 3 });
      expect(ended?.endedAt).not.toBeNull();
      const reviewed = await reviewPracticeSession(store, {
        orgId: seeded.org.id,
        id: session.id,
        reviewedBy: seeded.lead.id,
        comment: "Give the date first.",
        check: { issues: [] },
      });
      expect(reviewed).toMatchObject({ reviewComment: "Give the date first.", reviewedBy: seeded.lead.id });
      await createPracticeSession(store, {
        orgId: seeded.org.id,
        teamId: seeded.team.id,
        scenarioId: scenario.id,
        traineeId: seeded.agent.id,
        turns,
      });
      const mine = await listPracticeSessions(store, { orgId: seeded.org.id, traineeId: seeded.peer.id });
      expect(mine.map((s) => s.id)).toEqual([session.id]);
      expect(
        await listPracticeSessions(store, { orgId: seeded.org.id, teamIds: [seeded.team.id] }),
      ).toHaveLength(2);
      expect(
        await listPracticeSessions(store, { orgId: seeded.org.id, scenarioId: scenario.id }),
      ).toHaveLength(2);
      const other = await seedOrganisation(store);
      expect(await listPracticeSessions(store, { orgId: other.org.id })).toEqual([]);
      expect(await findPracticeSession(store, other.org.id, session.id)).toBeNull();
      // A pair drill: listed for its customer's player too; one person cannot play both parts.
      const pair = await createPracticeSession(store, {
        orgId: seeded.org.id,
        teamId: seeded.team.id,
        scenarioId: scenario.id,
        traineeId: seeded.agent.id,
        customerPlayerId: seeded.peer.id,
        turns: [],
      });
      expect(pair).toMatchObject({ mode: "pair", customerPlayerId: seeded.peer.id });
      expect(
        (await listPracticeSessions(store, { orgId: seeded.org.id, traineeId: seeded.peer.id })).map(
          (s) => s.id,
        ),
      ).toEqual([pair.id, session.id]);
      const self = await createPracticeSession(store, {
        orgId: seeded.org.id,
        teamId: seeded.team.id,
        scenarioId: scenario.id,
        traineeId: seeded.agent.id,
        customerPlayerId: seeded.agent.id,
        turns: [],
      }).catch((e: unknown) => e);
      expect(self).toBeInstanceOf(Error);
      const locked = await store.transaction((tx) =>
        findPracticeSession(tx, seeded.org.id, session.id, { forUpdate: true }),
      );
      expect(locked?.status).toBe("ended");
    });
    it("makes one swap of a pair drill, however many ask at once: the others get its drill", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const scenario = await createPracticeScenario(store, scenarioInput(seeded, null));
      const base = { orgId: seeded.org.id, teamId: seeded.team.id, scenarioId: scenario.id, turns: [] };
      const first = await createPracticeSession(store, {
        ...base,
        traineeId: seeded.agent.id,
        customerPlayerId: seeded.peer.id,
      });
      expect(first.swapOf).toBeNull();
      const swap = {
        ...base,
        traineeId: seeded.peer.id,
        customerPlayerId: seeded.agent.id,
        swapOf: first.id,
      };
      // Both players at the same moment (on PostgreSQL, each in its own transaction on its own
      // connection), and a third, later, press.
      const [a, b] = await Promise.all([
        store.transaction((tx) => startSwappedPracticeSession(tx, swap)),
        store.transaction((tx) => startSwappedPracticeSession(tx, swap)),
      ]);
      const later = await startSwappedPracticeSession(store, swap);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(later.created).toBe(false);
      expect(b.session.id).toBe(a.session.id);
      expect(later.session).toEqual(a.created ? a.session : b.session);
      expect(a.session).toMatchObject({
        mode: "pair",
        traineeId: seeded.peer.id,
        customerPlayerId: seeded.agent.id,
        swapOf: first.id,
        status: "active",
      });
      const swaps = await store.query("SELECT id FROM practice_sessions WHERE org_id = $1 AND swap_of = $2", [
        seeded.org.id,
        first.id,
      ]);
      expect(swaps.map((r) => r.id)).toEqual([a.session.id]);
      // Drills that swap nothing are not held to one.
      await createPracticeSession(store, {
        ...base,
        traineeId: seeded.agent.id,
        customerPlayerId: seeded.peer.id,
      });
      expect(
        await listPracticeSessions(store, { orgId: seeded.org.id, scenarioId: scenario.id }),
      ).toHaveLength(3);
      // The swapped drill's own swap is a new drill, and swaps back.
      const back = await startSwappedPracticeSession(store, {
        ...swap,
        traineeId: seeded.agent.id,
        customerPlayerId: seeded.peer.id,
        swapOf: a.session.id,
      });
      expect(back).toMatchObject({
        created: true,
        session: { swapOf: a.session.id, traineeId: seeded.agent.id },
      });
    });
  });
}
