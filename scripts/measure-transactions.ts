// What a transaction costs on PGlite, this checkout's store against another checkout's (the
// figures in docs/ARCHITECTURE.md, "Where the ingest time goes"), in one process, interleaved.
//
//   git worktree add -f /tmp/tx-base <commit> && ln -sfn "$PWD/node_modules" /tmp/tx-base/node_modules
//   npx tsx scripts/measure-transactions.ts [--base /tmp/tx-base] [--rounds 100] [--block 1] [--mode worker|main]
//   git worktree remove --force /tmp/tx-base
//
// Each side is a PGlite store on disk (on a worker thread as the server runs it, or with `--mode
// main` in-process) with 2,000 conversations. A group is `appendMessages` of N messages from
// different conversations in one transaction (analyses and readings, assumed new), in one case
// followed by an event issued without waiting (as the pipeline issues its events before COMMIT).
// A round runs each case 10–40 times (× block) on each side, which side goes first alternating.
// CPU is `process.cpuUsage()` (every thread of the process), over one side's runs while the other
// is idle. On a shared machine only the paired ratios mean anything: the report gives their median,
// quartiles, and the share of rounds in which this checkout used less.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type * as StoreModule from "../src/store/index.ts";
import type * as EventsModule from "../src/store/events.ts";
import type { NewMessage, Store } from "../src/store/index.ts";
import { STORED_ANALYSIS } from "./benchAnalysis.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const baseRoot = option("base", "/tmp/tx-base");
const rounds = Number(option("rounds", "100"));
const block = Number(option("block", "1"));
const mode = option("mode", "worker");
const here = new URL("..", import.meta.url).pathname;
const CONVERSATIONS = 2000;
const ANALYSIS = STORED_ANALYSIS;

interface Side {
  label: string;
  store: typeof StoreModule;
  events: typeof EventsModule;
  db: Store;
  orgId: string;
  teamId: string;
  conversations: string[];
  dir: string;
  sequence: number;
  cpu: Map<string, number[]>;
  wall: Map<string, number[]>;
}

async function openSide(label: string, root: string): Promise<Side> {
  const store = (await import(join(root, "src/store/index.ts"))) as typeof StoreModule;
  const events = (await import(join(root, "src/store/events.ts"))) as typeof EventsModule;
  const dir = mkdtempSync(join(tmpdir(), `tagteam-tx-${label}-`));
  const db =
    mode === "worker"
      ? await store.openPGliteWorkerStore({ dataDir: dir })
      : await store.openPGliteStore({ dataDir: dir });
  await store.migrate(db);
  const org = await store.createOrganisation(db, { name: "Bench", slug: `bench-${label}` });
  const team = await store.createTeam(db, { orgId: org.id, name: "Floor" });
  const created = await store.findOrCreateConversations(
    db,
    org.id,
    Array.from({ length: CONVERSATIONS }, (_, i) => ({
      externalId: `c-${i}`,
      teamId: team.id,
      channel: "chat" as const,
      customerName: null,
      assignedPersonId: null,
      topic: "billing",
      createdAt: Date.now(),
    })),
  );
  await db.query("VACUUM (ANALYZE)");
  return {
    label,
    store,
    events,
    db,
    orgId: org.id,
    teamId: team.id,
    conversations: created.map((c) => c.id),
    dir,
    sequence: 0,
    cpu: new Map(),
    wall: new Map(),
  };
}

async function group(side: Side, size: number, withEvent: boolean): Promise<void> {
  const rows: NewMessage[] = Array.from({ length: size }, () => {
    const n = side.sequence++;
    return {
      orgId: side.orgId,
      conversationId: side.conversations[n % CONVERSATIONS] as string,
      role: n % 2 === 0 ? "customer" : "agent",
      authorName: n % 2 === 0 ? "Maya" : "Sam",
      text: "I was charged twice for my subscription this month and would like the duplicate refunded.",
      externalId: `m-${n}`,
      sentAt: Date.now(),
    };
  });
  await side.db.transaction(async (tx) => {
    await side.store.appendMessages(tx, rows, {
      assumeNew: true,
      prepare: (toWrite) => ({
        analyses: new Map(
          toWrite.map((i) => [i, { risk: 0.21, rung: "observe" as const, analysis: ANALYSIS }]),
        ),
        readings: [...new Set(toWrite.map((i) => rows[i]?.conversationId as string))].map(
          (conversationId) => ({
            orgId: side.orgId,
            conversationId,
            risk: 0.21,
            customerEmotion: "neutral",
            frustration: 0.12,
            activeCues: ["hedging"],
          }),
        ),
      }),
    });
    if (withEvent) {
      const conversationId = rows[0]?.conversationId as string;
      const appended = side.events.appendEvents(tx, [
        {
          orgId: side.orgId,
          teamId: side.teamId,
          conversationId,
          type: "commitment.recorded",
          payload: { conversationId },
        },
      ]);
      appended.catch(() => undefined);
    }
  });
}

const CASES: { name: string; runs: number; run: (side: Side) => Promise<unknown> }[] = [
  { name: "empty transaction", runs: 40 * block, run: (s) => s.db.transaction(async () => undefined) },
  { name: "1 message", runs: 20 * block, run: (s) => group(s, 1, false) },
  { name: "1 message + an event", runs: 20 * block, run: (s) => group(s, 1, true) },
  { name: "9 messages", runs: 10 * block, run: (s) => group(s, 9, false) },
];

const quantile = (values: number[], f: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * f))] ?? NaN;
};
const push = (map: Map<string, number[]>, key: string, value: number): void => {
  map.set(key, [...(map.get(key) ?? []), value]);
};

const base = await openSide("base", baseRoot);
const mine = await openSide("here", here);
const sides = [base, mine];
const loadAtStart = loadavg()[0] ?? 0;
try {
  for (const c of CASES) for (const side of sides) for (let i = 0; i < 20; i++) await c.run(side);
  for (let round = 0; round < rounds; round++) {
    for (const c of CASES) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < c.runs; i++) await c.run(side);
        const wall = ((performance.now() - started) * 1000) / c.runs;
        const cpu = process.cpuUsage(cpuBefore);
        push(side.cpu, c.name, (cpu.user + cpu.system) / c.runs);
        push(side.wall, c.name, wall);
      }
    }
  }
  const f = (n: number, digits = 0): string => n.toFixed(digits);
  process.stdout.write(
    `--mode ${mode}, ${rounds} rounds, base ${baseRoot}, 1-minute load ${f(loadAtStart, 1)} → ${f(loadavg()[0] ?? 0, 1)}\n` +
      "| case | base CPU µs | here CPU µs | here/base CPU, median of rounds [quartiles] | rounds here used less | base wall µs | here wall µs |\n|---|---|---|---|---|---|---|\n",
  );
  for (const c of CASES) {
    const baseCpu = base.cpu.get(c.name) ?? [];
    const hereCpu = mine.cpu.get(c.name) ?? [];
    const ratios = baseCpu.map((b, i) => (hereCpu[i] ?? NaN) / b);
    const less = ratios.filter((r) => r < 1).length / ratios.length;
    process.stdout.write(
      `| ${c.name} | ${f(quantile(baseCpu, 0.5))} | ${f(quantile(hereCpu, 0.5))} | ${f(quantile(ratios, 0.5), 3)} [${f(quantile(ratios, 0.25), 2)}–${f(quantile(ratios, 0.75), 2)}] | ${f(100 * less)} % | ${f(quantile(base.wall.get(c.name) ?? [], 0.5))} | ${f(quantile(mine.wall.get(c.name) ?? [], 0.5))} |\n`,
    );
  }
} finally {
  for (const side of sides) {
    await side.db.close();
    rmSync(side.dir, { recursive: true, force: true });
  }
}
