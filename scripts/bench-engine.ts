// `npm run bench:engine`: the step-in engine's cost per message on one core, beside VADER's on the
// same messages in the same run (ratios, not absolute times, are what to compare on a noisy
// machine), and the per-message cost at conversation lengths 10, 100 and 1,000 (it must be flat).
// Writes docs/BENCHMARKS.md. Corpus: real support chats (MAIA-DQE, ABCD) from ../shared/datasets
// when present, else the engine's scenario fixtures.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import vader from "vader-sentiment";
import {
  compileKnowledgeBase,
  createConversationState,
  createEngineContext,
  observe,
  type ConversationState,
  type EngineContext,
  type EngineMessage,
} from "../src/engine/index.ts";
import { scoreCustomerText } from "../src/engine/model/index.ts";
import { loadMaiaDialogues } from "./datasets/maia.ts";
import { hasDataset, REPO_ROOT, resolveDatasetPath } from "./datasets/paths.ts";

const COMMAND = "npm run bench:engine";
const ROUNDS = 5;
const TARGET_RATIO = 5;
const TARGET_P99_MS = 0.5;

type Conversation = EngineMessage[];

interface Corpus {
  source: string;
  conversations: Conversation[];
}

/** ABCD sample chats: `original` turns as [speaker, text] pairs. */
function loadAbcdConversations(): Conversation[] {
  const file = resolveDatasetPath("abcd_sample", "abcd_sample.json");
  if (!existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, "utf8")) as { original?: [string, string][] }[];
  return raw.map((chat) =>
    (chat.original ?? [])
      .filter(([speaker]) => speaker === "customer" || speaker === "agent")
      .map(([speaker, text]) => ({ role: speaker as "customer" | "agent", text })),
  );
}

/** The engine's own scenario fixtures (JSON conversations), for machines without the datasets. */
function loadScenarioConversations(): Conversation[] {
  const candidates = [
    path.join(REPO_ROOT, "src", "engine", "scenarios"),
    path.join(REPO_ROOT, "src", "engine", "fixtures"),
    path.join(REPO_ROOT, "test", "fixtures"),
  ];
  const out: Conversation[] = [];
  for (const dir of candidates) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(".json")) continue;
      const parsed = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as unknown;
      const items = Array.isArray(parsed) ? parsed : [parsed];
      for (const item of items) {
        const messages = (item as { messages?: { role?: string; text?: string }[] }).messages;
        if (!Array.isArray(messages)) continue;
        const conversation = messages
          .filter((m) => typeof m.text === "string" && (m.role === "customer" || m.role === "agent"))
          .map((m) => ({ role: m.role as "customer" | "agent", text: m.text as string }));
        if (conversation.length > 0) out.push(conversation);
      }
    }
  }
  return out;
}

/** Every corpus available here: the real chats (when the datasets are present) and the fixtures. */
function loadCorpora(): Corpus[] {
  const corpora: Corpus[] = [];
  if (hasDataset("maia_dqe")) {
    const conversations: Conversation[] = loadMaiaDialogues().map((d) =>
      d.turns.map((t) => ({ role: t.role, text: t.text })),
    );
    conversations.push(...loadAbcdConversations());
    corpora.push({ source: "MAIA-DQE real support chats (English side) + ABCD sample chats", conversations });
  }
  const scenarios = loadScenarioConversations();
  if (scenarios.length > 0) {
    // Few messages: repeat them so that a round lasts long enough to time reliably.
    const repeated = Array.from({ length: 20 }, () => scenarios).flat();
    corpora.push({
      source: "the engine's scenario fixtures (src/engine/scenarios, ×20)",
      conversations: repeated,
    });
  }
  if (corpora.length === 0) {
    throw new Error(
      "no corpus: ../shared/datasets/maia_dqe is absent and no engine scenario fixtures were found",
    );
  }
  return corpora;
}

function percentile(sortedNs: Float64Array, p: number): number {
  const index = Math.min(sortedNs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedNs.length) - 1));
  return sortedNs[index] ?? 0;
}

interface Timing {
  messages: number;
  totalNs: number;
  p50Ns: number;
  p99Ns: number;
  meanNs: number;
}

function summarise(samples: Float64Array, totalNs: number): Timing {
  const sorted = Float64Array.from(samples).sort();
  return {
    messages: samples.length,
    totalNs,
    p50Ns: percentile(sorted, 50),
    p99Ns: percentile(sorted, 99),
    meanNs: totalNs / samples.length,
  };
}

/** Every message through the engine, conversation by conversation, timing each observe call. */
function timeEngine(conversations: readonly Conversation[], context: EngineContext): Timing {
  const count = conversations.reduce((n, c) => n + c.length, 0);
  const samples = new Float64Array(count);
  let k = 0;
  let total = 0n;
  let sink = 0;
  for (const conversation of conversations) {
    let state: ConversationState = createConversationState();
    for (const message of conversation) {
      const start = process.hrtime.bigint();
      const out = observe(state, message, context);
      const elapsed = process.hrtime.bigint() - start;
      state = out.state;
      sink += out.analysis.risk;
      samples[k] = Number(elapsed);
      k += 1;
      total += elapsed;
    }
  }
  if (Number.isNaN(sink)) console.log("(risk was NaN somewhere)");
  return summarise(samples, Number(total));
}

/** The same messages through a per-message scorer (VADER, or the learned model alone). */
function timeScorer(conversations: readonly Conversation[], score: (text: string) => number): Timing {
  const texts = conversations.flat().map((m) => m.text);
  const samples = new Float64Array(texts.length);
  let total = 0n;
  let sink = 0;
  texts.forEach((text, k) => {
    const start = process.hrtime.bigint();
    sink += score(text);
    const elapsed = process.hrtime.bigint() - start;
    samples[k] = Number(elapsed);
    total += elapsed;
  });
  if (Number.isNaN(sink)) console.log("(score was NaN somewhere)");
  return summarise(samples, Number(total));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median over rounds of each statistic (each round runs the whole corpus). */
function medianTiming(rounds: Timing[]): Timing {
  return {
    messages: rounds[0]?.messages ?? 0,
    totalNs: median(rounds.map((r) => r.totalNs)),
    p50Ns: median(rounds.map((r) => r.p50Ns)),
    p99Ns: median(rounds.map((r) => r.p99Ns)),
    meanNs: median(rounds.map((r) => r.meanNs)),
  };
}

const us = (ns: number): string => (ns / 1000).toFixed(1);
const perSecond = (t: Timing): number => t.messages / (t.totalNs / 1e9);

/** A conversation of `length` messages cycled from the corpus, alternating customer and agent. */
function buildLongConversation(texts: readonly string[], length: number, offset: number): Conversation {
  return Array.from({ length }, (_, i) => ({
    role: i % 2 === 0 ? "customer" : "agent",
    text: texts[(offset + i) % texts.length] ?? "",
  }));
}

interface CorpusResult {
  corpus: Corpus;
  messages: number;
  medianWords: number;
  maxWords: number;
  engine: Timing;
  vader: Timing;
  model: Timing;
  ratio: number;
}

function measureCorpus(corpus: Corpus, context: EngineContext): CorpusResult {
  const messages = corpus.conversations.reduce((n, c) => n + c.length, 0);
  const words = corpus.conversations.flat().map((m) => m.text.split(/\s+/).filter(Boolean).length);
  console.log(`corpus: ${corpus.source}: ${corpus.conversations.length} conversations, ${messages} messages`);
  const vaderScore = (text: string): number =>
    vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  const modelScore = (text: string): number => scoreCustomerText(text).frustrated;
  console.log("  warm-up …");
  timeEngine(corpus.conversations, context);
  timeScorer(corpus.conversations, vaderScore);
  timeScorer(corpus.conversations, modelScore);
  const engineRounds: Timing[] = [];
  const vaderRounds: Timing[] = [];
  const modelRounds: Timing[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Interleaved so that machine noise hits all three alike.
    engineRounds.push(timeEngine(corpus.conversations, context));
    vaderRounds.push(timeScorer(corpus.conversations, vaderScore));
    modelRounds.push(timeScorer(corpus.conversations, modelScore));
    console.log(
      `  round ${round}/${ROUNDS}: engine ${perSecond(engineRounds[round - 1] as Timing).toFixed(0)} msg/s, ` +
        `VADER ${perSecond(vaderRounds[round - 1] as Timing).toFixed(0)} msg/s`,
    );
  }
  return {
    corpus,
    messages,
    medianWords: median(words),
    maxWords: Math.max(...words),
    engine: medianTiming(engineRounds),
    vader: medianTiming(vaderRounds),
    model: medianTiming(modelRounds),
    // The ratio per round (same machine state for both), then the median over rounds.
    ratio: median(engineRounds.map((e, i) => perSecond(e) / perSecond(vaderRounds[i] as Timing))),
  };
}

function main(): void {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const context = createEngineContext({ kb: compileKnowledgeBase({ facts: [] }) });
  const results = loadCorpora().map((corpus) => measureCorpus(corpus, context));
  const first = results[0] as CorpusResult;

  // Flatness: per-message cost by conversation length, on the first corpus. Same texts for every length.
  const texts = first.corpus.conversations.flat().map((m) => m.text);
  const lengths = [10, 100, 1000] as const;
  const flatness = lengths.map((length) => {
    const conversationCount = Math.max(3, Math.floor(6000 / length));
    const conversations = Array.from({ length: conversationCount }, (_, i) =>
      buildLongConversation(texts, length, i * 37),
    );
    timeEngine(conversations, context); // warm-up at this length
    const rounds = Array.from({ length: ROUNDS }, () => timeEngine(conversations, context));
    // The cost of the last tenth of each conversation's messages: what a long conversation costs per turn.
    const tail = Array.from({ length: ROUNDS }, () => {
      const samples: number[] = [];
      for (const conversation of conversations) {
        let state = createConversationState();
        conversation.forEach((message, i) => {
          const start = process.hrtime.bigint();
          state = observe(state, message, context).state;
          if (i >= length - Math.max(1, length / 10)) samples.push(Number(process.hrtime.bigint() - start));
        });
      }
      return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p50: median(samples) };
    });
    return {
      length,
      conversations: conversationCount,
      timing: medianTiming(rounds),
      tailMeanNs: median(tail.map((t) => t.mean)),
      tailP50Ns: median(tail.map((t) => t.p50)),
    };
  });

  const corpusTable = (r: CorpusResult): string[] => {
    const meetsRatio = r.ratio >= TARGET_RATIO;
    const meetsP99 = r.engine.p99Ns / 1e6 <= TARGET_P99_MS;
    return [
      `### ${r.corpus.source}`,
      "",
      `Command: \`${COMMAND}\``,
      "",
      `${r.corpus.conversations.length} conversations, ${r.messages} messages, ${r.medianWords} words per ` +
        `message (median), ${r.maxWords} at most.`,
      "",
      "| what | messages/s | mean µs | p50 µs | p99 µs |",
      "|---|---|---|---|---|",
      `| engine \`observe\` (everything: cues, customer state with the model, fact checks, risk, decision) | ${perSecond(r.engine).toFixed(0)} | ${us(r.engine.meanNs)} | ${us(r.engine.p50Ns)} | ${us(r.engine.p99Ns)} |`,
      `| VADER \`polarity_scores\` (reference) | ${perSecond(r.vader).toFixed(0)} | ${us(r.vader.meanNs)} | ${us(r.vader.p50Ns)} | ${us(r.vader.p99Ns)} |`,
      `| learned model alone (\`scoreCustomerText\`) | ${perSecond(r.model).toFixed(0)} | ${us(r.model.meanNs)} | ${us(r.model.p50Ns)} | ${us(r.model.p99Ns)} |`,
      "",
      `**Engine / VADER throughput: ${r.ratio.toFixed(1)}×** (median of the per-round ratios; target ≥ ${TARGET_RATIO}×: ` +
        `${meetsRatio ? "met" : "NOT met"}). Engine p99 ${(r.engine.p99Ns / 1e6).toFixed(3)} ms (target ≤ ` +
        `${TARGET_P99_MS} ms: ${meetsP99 ? "met" : "NOT met"}). Typical message (p50): engine ` +
        `${(r.vader.p50Ns / r.engine.p50Ns).toFixed(1)}× faster than VADER — the median is not moved by the ` +
        "pre-emptions a loaded machine adds to a few calls, which do move the mean and the throughput.",
      "",
    ];
  };
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`${COMMAND}\` (scripts/bench-engine.ts). One Node process, one core, ` +
      `${ROUNDS} interleaved rounds after a warm-up; each figure is the median over rounds. ` +
      "Per-message times are measured around each call with `process.hrtime.bigint()`. The machine " +
      "is shared and noisy: compare the ratios, which are measured in the same run. The engine observes " +
      "each conversation in order (state carried from message to message, empty knowledge base); VADER " +
      "and the model alone score the same messages one by one.",
    "",
    "## Throughput and latency per message",
    "",
    ...results.flatMap(corpusTable),
    "## Cost per message by conversation length",
    "",
    `Command: \`${COMMAND}\``,
    "",
    `Conversations built by cycling the messages of ${first.corpus.source}, alternating customer and agent, so every ` +
      "length sees the same kind of text. The last column is the mean cost of the final tenth of each " +
      "conversation's messages — what a turn costs once the conversation is long.",
    "",
    "| messages per conversation | conversations | mean µs | p50 µs | p99 µs | mean µs, last tenth | p50 µs, last tenth |",
    "|---|---|---|---|---|---|---|",
    ...flatness.map(
      (f) =>
        `| ${f.length.toLocaleString("en-US")} | ${f.conversations} | ${us(f.timing.meanNs)} | ${us(f.timing.p50Ns)} | ${us(f.timing.p99Ns)} | ${us(f.tailMeanNs)} | ${us(f.tailP50Ns)} |`,
    ),
    "",
    `_Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ` +
      `1-minute load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0]?.toFixed(1)} at the end ` +
      "(other work on the machine slows both sides; the ratios are what to compare)._",
    "",
  ];
  const file = path.join(REPO_ROOT, "docs", "BENCHMARKS.md");
  writeFileSync(file, lines.join("\n") + keptSections(file));
  console.log(lines.slice(lines.indexOf("## Throughput and latency per message")).join("\n"));
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

/** The sections of docs/BENCHMARKS.md this script writes; every other section is kept as it is. */
const OWN_SECTIONS = ["## Throughput and latency per message", "## Cost per message by conversation length"];

/**
 * Every section of docs/BENCHMARKS.md that another benchmark or a session wrote (bench:live's, the
 * before-and-after records), in its order.
 */
function keptSections(file: string): string {
  if (!existsSync(file)) return "";
  const current = readFileSync(file, "utf8");
  const kept = current
    .split(/\n(?=## )/)
    .slice(1)
    .filter((section) => !OWN_SECTIONS.includes(section.slice(0, section.indexOf("\n")).trim()))
    .map((section) => section.trimEnd());
  return kept.length === 0 ? "" : `\n${kept.join("\n\n")}\n`;
}

main();
