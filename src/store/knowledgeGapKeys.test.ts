// A knowledge gap's stored keys (migration 0050): the fact that answered a question before is found
// by the question's key through the answered gaps' index, not by reading every answered gap of the
// team; and keys another derivation wrote (another fingerprint of the key code) are listed to derive again.
import { describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { appendGapAsked, planOf, useMemoryStore } from "./contract/testStore.ts";
import { createKnowledgeFact } from "./knowledge.ts";
import {
  answerKnowledgeGaps,
  appendKnowledgeGaps,
  findFactsAnsweringQuestions,
  listGapsToRekey,
  rekeyKnowledgeGaps,
} from "./knowledgeGaps.ts";
import { createTeam } from "./teams.ts";

const memoryStore = useMemoryStore();

describe("findFactsAnsweringQuestions", () => {
  it("gives each asked question's last answering fact still published, the team's or the organisation's", async () => {
    const store = memoryStore();
    const { org, team, conversation } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    const [otherConversation] = await store.query(
      `INSERT INTO conversations (org_id, team_id, channel, external_id, status)
       VALUES ($1, $2, 'chat', 'other-team', 'closed') RETURNING id`,
      [org.id, other.id],
    );
    const fact = (statement: string, teamId: string | null, status: "published" | "draft" = "published") =>
      createKnowledgeFact(store, { orgId: org.id, teamId, statement, value: 30, status });
    const older = await fact("Returns within 30 days", team.id);
    const newer = await fact("The return window is 30 days", team.id);
    const draft = await fact("Shipping is free over $50", team.id, "draft");
    const orgWide = await fact("We ship to Canada", null);
    const otherTeams = await fact("PO boxes: yes", other.id);
    let index = 0;
    const gap = async (
      questionKey: string,
      factId: string | null,
      minutesAgo: number,
      where = { teamId: team.id, conversationId: conversation.id },
    ) => {
      const asked = {
        orgId: org.id,
        ...where,
        question: `Question ${index}?`,
        questionIndex: index++,
        topic: "question",
        reason: "hedged" as const,
        questionKey,
        keysDerivation: "d1",
      };
      const g = await appendGapAsked(store, asked, minutesAgo);
      if (factId !== null) await answerKnowledgeGaps(store, { orgId: org.id, factId, ids: [g.id] });
    };
    await gap("what|return window", older.id, 30);
    await gap("what|return window", newer.id, 10);
    await gap("what|free ship", older.id, 30);
    await gap("what|free ship", draft.id, 5);
    await gap("|canada ship", orgWide.id, 20);
    await gap("|box po", otherTeams.id, 20, {
      teamId: other.id,
      conversationId: String(otherConversation?.id),
    });
    await gap("|open", null, 1);
    await gap("|not asked", newer.id, 1);

    const found = await findFactsAnsweringQuestions(store, {
      orgId: org.id,
      teamId: team.id,
      questionKeys: ["what|return window", "what|free ship", "|canada ship", "|box po", "|open", "|never"],
    });
    expect(Object.fromEntries(found)).toEqual({
      "what|return window": newer.id,
      "what|free ship": older.id,
      "|canada ship": orgWide.id,
    });
    expect(
      await findFactsAnsweringQuestions(store, {
        orgId: org.id,
        teamId: other.id,
        questionKeys: ["|box po"],
      }),
    ).toEqual(new Map([["|box po", otherTeams.id]]));
    expect(
      await findFactsAnsweringQuestions(store, { orgId: org.id, teamId: team.id, questionKeys: [] }),
    ).toEqual(new Map());

    // Thousands of answered gaps of other questions: only the asked questions' are read, by the index.
    await store.query(
      `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason,
                                   status, answered_by_fact_id, question_key, keys_derivation)
       SELECT $1, $2, $3, 'Other question ' || g || '?', 1000 + g, 'other', 'hedged', 'resolved', $4,
              '|other ' || g, 'd1'
         FROM generate_series(1, 5000) g`,
      [org.id, team.id, conversation.id, newer.id],
    );
    await store.query("ANALYZE knowledge_gaps");
    const plan = await planOf(store, (db) =>
      findFactsAnsweringQuestions(db, {
        orgId: org.id,
        teamId: team.id,
        questionKeys: ["what|return window", "|canada ship"],
      }),
    );
    expect(plan.filter((line) => /knowledge_gaps_answered_question/.test(line))).toHaveLength(1);
    expect(plan.filter((line) => /Seq Scan on knowledge_gaps/.test(line))).toEqual([]);
  });
});

describe("listGapsToRekey / rekeyKnowledgeGaps", () => {
  it("lists the gaps whose keys another derivation wrote, and stores their keys derived again once", async () => {
    const store = memoryStore();
    const { org, team, conversation } = await seedOrganisation(store);
    const [stale, current] = await appendKnowledgeGaps(store, [
      {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        question: "Was my parcel sent to [ADDRESS]?",
        questionIndex: 0,
        topic: "parcel sent address",
        reason: "hedged",
        questionKey: "was|address parcel sent",
        keysDerivation: "d0",
      },
      {
        orgId: org.id,
        teamId: team.id,
        conversationId: conversation.id,
        question: "Can I change my address?",
        questionIndex: 1,
        topic: "change address",
        reason: "hedged",
        questionKey: "|address chang",
        keysDerivation: "d1",
      },
    ]);
    const listed = await listGapsToRekey(store, { derivation: "d1", limit: 100 });
    expect(listed.filter((g) => g.id === stale?.id || g.id === current?.id)).toEqual([
      { id: stale?.id, question: "Was my parcel sent to [ADDRESS]?" },
    ]);
    const rows = [{ id: stale?.id ?? "", topic: "parcel sent", questionKey: "|\uE000address parcel sent" }];
    expect(await rekeyKnowledgeGaps(store, { derivation: "d1", rows })).toBe(1);
    // A second instance doing the same finds it done.
    expect(await rekeyKnowledgeGaps(store, { derivation: "d1", rows })).toBe(0);
    expect(await listGapsToRekey(store, { derivation: "d1", limit: 100 })).not.toContainEqual(
      expect.objectContaining({ id: stale?.id }),
    );
    expect(
      await store.query("SELECT topic, question_key, keys_derivation FROM knowledge_gaps WHERE id = $1", [
        stale?.id,
      ]),
    ).toEqual([{ topic: "parcel sent", question_key: "|\uE000address parcel sent", keys_derivation: "d1" }]);
  });
});
