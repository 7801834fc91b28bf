// Publishing a fact resolves the open gaps it answers without reading the team's open gaps: the
// store finds the questions whose topic words are all among the fact's (an index of open gaps'
// topic words), and resolves every asking of a matched question by its key. Same gaps as matching
// every open gap one by one (gapsAnsweredBy over all of them, as publishing did), checked here over
// 3,000 open gaps of two teams and three conversations, some keyed by an older derivation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gapTopic, questionKey } from "../../engine/knowledge/index.ts";
import { seedOrganisation, type SeededOrganisation } from "../../store/contract/factories.ts";
import {
  createKnowledgeFact,
  createTeam,
  findOpenGapCandidates,
  findOrCreateConversation,
  listKnowledgeGaps,
  type Queryable,
  type Store,
} from "../../store/index.ts";
import { createTestStore } from "../../../test/support/testStore.ts";
import { answerGapsWith, gapsAnsweredBy } from "./gapAnswers.ts";
import { gapKeysDerivation } from "./gapKeysDerivation.ts";

const QUESTIONS = [
  "Do you ship to PO boxes?",
  "Hi, do you ship to PO boxes please?",
  "Can you ship to a P.O. box?",
  "Do you ship to Canada?",
  "Can I return a box of tea I opened?",
  "How long is the return window?",
  "What's the return window?",
  "Is shipping free on a $60 order?",
  "Does a $60 order ship free?",
  "How much is postage on a $60 order?",
  "Where is my refund?",
  "When will my refund arrive?",
  "Was my parcel sent to [ADDRESS]?",
  "Do you charge a restocking fee?",
  "Is there a restocking fee on opened returns?",
  "Can I pay with PayPal?",
  "Do you offer express shipping?",
  "How many items can I return?",
  "Refund?",
];

let store: Store;
let seeded: SeededOrganisation;
let otherTeam: string;
let conversations: string[];

class Rollback extends Error {
  constructor(readonly ids: string[]) {
    super("rollback");
  }
}

beforeAll(async () => {
  // The migrated test database (test/support/testStore.ts), loaded: no initdb or migrations here.
  store = await createTestStore();
  seeded = await seedOrganisation(store);
  otherTeam = (await createTeam(store, { orgId: seeded.org.id, name: "Other" })).id;
  conversations = [seeded.conversation.id];
  for (const [i, teamId] of [seeded.team.id, otherTeam].entries()) {
    const { conversation } = await findOrCreateConversation(store, {
      orgId: seeded.org.id,
      teamId,
      channel: "chat",
      externalId: `more-${i}`,
      assignedPersonId: null,
      topic: "shipping",
    });
    conversations.push(conversation.id);
  }
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const question = QUESTIONS[(i * 7) % QUESTIONS.length] ?? "";
    const c = i % 3;
    // Every 40th as an older tagteam keyed it: a stale topic, no key, another derivation.
    const stale = i % 40 === 0;
    return {
      teamId: c === 2 ? otherTeam : seeded.team.id,
      conversationId: conversations[c] ?? "",
      question,
      index: i,
      topic: stale ? "stale words" : gapTopic(question),
      key: stale ? null : questionKey(question),
      derivation: stale ? "" : gapKeysDerivation(),
    };
  });
  await store.query(
    `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason,
                                 question_key, keys_derivation)
     SELECT $1, t, c, q, i, topic, 'hedged', k, d
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[])
         AS v (t, c, q, i, topic, k, d)`,
    [
      seeded.org.id,
      rows.map((r) => r.teamId),
      rows.map((r) => r.conversationId),
      rows.map((r) => r.question),
      rows.map((r) => r.index),
      rows.map((r) => r.topic),
      rows.map((r) => r.key),
      rows.map((r) => r.derivation),
    ],
  );
  await store.query("ANALYZE knowledge_gaps");
}, 120_000);
afterAll(async () => {
  await store?.close();
});

type FactInput = { statement: string; key: string; teamId: "team" | "other" | null; source: number | null };

/** The gaps `fact` resolves, published in a transaction rolled back after: by `how`. */
async function resolvedBy(f: FactInput, how: "indexed" | "every gap"): Promise<string[]> {
  try {
    await store.transaction(async (tx) => {
      const teamId = f.teamId === "team" ? seeded.team.id : f.teamId === "other" ? otherTeam : null;
      const fact = await createKnowledgeFact(tx, {
        orgId: seeded.org.id,
        teamId,
        key: f.key,
        value: 1,
        unit: null,
        topic: "shipping",
        statement: f.statement,
        status: "published",
        sourceConversationId: f.source === null ? null : (conversations[f.source] ?? null),
        createdBy: seeded.lead.id,
      });
      if (how === "indexed") {
        const count = await answerGapsWith(tx, seeded.org.id, fact);
        const rows = await tx.query("SELECT id FROM knowledge_gaps WHERE answered_by_fact_id = $1", [
          fact.id,
        ]);
        expect(rows).toHaveLength(count);
        throw new Rollback(rows.map((r) => String(r.id)));
      }
      // As publishing did: every open gap of the fact's team (all teams' for an organisation's fact).
      const open = await listKnowledgeGaps(tx, {
        orgId: seeded.org.id,
        ...(teamId !== null ? { teamIds: [teamId] } : {}),
        status: "open",
        limit: 5000,
      });
      throw new Rollback(gapsAnsweredBy(fact, open));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.ids.sort();
    throw error;
  }
  throw new Error("not rolled back");
}

describe("answerGapsWith", () => {
  const facts: FactInput[] = [
    { statement: "We ship to PO boxes by standard post.", key: "po_box_shipping", teamId: "team", source: 0 },
    { statement: "The return window is 30 days.", key: "return_window_days", teamId: null, source: null },
    {
      statement: "Shipping is free on orders over $50.",
      key: "free_shipping_threshold",
      teamId: "team",
      source: 1,
    },
    {
      statement: "A restocking fee of 10% applies to opened returns.",
      key: "restocking_fee",
      teamId: "team",
      source: null,
    },
    { statement: "Refunds arrive within 5 days.", key: "refund_days", teamId: "other", source: 2 },
    { statement: "We accept PayPal for every order.", key: "payment_paypal", teamId: null, source: 0 },
    { statement: "Express shipping costs $9.", key: "express_shipping_fee", teamId: "team", source: null },
  ];

  it("resolves the same gaps as matching every open gap, for facts of a team, of the organisation and of a conversation", async () => {
    let answered = 0;
    for (const f of facts) {
      const expected = await resolvedBy(f, "every gap");
      expect(await resolvedBy(f, "indexed"), f.statement).toEqual(expected);
      answered += expected.length > 0 ? 1 : 0;
    }
    // Not a comparison of two empty lists: most of these facts answer something.
    expect(answered).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it("finds the candidates through the index of open gaps' topic words, one per question", async () => {
    let sql = "";
    let params: unknown[] = [];
    const capture = {
      query: (text: string, values?: readonly unknown[]) => {
        if (sql === "") {
          sql = text;
          params = [...(values ?? [])];
        }
        return Promise.resolve([]);
      },
    } as Queryable;
    const words = ["ship", "shipping", "shipped", "box", "boxing", "boxed", "post"];
    await findOpenGapCandidates(capture, {
      orgId: seeded.org.id,
      teamId: seeded.team.id,
      words,
      derivation: gapKeysDerivation(),
      limit: 5000,
    });
    const plan = (await store.query(`EXPLAIN ${sql}`, params)).map((row) => String(Object.values(row)[0]));
    expect(plan.filter((line) => /knowledge_gaps_open_topic_words/.test(line)).length).toBeGreaterThan(0);
    expect(plan.filter((line) => /Seq Scan on knowledge_gaps/.test(line))).toEqual([]);
    const found = await findOpenGapCandidates(store, {
      orgId: seeded.org.id,
      teamId: seeded.team.id,
      words,
      derivation: gapKeysDerivation(),
      limit: 5000,
    });
    // "Do you ship to PO boxes?", asked hundreds of times in two wordings of one key and topic
    // (with "Hi, … please?"), is read once; "Can you ship to a P.O. box?" is another key. The team's
    // stale gaps are read to be matched from their questions.
    const current = found.filter((c) => c.current);
    expect(current).toHaveLength(2);
    expect(current.map((c) => questionKey(c.question)).sort()).toEqual(
      [questionKey("Can you ship to a P.O. box?"), questionKey("Do you ship to PO boxes?")].sort(),
    );
    expect(found.filter((c) => !c.current).length).toBeGreaterThan(0);
  });
});
