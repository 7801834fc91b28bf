// Loop 3's skill evidence and mentorship pairings in the store contract (src/store/skills.ts,
// src/store/skillsPairings.ts, migration 0031). Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { appendAnalyses } from "../analyses.ts";
import { closeConversation, findOrCreateConversation, updateConversation } from "../conversations.ts";
import { StoreError } from "../errors.ts";
import { createIntervention } from "../interventions.ts";
import { appendMessages } from "../messages.ts";
import { createPerson } from "../people.ts";
import { reviewScorecard, saveScorecard } from "../scorecards.ts";
import { listSkillEvidence, summariseSkillEvidence } from "../skills.ts";
import { createPairing, endPairing, findPairing, listPairings } from "../skillsPairings.ts";
import type { Store } from "../types.ts";
import { seedOrganisation } from "./factories.ts";

const DAY = 86_400_000;

/** The engine's QA scorecard, as far as the skill map reads it. */
const auto = (items: { item: string; score: number; applicable: boolean }[]) => ({
  items: items.map((i) => ({ ...i, evidence: [], note: "" })),
  overall: 2,
  percent: 50,
});

export function describeSkillsContract(getStore: () => Store): void {
  describe("skill evidence: one row per closed, scored conversation in the period", () => {
    it("merges a lead's override over the engine's applicable scores, counts the agent's own cued lines, and sees a teammate's help", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store, { topic: "billing" });
      const { org, team, agent, peer, lead, conversation } = seeded;
      const other = await seedOrganisation(store);
      const base = { orgId: org.id, conversationId: conversation.id };
      const lines = await appendMessages(store, [
        { ...base, role: "customer", text: "My invoice is wrong." },
        { ...base, role: "agent", authorPersonId: agent.id, text: "Maya, I think maybe it is the fee." },
        { ...base, role: "agent", authorPersonId: agent.id, text: "Perhaps, possibly, not sure." },
        // A helper's line in the agent's conversation is the helper's, not the agent's.
        { ...base, role: "agent", authorPersonId: peer.id, text: "Per the SLA the RMA is queued." },
        { ...base, role: "agent", kind: "whisper", authorPersonId: peer.id, text: "Give the fee's rule." },
      ]);
      const cue = (kind: string) => ({ kind, start: 0, end: 1, polarity: "neutral" });
      const analysed = [
        [],
        [cue("customer_name"), cue("hedging"), cue("hedging")],
        [cue("hedging")],
        [cue("jargon")],
      ];
      await appendAnalyses(
        store,
        analysed.map((cues, i) => ({
          ...base,
          messageId: lines[i]?.message.id ?? "",
          messageIndex: i,
          risk: 0.2,
          rung: "observe" as const,
          analysis: { cues },
        })),
      );
      await createIntervention(store, {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        kind: "whisper",
        state: "done",
        fromPersonId: peer.id,
        toPersonId: agent.id,
      });
      await store.query("UPDATE conversations SET customer_emotion = 'satisfied' WHERE id = $1", [
        conversation.id,
      ]);
      const closedAt = Date.now() - DAY;
      await closeConversation(store, { ...base, at: closedAt });
      await saveScorecard(store, {
        ...base,
        teamId: team.id,
        agentId: agent.id,
        auto: auto([
          { item: "empathy", score: 3, applicable: true },
          { item: "accuracy", score: 2, applicable: false },
          { item: "clear_next_steps", score: 1, applicable: true },
          { item: "habits", score: 2, applicable: false },
        ]),
        autoOverall: 2,
        scoredMessages: 4,
        conversationMessageCount: 5,
      });
      await reviewScorecard(store, {
        ...base,
        reviewedBy: lead.id,
        override: { clear_next_steps: 4, accuracy: 3 },
        overrideOverall: 3.3,
      });

      // Closed long before the period: left out. Another organisation's: never seen.
      const { conversation: old } = await findOrCreateConversation(store, {
        orgId: org.id,
        teamId: team.id,
        channel: "chat",
        externalId: `old-${conversation.id}`,
        assignedPersonId: agent.id,
        topic: "billing",
      });
      await closeConversation(store, { orgId: org.id, conversationId: old.id, at: Date.now() - 200 * DAY });
      await saveScorecard(store, {
        orgId: org.id,
        conversationId: old.id,
        teamId: team.id,
        agentId: agent.id,
        auto: auto([{ item: "empathy", score: 0, applicable: true }]),
        autoOverall: 0,
        scoredMessages: 0,
        conversationMessageCount: 0,
      });
      await closeConversation(store, { orgId: other.org.id, conversationId: other.conversation.id });
      await saveScorecard(store, {
        orgId: other.org.id,
        conversationId: other.conversation.id,
        teamId: other.team.id,
        agentId: other.agent.id,
        auto: auto([{ item: "empathy", score: 4, applicable: true }]),
        autoOverall: 4,
        scoredMessages: 0,
        conversationMessageCount: 0,
      });

      const rows = await listSkillEvidence(store, {
        orgId: org.id,
        teamIds: [team.id, other.team.id, "not-a-uuid"],
        since: Date.now() - 90 * DAY,
        until: Date.now() + 1000,
      });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toEqual({
        conversationId: conversation.id,
        teamId: team.id,
        agentId: agent.id,
        topic: "billing",
        closedAt,
        // accuracy: not applicable, but the lead scored it; habits: neither, so left out.
        qa: { empathy: 3, clear_next_steps: 4, accuracy: 3 },
        agentLines: 2,
        cueLines: { customer_name: 1, hedging: 2 },
        helped: true,
        endEmotion: "satisfied",
      });
      const older = await listSkillEvidence(store, {
        orgId: org.id,
        teamIds: [team.id],
        since: Date.now() - 365 * DAY,
        until: Date.now() - 2 * DAY,
      });
      expect(older.map((r) => [r.conversationId, r.qa, r.agentLines, r.helped, r.endEmotion])).toEqual([
        [old.id, { empathy: 0 }, 0, false, null],
      ]);
      expect(
        await listSkillEvidence(store, { orgId: org.id, teamIds: [], since: 0, until: Date.now() }),
      ).toEqual([]);

      // The same cards summed by the database, per person, topic and skill: what each card says.
      const measures = {
        qa: ["empathy", "accuracy", "clear_next_steps", "habits"],
        cues: [
          { skill: "uses_name", kinds: ["customer_name"], good: true },
          { skill: "no_hedging", kinds: ["hedging", "vague_answer"], good: false },
          // The helper's jargon line is not the agent's.
          { skill: "no_jargon", kinds: ["jargon"], good: false },
        ],
        help: ["recovery"],
        calm: ["neutral", "satisfied"],
      };
      const byKey = <T extends { skill: string | null }>(rows: T[]) =>
        [...rows].sort((a, b) => (a.skill ?? "").localeCompare(b.skill ?? ""));
      const sums = (agentId: string | null, older: boolean) =>
        byKey([
          { agentId, topic: "billing", skill: null, sum: 0, n: older ? 2 : 1 },
          // The old card's empathy scored 0; it had no analysed line and nobody helped.
          { agentId, topic: "billing", skill: "empathy", sum: 0.75, n: older ? 2 : 1 },
          { agentId, topic: "billing", skill: "accuracy", sum: 0.75, n: 1 },
          { agentId, topic: "billing", skill: "clear_next_steps", sum: 1, n: 1 },
          { agentId, topic: "billing", skill: "uses_name", sum: 1, n: 1 },
          { agentId, topic: "billing", skill: "no_hedging", sum: 0, n: 1 },
          { agentId, topic: "billing", skill: "no_jargon", sum: 1, n: 1 },
          { agentId, topic: "billing", skill: "recovery", sum: 1, n: 1 },
        ]);
      const inPeriod = {
        orgId: org.id,
        teamIds: [team.id, other.team.id],
        since: Date.now() - 90 * DAY,
        until: Date.now() + 1000,
        measures,
      };
      expect(byKey(await summariseSkillEvidence(store, { ...inPeriod, byAgent: true }))).toEqual(
        sums(agent.id, false),
      );
      const withOld = { ...inPeriod, since: Date.now() - 365 * DAY, byAgent: false };
      expect(byKey(await summariseSkillEvidence(store, withOld))).toEqual(sums(null, true));
      expect(await summariseSkillEvidence(store, { ...withOld, exceptAgentId: agent.id })).toEqual([]);
      // Lines not stored with the card (its conversation changed since) are read from the transcript.
      await store.query("UPDATE scorecards SET skill_lines = NULL WHERE org_id = $1", [org.id]);
      expect(byKey(await summariseSkillEvidence(store, withOld))).toEqual(sums(null, true));
      expect(await summariseSkillEvidence(store, { ...withOld, teamIds: ["not-a-uuid"] })).toEqual([]);
    });
  });

  describe("skill evidence: each card's lines read once", () => {
    it("plans one read of the messages per card, for both the lines and their cues", async () => {
      const store = getStore();
      const { org, team, agent, conversation } = await seedOrganisation(store);
      const base = { orgId: org.id, conversationId: conversation.id };
      await appendMessages(store, [{ ...base, role: "agent", authorPersonId: agent.id, text: "Hello." }]);
      await closeConversation(store, { ...base, at: Date.now() - 1000 });
      await saveScorecard(store, {
        ...base,
        teamId: team.id,
        agentId: agent.id,
        auto: auto([{ item: "empathy", score: 1, applicable: true }]),
        autoOverall: 1,
        scoredMessages: 1,
        conversationMessageCount: 1,
      });
      // Not stored with the card (as if its conversation changed since): read from the transcript.
      await store.query("UPDATE scorecards SET skill_lines = NULL WHERE org_id = $1", [org.id]);
      const plans: string[] = [];
      const explaining = {
        query: async (sql: string, params?: unknown[]) => {
          const plan = await store.query(`EXPLAIN ${sql}`, params as never);
          plans.push(...plan.map((row) => String(Object.values(row)[0])));
          return store.query(sql, params as never);
        },
      };
      await listSkillEvidence(explaining as never, {
        orgId: org.id,
        teamIds: [team.id],
        since: Date.now() - DAY,
        until: Date.now(),
      });
      // A team of 40's 33,000 cards read each card's messages twice (count, then cues): 516k buffers.
      expect(plans.filter((line) => / on messages\b/.test(line)).length).toBe(1);
    });
  });

  describe("skill evidence: kept with each card", () => {
    it("stores a card's lines when it is written, reads them from the card while its conversation is unchanged, and stores them again when a late analysis comes", async () => {
      const store = getStore();
      const { org, team, agent, lead, conversation } = await seedOrganisation(store, { topic: "refunds" });
      const base = { orgId: org.id, conversationId: conversation.id };
      const cue = (kind: string) => ({ kind, start: 0, end: 1, polarity: "neutral" });
      const say = async (text: string, cues: ReturnType<typeof cue>[], between?: () => Promise<unknown>) => {
        const [line] = await appendMessages(store, [
          { ...base, role: "agent", authorPersonId: agent.id, text },
        ]);
        await between?.();
        await appendAnalyses(store, [
          {
            ...base,
            messageId: line?.message.id ?? "",
            messageIndex: line?.message.position ?? 0,
            risk: 0.2,
            rung: "observe" as const,
            analysis: { cues },
          },
        ]);
      };
      await appendMessages(store, [{ ...base, role: "customer", text: "Where is my refund?" }]);
      await say("Not sure, maybe next week.", [cue("hedging")]);
      await closeConversation(store, { ...base, at: Date.now() - DAY });
      const period = { orgId: org.id, teamIds: [team.id], since: Date.now() - 90 * DAY, until: Date.now() };
      const expected = {
        conversationId: conversation.id,
        qa: { empathy: 1 },
        agentLines: 1,
        cueLines: { hedging: 1 },
      };
      const kept = async () =>
        (
          await store.query(
            "SELECT skill_lines, skill_cue_kinds, skill_lines_of FROM scorecards WHERE conversation_id = $1",
            [conversation.id],
          )
        )[0];
      await saveScorecard(store, {
        ...base,
        teamId: team.id,
        agentId: agent.id,
        auto: auto([{ item: "empathy", score: 1, applicable: true }]),
        autoOverall: 1,
        scoredMessages: 2,
        conversationMessageCount: 2,
      });
      // Stored with the card as it was written, before any read (a read stores nothing).
      expect(await kept()).toEqual({ skill_lines: 1, skill_cue_kinds: [["hedging"]], skill_lines_of: 2 });

      const plans: string[] = [];
      let statements = 0;
      const explaining = {
        query: async (sql: string, params?: unknown[]) => {
          statements += 1;
          if (/^\s*SELECT/.test(sql)) {
            const plan = await store.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params as never);
            plans.push(...plan.map((row) => String(Object.values(row)[0])));
          }
          return store.query(sql, params as never);
        },
      };
      // Stored: one statement, and no line read.
      const first = await listSkillEvidence(explaining as never, period);
      expect(first).toMatchObject([expected]);
      expect(statements).toBe(1);
      expect(plans.filter((line) => / on messages\b/.test(line))).toEqual([]);

      // A lead's review changes the scores at once. A line written since is read from the
      // transcript (unanalysed yet), and its analysis, stored later, stores the card's lines again.
      await reviewScorecard(store, {
        ...base,
        reviewedBy: lead.id,
        override: { empathy: 3 },
        overrideOverall: 3,
      });
      let meanwhile: unknown;
      await say("Maya, it went out today.", [cue("customer_name")], async () => {
        meanwhile = await listSkillEvidence(store, period);
      });
      expect(meanwhile).toMatchObject([{ ...expected, qa: { empathy: 3 } }]);
      expect(await kept()).toEqual({
        skill_lines: 2,
        skill_cue_kinds: [["hedging"], ["customer_name"]],
        skill_lines_of: 3,
      });
      expect(await listSkillEvidence(store, period)).toMatchObject([
        { ...expected, qa: { empathy: 3 }, agentLines: 2, cueLines: { hedging: 1, customer_name: 1 } },
      ]);
    });
  });

  describe("skill evidence: a helper's card is their handling too", () => {
    it("gives a helper who took over a row of their own, with their card's scores and their own lines, not helped by their own takeover", async () => {
      const store = getStore();
      const { org, team, agent, peer, conversation } = await seedOrganisation(store, { topic: "refunds" });
      const base = { orgId: org.id, conversationId: conversation.id };
      const lines = await appendMessages(store, [
        { ...base, role: "customer", text: "Where is my refund?" },
        { ...base, role: "agent", authorPersonId: agent.id, text: "Not sure, maybe next week." },
        { ...base, role: "agent", authorPersonId: peer.id, text: "Maya, it went out today." },
      ]);
      const cue = (kind: string) => ({ kind, start: 0, end: 1, polarity: "neutral" });
      await appendAnalyses(
        store,
        [[], [cue("hedging")], [cue("customer_name")]].map((cues, i) => ({
          ...base,
          messageId: lines[i]?.message.id ?? "",
          messageIndex: i,
          risk: 0.2,
          rung: "observe" as const,
          analysis: { cues },
        })),
      );
      // The helper offered to take over and the agent accepted: help the agent received.
      await createIntervention(store, {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        kind: "takeover_offer",
        state: "accepted",
        fromPersonId: peer.id,
        toPersonId: agent.id,
      });
      await closeConversation(store, { ...base, at: Date.now() - DAY });
      const card = (agentId: string, role: "agent" | "helper", empathy: number) =>
        saveScorecard(store, {
          ...base,
          teamId: team.id,
          agentId,
          role,
          auto: auto([{ item: "empathy", score: empathy, applicable: true }]),
          autoOverall: empathy,
          scoredMessages: 2,
          conversationMessageCount: 3,
        });
      await card(agent.id, "agent", 1);
      await card(peer.id, "helper", 4);

      const rows = await listSkillEvidence(store, {
        orgId: org.id,
        teamIds: [team.id],
        since: Date.now() - 90 * DAY,
        until: Date.now() + 1000,
      });
      const byPerson = new Map(rows.map((r) => [r.agentId, r]));
      expect(rows).toHaveLength(2);
      expect(byPerson.get(agent.id)).toMatchObject({
        qa: { empathy: 1 },
        agentLines: 1,
        cueLines: { hedging: 1 },
        helped: true,
      });
      expect(byPerson.get(peer.id)).toMatchObject({
        conversationId: conversation.id,
        topic: "refunds",
        qa: { empathy: 4 },
        agentLines: 1,
        cueLines: { customer_name: 1 },
        helped: false,
      });
    });
  });

  describe("skill evidence: a line with no author is whoever was handling the conversation", () => {
    it("counts an unsigned line before a warm transfer for the agent and one after it for the receiver, as the scorecard does", async () => {
      const store = getStore();
      const { org, team, agent, peer, conversation } = await seedOrganisation(store, { topic: "refunds" });
      const base = { orgId: org.id, conversationId: conversation.id };
      const t0 = Date.now() - 2 * DAY;
      // The helpdesk names no author on its agent lines: the agent's before the transfer, the receiver's after.
      const lines = await appendMessages(store, [
        { ...base, role: "customer", text: "Where is my refund?", sentAt: t0 },
        {
          ...base,
          role: "agent",
          authorPersonId: null,
          text: "Not sure, maybe next week.",
          sentAt: t0 + 60_000,
        },
        {
          ...base,
          role: "agent",
          authorPersonId: null,
          text: "Maya, it went out today.",
          sentAt: t0 + 300_000,
        },
      ]);
      const cue = (kind: string) => ({ kind, start: 0, end: 1, polarity: "neutral" });
      await appendAnalyses(
        store,
        [[], [cue("hedging")], [cue("customer_name")]].map((cues, i) => ({
          ...base,
          messageId: lines[i]?.message.id ?? "",
          messageIndex: i,
          risk: 0.2,
          rung: "observe" as const,
          analysis: { cues },
        })),
      );
      await createIntervention(store, {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        kind: "warm_transfer",
        state: "done",
        fromPersonId: agent.id,
        toPersonId: peer.id,
        summary: "Refund went out; customer waiting for the date.",
        at: t0 + 120_000,
      });
      await updateConversation(store, { ...base, assignedPersonId: peer.id });
      await closeConversation(store, { ...base, at: t0 + 400_000 });
      const card = (agentId: string, role: "agent" | "helper") =>
        saveScorecard(store, {
          ...base,
          teamId: team.id,
          agentId,
          role,
          auto: auto([{ item: "empathy", score: 2, applicable: true }]),
          autoOverall: 2,
          scoredMessages: 3,
          conversationMessageCount: 3,
        });
      await card(agent.id, "agent");
      await card(peer.id, "helper");
      const period = { orgId: org.id, teamIds: [team.id], since: Date.now() - 90 * DAY, until: Date.now() };
      const linesOf = async () =>
        new Map((await listSkillEvidence(store, period)).map((r) => [r.agentId, [r.agentLines, r.cueLines]]));
      // Counted by the last assignee, both lines were the receiver's and the agent had none.
      const expected = new Map([
        [agent.id, [1, { hedging: 1 }]],
        [peer.id, [1, { customer_name: 1 }]],
      ]);
      expect(await linesOf()).toEqual(expected);
      const sums = async () =>
        (
          await summariseSkillEvidence(store, {
            ...period,
            byAgent: true,
            measures: {
              qa: [],
              cues: [{ skill: "no_hedging", kinds: ["hedging"], good: false }],
              help: [],
              calm: [],
            },
          })
        )
          .filter((r) => r.skill === "no_hedging")
          .map((r) => [r.agentId, r.sum, r.n])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      const hedging = [
        [agent.id, 0, 1],
        [peer.id, 1, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(await sums()).toEqual(hedging);
      // The same when read from the transcript (the lines not stored with the cards).
      await store.query("UPDATE scorecards SET skill_lines = NULL WHERE org_id = $1", [org.id]);
      expect(await linesOf()).toEqual(expected);
      expect(await sums()).toEqual(hedging);
    });
  });

  describe("mentorship pairings", () => {
    it("keeps one pairing in force per mentee, skill and topic, never a person with themself, and ends once", async () => {
      const store = getStore();
      const { org, team, agent, peer, lead } = await seedOrganisation(store);
      const third = await createPerson(store, {
        orgId: org.id,
        email: `third-${org.id.slice(0, 8)}@example.test`,
        displayName: "Third",
        role: "agent",
        teamIds: [team.id],
      });
      const base = { orgId: org.id, teamId: team.id, createdBy: lead.id };
      const first = await createPairing(store, {
        ...base,
        mentorId: peer.id,
        menteeId: agent.id,
        skill: "clear_next_steps",
        topic: "billing",
        reason: "Because.",
      });
      expect(first).toMatchObject({ mentorId: peer.id, menteeId: agent.id, topic: "billing", endedAt: null });
      const conflict = await createPairing(store, {
        ...base,
        mentorId: third.id,
        menteeId: agent.id,
        skill: "clear_next_steps",
        topic: "billing",
      }).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(StoreError);
      expect((conflict as StoreError).code).toBe("CONFLICT");
      // Another topic of the same skill is another pairing.
      await createPairing(store, {
        ...base,
        mentorId: third.id,
        menteeId: agent.id,
        skill: "clear_next_steps",
      });
      const self = await createPairing(store, {
        ...base,
        mentorId: agent.id,
        menteeId: agent.id,
        skill: "empathy",
      }).catch((e: unknown) => e);
      expect((self as StoreError).code).toBe("INVALID_INPUT");
      // The table refuses it too, whoever writes.
      await expect(
        store.query(
          `INSERT INTO mentorship_pairings (org_id, team_id, mentor_id, mentee_id, skill) VALUES ($1, $2, $3, $3, 'empathy')`,
          [org.id, team.id, agent.id],
        ),
      ).rejects.toThrow();

      expect((await listPairings(store, { orgId: org.id, personId: peer.id })).map((p) => p.id)).toEqual([
        first.id,
      ]);
      expect(await listPairings(store, { orgId: org.id, personId: agent.id })).toHaveLength(2);
      const ended = await endPairing(store, { orgId: org.id, id: first.id, endedBy: lead.id });
      expect(ended?.endedAt).not.toBeNull();
      expect(await endPairing(store, { orgId: org.id, id: first.id, endedBy: lead.id })).toBeNull();
      expect(await listPairings(store, { orgId: org.id, personId: peer.id })).toEqual([]);
      expect(
        await listPairings(store, { orgId: org.id, personId: peer.id, includeEnded: true }),
      ).toHaveLength(1);
      expect((await findPairing(store, org.id, first.id))?.endedBy).toBe(lead.id);
      // Ended, the mentee may be paired for it again.
      await createPairing(store, {
        ...base,
        mentorId: third.id,
        menteeId: agent.id,
        skill: "clear_next_steps",
        topic: "billing",
      });
      const stranger = await seedOrganisation(store);
      expect(await findPairing(store, stranger.org.id, first.id)).toBeNull();
      expect(await endPairing(store, { orgId: stranger.org.id, id: first.id, endedBy: null })).toBeNull();
    });
  });
}
