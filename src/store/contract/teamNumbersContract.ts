// The team's numbers in the store contract (GET /numbers): conversations, first-contact resolution
// and escalations by when conversations started; alert outcomes and time to help by when alerts
// were raised; whether customers recovered after a step-in, from the stored readings; survey tags.
// Registered by describeStoreContract for every backend.
import { describe, expect, it } from "vitest";
import { raiseAlerts, transitionAlert } from "../alerts.ts";
import { closeConversation, findConversationById, findOrCreateConversation } from "../conversations.ts";
import { createIntervention, transitionIntervention } from "../interventions.ts";
import { countAgentNumbers, summariseAgentNumbers } from "../agentNumbers.ts";
import { appendMessages } from "../messages.ts";
import { saveScorecard } from "../scorecards.ts";
import {
  countTeamNumbers,
  hasSurveyAnswer,
  recordSurveyAnswer,
  summariseTeamNumbers,
} from "../teamNumbers.ts";
import type { Store } from "../types.ts";
import { seedOrganisation, type SeededOrganisation } from "./factories.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const recovery = { lines: 3, calmBelow: 0.45, fall: 0.15 };

export function describeTeamNumbersContract(getStore: () => Store): void {
  describe("team numbers", () => {
    it("counts a team's conversations, alerts, step-in outcomes and survey tags into periods, and nobody else's", async () => {
      const store = getStore();
      const seeded = await seedOrganisation(store);
      const { org, team, agent, peer } = seeded;
      const other = await seedOrganisation(store);
      const now = Date.now();
      const edges = [now - 2 * DAY, now - DAY, now + HOUR];
      const dayOne = now - 2 * DAY + HOUR;
      let n = 0;
      const conversation = async (s: SeededOrganisation, createdAt: number) =>
        (
          await findOrCreateConversation(store, {
            orgId: s.org.id,
            teamId: s.team.id,
            channel: "chat",
            externalId: `numbers-${++n}-${s.org.id}`,
            assignedPersonId: s.agent.id,
            createdAt,
          })
        ).conversation;
      /** Customer lines carrying the engine's running frustration, as ingest stores them. */
      const customerSays = (conversationId: string, orgId: string, frustrations: number[]) =>
        appendMessages(
          store,
          frustrations.map((f, i) => ({
            orgId,
            conversationId,
            role: "customer" as const,
            text: `line ${i}`,
          })),
          {
            prepare: (rows) => ({
              analyses: new Map(
                rows.map((row) => [
                  row,
                  {
                    risk: frustrations[row] ?? 0,
                    rung: "observe" as const,
                    analysis: {
                      customer: { emotion: "frustrated", frustration: frustrations[row] ?? 0, trend: "flat" },
                    },
                  },
                ]),
              ),
            }),
          },
        );
      const step = (
        conversationId: string,
        kind: "signal" | "whisper" | "warm_transfer" | "escalation" | "takeover_offer" | "raise_hand",
        extra: { at?: number; fromPersonId?: string; state?: "done" | "offered" } = {},
      ) =>
        createIntervention(store, {
          orgId: org.id,
          teamId: team.id,
          conversationId,
          kind,
          state: extra.state ?? (kind === "takeover_offer" || kind === "escalation" ? "offered" : "done"),
          fromPersonId: extra.fromPersonId ?? peer.id,
          toPersonId: agent.id,
          ...(kind === "warm_transfer" ? { summary: "what happened so far" } : {}),
          ...(extra.at !== undefined ? { at: extra.at } : {}),
        });

      // Day one: resolved at first contact; reopened by the customer and closed again; transferred.
      const resolved = await conversation(seeded, dayOne);
      await customerSays(resolved.id, org.id, [0.2]);
      await closeConversation(store, { orgId: org.id, conversationId: resolved.id });
      const reopened = await conversation(seeded, dayOne);
      await customerSays(reopened.id, org.id, [0.3]);
      await closeConversation(store, { orgId: org.id, conversationId: reopened.id });
      await customerSays(reopened.id, org.id, [0.5]);
      await closeConversation(store, { orgId: org.id, conversationId: reopened.id });
      expect((await findConversationById(store, org.id, reopened.id))?.status).toBe("closed");
      const transferred = await conversation(seeded, dayOne);
      await customerSays(transferred.id, org.id, [0.4]);
      await step(transferred.id, "warm_transfer");
      await closeConversation(store, { orgId: org.id, conversationId: transferred.id });
      // Without a message, a conversation was never handled.
      await conversation(seeded, dayOne);

      // Alerts on day one: helped after 30 s (by an offer, then acted on) and after 90 s; one
      // dismissed with only the agent's own raised hand in its window; another team's.
      const alerting = await conversation(seeded, dayOne);
      const base = {
        orgId: org.id,
        teamId: team.id,
        conversationId: alerting.id,
        agentPersonId: agent.id,
        helperPersonId: peer.id,
        reasons: ["customer_reacting_to_agent"],
        rung: "signal" as const,
        risk: 0.7,
        why: "test",
      };
      const [quick, slow, dismissed] = await raiseAlerts(store, [
        { ...base, raisedAt: dayOne },
        { ...base, raisedAt: dayOne + 1000_000 },
        { ...base, raisedAt: dayOne + 2000_000 },
      ]);
      if (!quick || !slow || !dismissed) throw new Error("alerts not raised");
      await step(alerting.id, "takeover_offer", { at: dayOne + 30_000 });
      await transitionAlert(store, { orgId: org.id, alertId: quick.id, to: "acted_on", at: dayOne + 31_000 });
      await step(alerting.id, "takeover_offer", { at: dayOne + 1090_000 });
      await step(alerting.id, "raise_hand", { at: dayOne + 2010_000, fromPersonId: agent.id });
      await transitionAlert(store, {
        orgId: org.id,
        alertId: dismissed.id,
        to: "dismissed_not_useful",
        at: dayOne + 2020_000,
      });
      const elsewhere = await conversation(other, dayOne);
      await customerSays(elsewhere.id, other.org.id, [0.9]);
      await raiseAlerts(store, [
        {
          ...base,
          orgId: other.org.id,
          teamId: other.team.id,
          conversationId: elsewhere.id,
          agentPersonId: other.agent.id,
          helperPersonId: other.peer.id,
          raisedAt: dayOne,
        },
      ]);

      // Day two (today): an escalation, and step-ins judged by the customer's next lines. A line
      // stored in the step's own millisecond would count as before it (the store's clock may tick in
      // ms), so the lines after a step wait for the clock to move on.
      const later = () => new Promise((resolve) => setTimeout(resolve, 3));
      const escalated = await conversation(seeded, now - HOUR);
      await customerSays(escalated.id, org.id, [0.9]);
      await step(escalated.id, "escalation");
      const calmed = await conversation(seeded, now - HOUR);
      await customerSays(calmed.id, org.id, [0.8, 0.85]);
      await step(calmed.id, "whisper");
      await later();
      await customerSays(calmed.id, org.id, [0.5, 0.3, 0.2, 0.9]);
      const stuck = await conversation(seeded, now - HOUR);
      await customerSays(stuck.id, org.id, [0.8]);
      await step(stuck.id, "signal");
      await later();
      await customerSays(stuck.id, org.id, [0.8, 0.75, 0.7]);
      const early = await conversation(seeded, now - HOUR);
      await customerSays(early.id, org.id, [0.9]);
      const offer = await step(early.id, "takeover_offer");
      await transitionIntervention(store, {
        orgId: org.id,
        interventionId: offer.id,
        to: "accepted",
        at: Date.now(),
      });
      await later();
      await customerSays(early.id, org.id, [0.6]);
      const endedSoon = await conversation(seeded, now - HOUR);
      await customerSays(endedSoon.id, org.id, [0.9]);
      await step(endedSoon.id, "warm_transfer");
      await later();
      await customerSays(endedSoon.id, org.id, [0.7]);
      await closeConversation(store, { orgId: org.id, conversationId: endedSoon.id });
      const declined = await conversation(seeded, now - HOUR);
      await customerSays(declined.id, org.id, [0.7]);
      const refused = await step(declined.id, "takeover_offer");
      await transitionIntervention(store, { orgId: org.id, interventionId: refused.id, to: "declined" });

      // Survey answers on day one; a second answer for a conversation changes nothing.
      const answer = (conversationId: string, tags: string[], s = seeded) =>
        recordSurveyAnswer(store, {
          orgId: s.org.id,
          teamId: s.team.id,
          conversationId,
          tags,
          source: "chat",
          at: dayOne + HOUR,
        });
      expect(await answer(resolved.id, ["felt_heard", "problem_solved"])).toBe(true);
      expect(await answer(resolved.id, ["too_slow"])).toBe(false);
      expect(await answer(reopened.id, ["had_to_repeat"])).toBe(true);
      expect(await answer(transferred.id, [])).toBe(true);
      expect(await answer(elsewhere.id, ["too_slow"], other)).toBe(true);
      expect(await hasSurveyAnswer(store, org.id, resolved.id)).toBe(true);
      expect(await hasSurveyAnswer(store, org.id, calmed.id)).toBe(false);
      await expect(answer(resolved.id, ["not_a_tag"])).rejects.toThrow();

      const [one, two] = await countTeamNumbers(store, { orgId: org.id, teamId: team.id, edges, recovery });
      expect(one).toEqual({
        conversations: 3,
        closed: 3,
        resolvedFirstContact: 1,
        escalated: 0,
        alerts: { raised: 3, actedOn: 1, notUseful: 1, expired: 0, open: 1 },
        // 30 s and 90 s: the median halfway, the 90th percentile 90% of the way (interpolated).
        timeToHelp: { helped: 2, medianSeconds: 60, p90Seconds: 84 },
        // Offers nobody accepted are not step-ins here (time to help counts them).
        stepIns: { total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 },
        survey: { answered: 2, skipped: 1, tags: { felt_heard: 1, problem_solved: 1, had_to_repeat: 1 } },
      });
      expect(two).toEqual({
        conversations: 6,
        closed: 1,
        resolvedFirstContact: 0,
        escalated: 1,
        alerts: { raised: 0, actedOn: 0, notUseful: 0, expired: 0, open: 0 },
        timeToHelp: { helped: 0, medianSeconds: null, p90Seconds: null },
        // By when the step-in happened (now). Calmed (0.2 three lines on); ended after one line,
        // down from 0.9 to 0.7; stuck (0.7, down only 0.1); too early: open, one line since the
        // takeover, and day one's transfer, closed with no line after it.
        stepIns: { total: 5, recovered: 2, notRecovered: 1, tooEarly: 2 },
        survey: { answered: 0, skipped: 0, tags: {} },
      });
      // The whole range at once: the same counts, one period.
      const [whole] = await countTeamNumbers(store, {
        orgId: org.id,
        teamId: team.id,
        edges: [edges[0] ?? 0, edges[2] ?? 0],
        recovery,
      });
      expect(whole?.conversations).toBe(9);
      expect(whole?.stepIns).toEqual({ total: 5, recovered: 2, notRecovered: 1, tooEarly: 2 });
      expect(whole?.timeToHelp).toEqual({ helped: 2, medianSeconds: 60, p90Seconds: 84 });
      // The series, the whole range and a before/after comparison in one pass: four statements
      // (one per measure), each counting into every summary, the same counts as one call each.
      let statements = 0;
      const counted = {
        query: (sql: string, params?: unknown[]) => {
          statements += 1;
          return store.query(sql, params as never);
        },
      };
      const middle = edges[1] ?? 0;
      const summary = await summariseTeamNumbers(counted as never, {
        orgId: org.id,
        teamId: team.id,
        edges,
        recovery,
        compareAt: middle,
      });
      expect(statements).toBe(4);
      // Each alert's first step-in comes from one join of the step-ins, not a look-up per alert; each
      // step-in's customer lines are read once for both readings, not once per reading.
      const plans: string[] = [];
      const outcomePlans: string[] = [];
      await summariseTeamNumbers(
        {
          query: async (sql: string, params?: unknown[]) => {
            const into = /FROM alerts a/.test(sql)
              ? plans
              : /FROM messages m/.test(sql)
                ? outcomePlans
                : null;
            if (into)
              into.push(
                ...(await store.query(`EXPLAIN ${sql}`, params as never)).map((r) =>
                  String(Object.values(r)[0]),
                ),
              );
            return store.query(sql, params as never);
          },
        } as never,
        { orgId: org.id, teamId: team.id, edges, recovery },
      );
      expect(plans.filter((line) => / on interventions\b/.test(line))).toHaveLength(1);
      expect(plans.filter((line) => /SubPlan/.test(line))).toEqual([]);
      expect(outcomePlans.filter((line) => / on messages\b/.test(line))).toHaveLength(1);
      expect(outcomePlans.filter((line) => / on conversations\b/.test(line))).toHaveLength(1);
      expect(outcomePlans.filter((line) => /SubPlan/.test(line))).toEqual([]);
      expect(summary.periods).toEqual([one, two]);
      expect(summary.total).toEqual(whole);
      expect(summary.comparison).toEqual({ before: one, after: two });
      // A moment between two edges splits the range where it says (medians too).
      const at = dayOne + HOUR / 2;
      const [beforeAt, afterAt] = await countTeamNumbers(store, {
        orgId: org.id,
        teamId: team.id,
        edges: [edges[0] ?? 0, at, edges[2] ?? 0],
        recovery,
      });
      const split = await summariseTeamNumbers(store, {
        orgId: org.id,
        teamId: team.id,
        edges,
        recovery,
        compareAt: at,
      });
      expect(split.comparison).toEqual({ before: beforeAt, after: afterAt });
      expect(split.periods).toEqual([one, two]);
      const plain = await summariseTeamNumbers(store, { orgId: org.id, teamId: team.id, edges, recovery });
      expect(plain.comparison).toBeNull();
      expect(plain.total).toEqual(whole);
      // Another organisation's id for the team, or no periods, counts nothing.
      const [foreign] = await countTeamNumbers(store, {
        orgId: other.org.id,
        teamId: team.id,
        edges,
        recovery,
      });
      expect(foreign?.conversations).toBe(0);
      expect(
        await countTeamNumbers(store, { orgId: org.id, teamId: team.id, edges: [now], recovery }),
      ).toEqual([]);

      // "My numbers" of the same rows: the agent's periods and whole range from one pass (five
      // statements, one per measure), the same as counting the periods and the range apart.
      const card = (conversationId: string, overall: number) =>
        saveScorecard(store, {
          orgId: org.id,
          teamId: team.id,
          conversationId,
          agentId: agent.id,
          auto: { items: [], overall },
          autoOverall: overall,
          scoredMessages: 1,
          conversationMessageCount: 1,
        });
      await card(resolved.id, 2);
      await card(transferred.id, 3);
      await card(escalated.id, 3.5);
      for (const person of [agent, peer]) {
        const query = { orgId: org.id, personId: person.id, teamIds: [team.id], recovery };
        const periods = await countAgentNumbers(store, { ...query, edges });
        const [range] = await countAgentNumbers(store, {
          ...query,
          edges: [edges[0] ?? 0, edges[2] ?? 0],
        });
        statements = 0;
        const mine = await summariseAgentNumbers(counted as never, { ...query, edges });
        expect(statements).toBe(5);
        expect(mine.periods).toEqual(periods);
        expect(mine.total).toEqual(range);
      }
      const [agentRange] = await countAgentNumbers(store, {
        orgId: org.id,
        personId: agent.id,
        teamIds: [team.id],
        edges: [edges[0] ?? 0, edges[2] ?? 0],
        recovery,
      });
      expect(agentRange?.conversations).toBe(9);
      expect(agentRange?.scorecards).toEqual({ count: 3, averageOverall: 2.8333333333333335 });
      expect(agentRange?.survey.answered).toBeGreaterThan(0);
    });
  });
}
