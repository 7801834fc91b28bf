// Closed, scored conversations written through the store, so a skill map has enough evidence to
// judge (the real path, ingest → close → loop 2 → scorecard, is exercised in skills.test.ts too).
import { closeConversation, findOrCreateConversation, saveScorecard } from "../../src/store/index.ts";
import type { World } from "./factories.ts";

const HOUR = 3_600_000;
let seq = 0;

/** `count` closed conversations of a person, each scoring `scores` (QA item → 0–4), closed in the last days. */
export async function seedScoredConversations(
  world: World,
  input: {
    agent: keyof World["people"];
    team: "a" | "b";
    count: number;
    scores: Record<string, number>;
    topic?: string;
    /** Hours before now the first one closed (each next one an hour later). */
    hoursAgo?: number;
  },
): Promise<string[]> {
  const ids: string[] = [];
  const agentId = world.people[input.agent].id;
  const teamId = world.teams[input.team];
  for (let i = 0; i < input.count; i++) {
    seq++;
    const { conversation } = await findOrCreateConversation(world.store, {
      orgId: world.orgId,
      teamId,
      channel: "chat",
      externalId: `skills-seed-${seq}`,
      assignedPersonId: agentId,
      topic: input.topic ?? "billing",
    });
    await closeConversation(world.store, {
      orgId: world.orgId,
      conversationId: conversation.id,
      at: Date.now() - ((input.hoursAgo ?? 48) - i) * HOUR,
    });
    await saveScorecard(world.store, {
      orgId: world.orgId,
      teamId,
      conversationId: conversation.id,
      agentId,
      auto: {
        items: Object.entries(input.scores).map(([item, score]) => ({
          item,
          score,
          applicable: true,
          evidence: [],
          note: "",
        })),
        overall: null,
        percent: null,
      },
      autoOverall: null,
      scoredMessages: 0,
      conversationMessageCount: 0,
    });
    ids.push(conversation.id);
  }
  return ids;
}

/** Team A where agentA falls short on clear next steps, peerA is strong in it and peer2A typical. */
export async function seedTeamSkills(world: World): Promise<{ agentA: string[]; peerA: string[] }> {
  const agentA = await seedScoredConversations(world, {
    agent: "agentA",
    team: "a",
    count: 6,
    scores: { clear_next_steps: 1, empathy: 3 },
  });
  const peerA = await seedScoredConversations(world, {
    agent: "peerA",
    team: "a",
    count: 6,
    scores: { clear_next_steps: 4, empathy: 3 },
  });
  await seedScoredConversations(world, {
    agent: "peer2A",
    team: "a",
    count: 6,
    scores: { clear_next_steps: 3, empathy: 3 },
  });
  await seedScoredConversations(world, {
    agent: "agentB",
    team: "b",
    count: 6,
    scores: { clear_next_steps: 0, empathy: 0 },
  });
  return { agentA, peerA };
}
