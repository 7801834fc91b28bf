// The engine's CPU reading messages (`observe`), this checkout against another checkout (a git
// worktree), in one process, interleaved (docs/ARCHITECTURE.md, Engine). First checks that both
// give byte-identical results (JSON of every `observe` result), then times them.
//
//   git worktree add -f /tmp/engine-base <commit> && ln -sfn "$PWD/node_modules" /tmp/engine-base/node_modules
//   npx tsx scripts/measure-engine-cpu.ts [--base /tmp/engine-base] [--rounds 12]
//   git worktree remove --force /tmp/engine-base
//
// The conversations are every MAIA-DQE dialogue and every ESConv example (dev and test; the
// context, then the supporter's reply), 6,002 conversations and 32,718 messages; both datasets
// must be in ../shared/datasets. A round runs `observe` over all of them once per side, which side
// goes first alternating; the first two rounds warm up and are not counted. On a shared machine
// only the paired ratios mean anything: the report gives their median, quartiles and range.
import { createHash } from "node:crypto";
import * as head from "../src/engine/index.ts";
import { loadEsconv } from "./datasets/esconv.ts";
import { loadMaiaDialogues } from "./datasets/maia.ts";

type Engine = typeof head;
type Message = { role: "agent" | "customer"; text: string };

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const baseRoot = option("base", "/tmp/engine-base");
const rounds = Number(option("rounds", "12"));
const WARM_UP = 2;

const base = (await import(`${baseRoot}/src/engine/index.ts`)) as Engine;

const conversations: Message[][] = loadMaiaDialogues().map((d) =>
  d.turns.map((t) => ({ role: t.role, text: t.text })),
);
for (const split of ["dev", "test"] as const)
  for (const e of loadEsconv(split))
    conversations.push([
      ...e.context.map((u): Message => ({
        role: u.speaker === "seeker" ? "customer" : "agent",
        text: u.text,
      })),
      { role: "agent", text: e.reply },
    ]);

// Compared by digest per conversation, so the results are not all held while the timing runs.
function digests(engine: Engine): string[] {
  const context = engine.createEngineContext();
  return conversations.map((conversation) => {
    const hash = createHash("sha256");
    let state = engine.createConversationState();
    for (const message of conversation) {
      const result = engine.observe(state, message, context);
      state = result.state;
      hash.update(JSON.stringify(result) + "\n");
    }
    return hash.digest("hex");
  });
}

const expected = digests(base);
const got = digests(head);
const differing = got.filter((d, i) => d !== expected[i]).length;
const messages = conversations.reduce((n, c) => n + c.length, 0);
console.log(
  `${conversations.length} conversations, ${messages} messages; conversations whose results differ: ${differing}`,
);
if (differing > 0) process.exitCode = 1;

function cpuMs(engine: Engine): number {
  const context = engine.createEngineContext();
  const start = process.cpuUsage();
  for (const conversation of conversations) {
    let state = engine.createConversationState();
    for (const message of conversation) state = engine.observe(state, message, context).state;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const times = { base: [] as number[], head: [] as number[] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (["base", "head"] as const) : (["head", "base"] as const);
  for (const side of order) {
    const ms = cpuMs(side === "base" ? base : head);
    if (round >= WARM_UP) times[side].push(ms);
  }
}
const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)]!;
for (const side of ["base", "head"] as const) {
  const median = quantile(times[side], 0.5);
  console.log(
    `${side}: median ${median.toFixed(0)} ms a pass, ${((median * 1000) / messages).toFixed(1)} µs a message`,
  );
}
const ratios = times.head.map((t, i) => t / times.base[i]!);
console.log(
  `head/base CPU over ${ratios.length} rounds: median ${quantile(ratios, 0.5).toFixed(3)}, quartiles ` +
    `${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}, range ` +
    `${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`,
);
