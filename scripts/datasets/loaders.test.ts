// The loaders read the shared datasets as published (counts from ../shared/datasets/README.md).
// Each suite skips, with the reason printed, where its dataset is absent.
import { describe, expect, it } from "vitest";
import { loadCgaConversations } from "./cga.ts";
import { loadEpitome } from "./epitome.ts";
import { ESCONV_STRATEGIES, loadEsconv } from "./esconv.ts";
import { loadGoEmotions } from "./goemotions.ts";
import { loadMaiaDialogues } from "./maia.ts";
import { describeMissingDataset, hasDataset } from "./paths.ts";
import { loadPolitenessRequests, selectPolitenessQuartiles } from "./politeness.ts";
import { loadSfuSentences } from "./sfu.ts";
import { loadUss, USS_CORPORA } from "./uss.ts";

function suite(dataset: string, name: string, body: () => void): void {
  if (!hasDataset(dataset)) console.warn(describeMissingDataset(dataset));
  describe.skipIf(!hasDataset(dataset))(name, body);
}

suite("maia_dqe", "loadMaiaDialogues", () => {
  it("reads 242 dialogues with English text, sentence emotions and official splits", () => {
    const dialogues = loadMaiaDialogues();
    expect(dialogues).toHaveLength(242);
    const splits = new Set(dialogues.map((d) => d.split));
    expect([...splits].sort()).toEqual(["test", "train", "val"]);
    const turns = dialogues.flatMap((d) => d.turns);
    expect(turns.length).toBeGreaterThan(5000);
    for (const turn of turns) expect(turn.sentences.length).toBeGreaterThan(0);
    // Customer turns are the English machine translation, not the German/Portuguese original.
    expect(dialogues[0]?.turns[0]?.text).toContain("Set up");
    expect(dialogues.filter((d) => d.dropped === 1).length).toBe(69);
  });
});

suite("goemotions", "loadGoEmotions", () => {
  it("reads the test split with label names", () => {
    const test = loadGoEmotions("test");
    expect(test).toHaveLength(5427);
    expect(test.every((e) => e.labels.length > 0)).toBe(true);
    expect(new Set(loadGoEmotions("test", "group").flatMap((e) => e.labels))).toEqual(
      new Set(["positive", "negative", "ambiguous", "neutral"]),
    );
  });
});

suite("stanford_politeness", "loadPolitenessRequests", () => {
  it("reads both communities and selects about half as quartiles", () => {
    const requests = loadPolitenessRequests();
    expect(requests).toHaveLength(4353 + 6603);
    const quartiles = selectPolitenessQuartiles(requests);
    expect(quartiles.length).toBeGreaterThan(5000);
    expect(quartiles.length).toBeLessThan(5700);
  });
});

suite("sfu_review_speculation", "loadSfuSentences", () => {
  it("reads about 17k sentences and marks the hedged ones with their cues", () => {
    const sentences = loadSfuSentences();
    expect(sentences.length).toBeGreaterThan(17000);
    const hedged = sentences.filter((s) => s.hedged);
    expect(hedged.length).toBeGreaterThan(3000);
    expect(hedged.every((s) => s.cues.length > 0)).toBe(true);
    expect(sentences.some((s) => s.text.includes("&#"))).toBe(false);
  });
});

suite("epitome", "loadEpitome", () => {
  it("reads 3,084 labelled pairs per mechanism", () => {
    const pairs = loadEpitome("emotional-reactions");
    expect(pairs).toHaveLength(3084);
    expect(new Set(pairs.map((p) => p.level))).toEqual(new Set([0, 1, 2]));
  });
});

suite("cga_cmv", "loadCgaConversations", () => {
  it("reads 1,368 balanced prefixes", () => {
    const conversations = loadCgaConversations();
    expect(conversations).toHaveLength(1368);
    expect(conversations.filter((c) => c.derails)).toHaveLength(684);
    expect(conversations.every((c) => c.comments.length > 0)).toBe(true);
  });
});

suite("esconv", "loadEsconv", () => {
  it("reads every example of both splits, each ending on a supporter reply with a known strategy", () => {
    const dev = loadEsconv("dev");
    const test = loadEsconv("test");
    expect(dev).toHaveLength(2985);
    expect(test).toHaveLength(2775);
    for (const e of [...dev, ...test]) {
      expect(e.reply.length).toBeGreaterThan(0);
      expect(ESCONV_STRATEGIES).toContain(e.strategy);
    }
    // Every strategy occurs; restatements are one of the rarer ones.
    const restatements = test.filter((e) => e.strategy === "Restatement or Paraphrasing").length;
    expect(restatements).toBe(189);
    expect(new Set(test.map((e) => e.strategy)).size).toBe(ESCONV_STRATEGIES.length);
    // The context keeps both speakers, in order, without the strategy tags.
    const withSeeker = test.find((e) => e.context.some((u) => u.speaker === "seeker"));
    expect(withSeeker?.context.every((u) => !u.text.startsWith("["))).toBe(true);
  });
});

suite("uss_user_satisfaction", "loadUss", () => {
  it("reads the four English corpora's dialogues with per-turn and overall ratings", () => {
    const sizes = USS_CORPORA.map((c) => loadUss(c).length);
    expect(sizes).toEqual([1000, 1000, 1000, 500]);
    const mwoz = loadUss("MWOZ");
    const userTurns = mwoz.flatMap((d) => d.turns).filter((t) => t.role === "user");
    expect(userTurns).toHaveLength(11553);
    for (const t of userTurns) {
      expect(t.satisfaction).toBeGreaterThanOrEqual(1);
      expect(t.satisfaction).toBeLessThanOrEqual(5);
    }
    expect(mwoz.every((d) => d.overall >= 1 && d.overall <= 5)).toBe(true);
    // The first dialogue's first user turn, rated 3,3,3,3.
    expect(mwoz[0]?.turns[0]).toEqual({
      role: "user",
      text: "I'm looking for a cheap restaurant in the east part of town.",
      satisfaction: 3,
    });
  });
});
