/**
 * Debrief cards stored before aa2225f redacted every part of a known name in any case: with
 * teammates called Aaron Agent and Bea Agent, a helper's card read "one sentence the [PERSON] can
 * use". Migration 0060 marks the cards still as drafted that hold a [PERSON], and loop 2 drafts
 * them again at start (redraftDebriefs): a card stored the old way reads as drafted now; a card its
 * owner saved keeps their words, [PERSON] and all.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Debrief } from "../../src/protocol/index.ts";
import { redactPii } from "../../src/engine/pii/index.ts";
import { redraftDebriefs } from "../../src/server/loop2/debriefRedraft.ts";
import { nameVariants } from "../../src/server/loop2/redaction.ts";
import { MIGRATIONS_DIR } from "../../src/store/migrate.ts";
import { listPeople } from "../../src/store/index.ts";
import { acceptedTakeover, closeAndReadDebriefs, createWorld, postScript, type World } from "./factories.ts";

let world: World;
/** Each conversation's cards as drafted today, by card id. */
const drafted = new Map<string, Debrief>();
let untouchedId = "";
let savedId = "";

const cardsOf = async (conversationId: string): Promise<Debrief[]> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/debriefs?conversationId=${conversationId}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().debriefs as Debrief[];
};

/** A conversation peerA took over from agentA, closed: its cards (agentA's and peerA's). */
const takenOver = async (name: string): Promise<Debrief[]> => {
  const token = await world.token("leadA", ["ingest"]);
  const conversationId = await postScript(
    world,
    token,
    { name, topic: "returns", customer: "Jordan Blake" },
    [
      ["customer", "My order arrived broken and I'm really upset, this is the second time!"],
      ["agentA", "That is not my fault, the courier handles it."],
    ],
  );
  await acceptedTakeover(world, conversationId, "peerA");
  await closeAndReadDebriefs(world, conversationId);
  return cardsOf(conversationId);
};

beforeAll(async () => {
  world = await createWorld();
  const first = await takenOver("redraft-1");
  const second = await takenOver("redraft-2");
  for (const card of [...first, ...second]) drafted.set(card.id, card);
  // Stored the old way: every part of every known name redacted in any case, as redactText did.
  const people = await listPeople(world.store, { orgId: world.orgId });
  const known = [
    ...nameVariants("Jordan Blake"),
    ...people.flatMap((p) => nameVariants(p.displayName)),
  ].filter((n) => n.trim().length >= 2);
  const old = (text: string) => (text.length === 0 ? text : redactPii(text, { knownNames: known }).text);
  for (const card of drafted.values()) {
    const lines = {
      wentWell: card.wentWell.map(old),
      tricky: card.tricky.map(old),
      tryNext: old(card.tryNext),
    };
    await world.store.query(
      `UPDATE debriefs SET went_well = $2::text[], tricky = $3::text[], try_next = $4, draft = $5::jsonb
        WHERE id = $1`,
      [card.id, lines.wentWell, lines.tricky, lines.tryNext, JSON.stringify(lines)],
    );
  }
  const helperCard = (cards: Debrief[]) => {
    const card = cards.find((c) => c.personId === world.people.peerA.id);
    if (card === undefined) throw new Error("peerA has no card");
    return card;
  };
  untouchedId = helperCard(first).id;
  savedId = helperCard(second).id;
  // peerA saved their second card as it read then.
  const stored = (await cardsOf(helperCard(second).conversationId)).find((c) => c.id === savedId);
  const saved = await world.inject({
    method: "PUT",
    url: `/api/v1/debriefs/${savedId}`,
    as: "peerA",
    payload: { wentWell: stored?.wentWell, tricky: stored?.tricky, tryNext: stored?.tryNext },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  // Marked as migration 0060 marks the cards stored before it.
  const migration = readFileSync(`${MIGRATIONS_DIR}/0060_debrief_redraft_pending.sql`, "utf8");
  const mark = /UPDATE debriefs SET redraft_pending = true[^;]*;/.exec(migration)?.[0];
  expect(mark).toBeDefined();
  await world.store.query(mark as string);
});
afterAll(async () => {
  await world?.close();
});

describe("debrief cards stored with everyday words redacted", () => {
  it("the card as seeded reads the old way", async () => {
    const card = drafted.get(untouchedId) as Debrief;
    // The helper's card speaks of "the agent", which a teammate called Aaron Agent made [PERSON].
    expect(JSON.stringify(card)).toMatch(/\bagent\b/);
    const [row] = await world.store.query(`SELECT try_next, went_well, tricky FROM debriefs WHERE id = $1`, [
      untouchedId,
    ]);
    expect(JSON.stringify(row)).toContain("the [PERSON]");
    expect(JSON.stringify(row)).not.toMatch(/\bagent\b/);
  });

  it("a card still as drafted reads as drafted now, its draft too; a saved card keeps its words", async () => {
    const before = (await world.store.query(`SELECT try_next FROM debriefs WHERE id = $1`, [savedId]))[0];
    expect(await redraftDebriefs(world.app.ctx)).toBeGreaterThanOrEqual(1);
    const now = new Map<string, Debrief>();
    for (const id of new Set([...drafted.values()].map((c) => c.conversationId)))
      for (const card of await cardsOf(id)) now.set(card.id, card);
    const untouched = now.get(untouchedId);
    const original = drafted.get(untouchedId) as Debrief;
    expect(untouched).toMatchObject({
      status: "draft",
      wentWell: original.wentWell,
      tricky: original.tricky,
      tryNext: original.tryNext,
      draft: { wentWell: original.wentWell, tricky: original.tricky, tryNext: original.tryNext },
    });
    const saved = now.get(savedId);
    expect(saved?.status).toBe("saved");
    expect(saved?.tryNext).toBe(before?.try_next);
    expect(JSON.stringify([saved?.wentWell, saved?.tricky, saved?.tryNext])).toContain("[PERSON]");
    // Every other card still as drafted reads as drafted now.
    for (const [id, card] of drafted)
      if (id !== savedId)
        expect(now.get(id), id).toMatchObject({
          wentWell: card.wentWell,
          tricky: card.tricky,
          tryNext: card.tryNext,
        });
  });

  it("looks at each card once: a second start rewrites nothing", async () => {
    expect(await redraftDebriefs(world.app.ctx)).toBe(0);
    const [row] = await world.store.query(`SELECT count(*)::int AS n FROM debriefs WHERE redraft_pending`);
    expect(row?.n).toBe(0);
  });
});
