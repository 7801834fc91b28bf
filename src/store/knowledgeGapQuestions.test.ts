// The Knowledge page's open gaps, one row per question: a busy team's question asked more times
// than rows are read said "asked 1000 times" when 2,211 were open (the page grouped the newest
// 1,000 gaps itself). The store counts every open gap of a question; `limit` is of questions.
import { describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { appendGapAsked, useMemoryStore } from "./contract/testStore.ts";
import { listOpenGapQuestions, resolveGapQuestion } from "./knowledgeGaps.ts";
import { createTeam } from "./teams.ts";

const memoryStore = useMemoryStore();

describe("listOpenGapQuestions", () => {
  it("gives each question of the open gaps once, with every asking counted, most asked first", async () => {
    const store = memoryStore();
    const { org, team, conversation } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    let index = 0;
    const gap = async (
      question: string,
      questionKey: string | null,
      minutesAgo: number,
      teamId = team.id,
    ) => {
      const asked = {
        orgId: org.id,
        teamId,
        conversationId: conversation.id,
        question,
        questionIndex: index++,
        topic: question.toLowerCase(),
        reason: "hedged" as const,
        questionKey: questionKey ?? "",
        keysDerivation: "test",
      };
      return (await appendGapAsked(store, asked, minutesAgo, questionKey)).id;
    };
    for (let i = 0; i < 5; i++) await gap(`Do I pay shipping on $60? (${i})`, "pay|ship", 10 + i);
    const newestShipping = await gap("hi do I have to pay for shipping on a $60 order?", "pay|ship", 2);
    await gap("Where is my refund?", "where|refund", 1);
    await gap("Where is my refund", "where|refund", 30);
    const unkeyed = await gap("Old question?", null, 40);
    await gap("Old question?", null, 50);
    await gap("Do I pay shipping on $60?", "pay|ship", 1, other.id);

    const { questions: rows, total } = await listOpenGapQuestions(store, {
      orgId: org.id,
      teamIds: [team.id],
    });
    expect(total).toBe(4);
    expect(rows.map((r) => [r.questionKey, r.asked])).toEqual([
      ["pay|ship", 6],
      ["where|refund", 2],
      [null, 1],
      [null, 1],
    ]);
    expect(rows[0]).toMatchObject({
      id: newestShipping,
      teamId: team.id,
      conversationId: conversation.id,
      topic: "hi do i have to pay for shipping on a $60 order?",
    });
    expect(rows[0]?.questions[0]).toBe("hi do I have to pay for shipping on a $60 order?");
    expect(rows[0]?.questions).toHaveLength(6);

    // A limit of one question still counts all six askings (it is not a limit of gaps).
    const one = await listOpenGapQuestions(store, { orgId: org.id, teamIds: [team.id], limit: 1 });
    expect(one.questions.map((r) => r.asked)).toEqual([6]);
    expect(one.total).toBe(4);

    // Resolving the question resolves every asking of it in the team, and only those.
    expect(await resolveGapQuestion(store, { orgId: org.id, id: newestShipping })).toBe(6);
    expect(await resolveGapQuestion(store, { orgId: org.id, id: unkeyed })).toBe(1);
    const left = (await listOpenGapQuestions(store, { orgId: org.id })).questions;
    expect(left.map((r) => [r.teamId === other.id ? "other" : "team", r.questionKey, r.asked])).toEqual([
      ["team", "where|refund", 2],
      ["other", "pay|ship", 1],
      ["team", null, 1],
    ]);
  });
});
