/**
 * `npm run bench:store` — what a statement costs on PGlite through the store's prepared statements
 * (src/store/pgliteStatements.ts), against the same statements through `PGlite.query`, measured in
 * the same run on databases on disk set up alike. The reference is the second column; the
 * ratio is what to compare on a shared machine. A third database runs on a worker thread
 * (src/store/pgliteWorkerStore.ts, what the server uses): its column shows what the hop costs.
 *
 * Cases: `SELECT 1` (the fixed cost of a statement), one message appended in a transaction, and
 * the ingest statement (`appendMessages` with analyses and floor readings) for groups of 40 and 200
 * messages from different conversations. The two stores take turns, round by round, so a change in
 * the machine's speed touches both.
 *
 * Options: --rounds 5
 */
import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  appendMessages,
  createOrganisation,
  createPGliteStore,
  createTeam,
  findOrCreateConversations,
  migrate,
  openPGliteWorkerStore,
  type JsonValue,
  type NewMessage,
  type Store,
} from "../src/store/index.ts";
import { writeBenchmarkSection } from "./benchSection.ts";
import { STORED_ANALYSIS } from "./benchAnalysis.ts";

const CONVERSATIONS = 2000;
const SECTION_HEADING = "## Store statements on PGlite";

const ANALYSIS: JsonValue = STORED_ANALYSIS;

interface Side {
  label: string;
  store: Store;
  orgId: string;
  conversations: string[];
  dir: string;
  sequence: number;
}

async function openSide(label: string, how: "prepared" | "query" | "worker"): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), "tagteam-bench-store-"));
  const store =
    how === "worker"
      ? await openPGliteWorkerStore({ dataDir: dir })
      : createPGliteStore(await PGlite.create({ dataDir: dir }), { preparedStatements: how === "prepared" });
  await migrate(store);
  const org = await createOrganisation(store, { name: "Bench", slug: `bench-${label}` });
  const team = await createTeam(store, { orgId: org.id, name: "Floor" });
  const created = await findOrCreateConversations(
    store,
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
  await store.query("VACUUM (ANALYZE)");
  return { label, store, orgId: org.id, conversations: created.map((c) => c.id), dir, sequence: 0 };
}

/** One ingest group: `size` messages from different conversations, with analyses and readings. */
async function appendGroup(side: Side, size: number): Promise<void> {
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
  await side.store.transaction((tx) =>
    appendMessages(tx, rows, {
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
    }),
  );
}

interface Case {
  name: string;
  /** Runs per round. */
  runs: number;
  /** Messages per run, for the per-message column (0: not a write). */
  messages: number;
  run(side: Side): Promise<unknown>;
}

const CASES: Case[] = [
  { name: "`SELECT 1`", runs: 2000, messages: 0, run: (s) => s.store.query("SELECT 1 AS one") },
  { name: "1 message in a transaction", runs: 300, messages: 1, run: (s) => appendGroup(s, 1) },
  { name: "ingest group of 40 messages", runs: 40, messages: 40, run: (s) => appendGroup(s, 40) },
  { name: "ingest group of 200 messages", runs: 10, messages: 200, run: (s) => appendGroup(s, 200) },
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let rounds = 5;
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === "--rounds" && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) > 0)
      rounds = Number(argv[i + 1]);
    else throw new Error(`unknown or invalid option ${argv[i] ?? ""} ${argv[i + 1] ?? ""}`);
  }
  const loadAtStart = loadavg()[0] ?? 0;
  process.stdout.write(`bench:store — three PGlite databases on disk, ${CONVERSATIONS} conversations each\n`);
  const prepared = await openSide("prepared", "prepared");
  const plain = await openSide("query", "query");
  const worker = await openSide("worker", "worker");
  const sides = [prepared, plain, worker];
  try {
    const totals = new Map<string, number>();
    // Warm-up: both sides prepare their statements and fill their caches.
    for (const c of CASES) for (const side of sides) for (let i = 0; i < 3; i++) await c.run(side);
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(`round ${round}/${rounds}\n`);
      for (const c of CASES) {
        for (const side of round % 2 === 0 ? [...sides].reverse() : sides) {
          const started = performance.now();
          for (let i = 0; i < c.runs; i++) await c.run(side);
          const key = `${c.name}\u0000${side.label}`;
          totals.set(key, (totals.get(key) ?? 0) + performance.now() - started);
        }
      }
    }
    const lines = [
      "| statement | prepared (store) µs | `PGlite.query` µs | ratio | prepared, on a worker thread µs | worker / in-process | prepared µs per message |",
      "|---|---|---|---|---|---|---|",
    ];
    for (const c of CASES) {
      const per = (label: string): number =>
        (1000 * (totals.get(`${c.name}\u0000${label}`) ?? 0)) / (c.runs * rounds);
      const mine = per("prepared");
      const reference = per("query");
      const threaded = per("worker");
      lines.push(
        `| ${c.name} | ${mine.toFixed(0)} | ${reference.toFixed(0)} | ${(mine / reference).toFixed(2)} | ${threaded.toFixed(0)} | ${(threaded / mine).toFixed(2)} | ${
          c.messages > 0 ? (mine / c.messages).toFixed(1) : ""
        } |`,
      );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    const command = `npm run bench:store${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
    writeBenchmarkSection(SECTION_HEADING, [
      SECTION_HEADING,
      "",
      `Generated by \`${command}\` (scripts/bench-store.ts): the same statements through the PGlite store's named prepared statements, through \`PGlite.query\`, and through the prepared statements of a store whose PGlite runs on a worker thread (what the server uses), on three databases on disk set up alike (${CONVERSATIONS} conversations each), taking turns for ${rounds} rounds. Times are per statement (per transaction for the writes); a ratio below 1 means the prepared path is faster. "worker / in-process" is what the hop between threads adds (a \`postMessage\` each way per statement, and BEGIN/COMMIT as messages of their own); the server pays it to keep its main thread free while PostgreSQL runs.`,
      "",
      ...lines,
      "",
      `_Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, 1-minute load average ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end._`,
      "",
    ]);
  } finally {
    for (const side of sides) {
      await side.store.close();
      rmSync(side.dir, { recursive: true, force: true });
    }
  }
}

await main();
