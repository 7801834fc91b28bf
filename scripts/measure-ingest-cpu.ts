// Main-thread CPU of the ingest path per message, this checkout against another checkout (a git
// worktree), in one process, interleaved (docs/ARCHITECTURE.md, "Where the ingest time goes").
//
//   git worktree add -f /tmp/perf-base <commit> && ln -sfn "$PWD/node_modules" /tmp/perf-base/node_modules
//   npx tsx scripts/measure-ingest-cpu.ts [--base /tmp/perf-base] [--head .] [--rounds 30] [--messages 300] [--inflight 30]
//   git worktree remove --force /tmp/perf-base
//
// Each side is its own `buildApp` on its own PGlite store on a worker thread (as the server runs
// it), on disk, with 3 teams of 10 people and 300 conversations with agents, and an ingest token. A
// round posts the same next N messages (the benchmark's scripts, the same on both sides) to each
// side through `app.inject` (fastify's whole request path, not the socket), `inflight`
// conversations at a time, one message per request; which side goes first alternates. CPU is the
// main thread's run time (/proc/self/task/<pid>/schedstat, Linux) and `process.cpuUsage()` (every
// thread). On a shared machine only the paired ratios mean anything: the report gives their median,
// quartiles, and the share of rounds in which this checkout (or --head) used less.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { App } from "../src/server/app.ts";
import type * as AppModule from "../src/server/app.ts";
import type * as BootstrapModule from "../src/server/bootstrap.ts";
import type * as ConfigModule from "../src/server/config.ts";
import type * as StoreModule from "../src/store/index.ts";
import { BENCH_CONVERSATIONS } from "./benchConversations.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const baseRoot = option("base", "/tmp/perf-base");
const rounds = Number(option("rounds", "30"));
const perRound = Number(option("messages", "300"));
const inflight = Number(option("inflight", "30"));
const here = option("head", new URL("..", import.meta.url).pathname);
const CONVERSATIONS = 300;
const TEAMS = 3;
const TOPICS = ["returns", "refunds", "billing", "shipping", "accounts"];
const ROTATION = [1, 3, 5, 7, 0, 1, 3, 5, 7, 2, 1, 3, 5, 7, 4, 1, 3, 5, 7, 6];

const mainThreadNs = (): number =>
  Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]);

interface Side {
  label: string;
  app: App;
  token: string;
  teamIds: string[];
  agentEmails: string[][];
  dir: string;
  main: number[];
  all: number[];
  wall: number[];
}

async function openSide(label: string, root: string): Promise<Side> {
  const store = (await import(join(root, "src/store/index.ts"))) as typeof StoreModule;
  const { buildApp } = (await import(join(root, "src/server/app.ts"))) as typeof AppModule;
  const { loadConfig } = (await import(join(root, "src/server/config.ts"))) as typeof ConfigModule;
  const { bootstrap } = (await import(join(root, "src/server/bootstrap.ts"))) as typeof BootstrapModule;
  const dir = mkdtempSync(`/tmp/perf-ab-${label}-`);
  const db = await store.openPGliteWorkerStore({ dataDir: dir });
  await store.migrate(db);
  const boot = await bootstrap(db, { email: "admin@bench.local", password: "bench-admin-password" });
  const orgId = boot.orgId;
  const teamIds: string[] = [];
  const agentEmails: string[][] = [];
  let token = "";
  await db.transaction(async (tx) => {
    for (let t = 0; t < TEAMS; t++) {
      const team = await store.createTeam(tx, { orgId, name: `Team ${t}` });
      teamIds.push(team.id);
      agentEmails.push([]);
      for (let p = 0; p < 10; p++) {
        const role = p < 2 ? "lead" : "agent";
        const email = `b-${t}-${p}@bench.local`;
        const person = await store.createPerson(tx, {
          orgId,
          email,
          displayName: `Bench ${t}.${p}`,
          role,
          availability: "available",
          maxLoad: 1000,
          teamIds: [team.id],
        });
        if (role === "agent") agentEmails[t]!.push(email);
        await store.recordTopicExperience(tx, {
          orgId,
          personId: person.id,
          topic: TOPICS[p % 5] ?? "returns",
          weight: 1,
        });
      }
      const agents = await store.listPeople(tx, { orgId, teamId: team.id, roles: ["agent"] });
      for (let i = t; i < CONVERSATIONS; i += TEAMS)
        await store.findOrCreateConversation(tx, {
          orgId,
          teamId: team.id,
          channel: "chat",
          externalId: `c-${i}`,
          topic: TOPICS[i % 5] ?? null,
          assignedPersonId: agents[i % agents.length]?.id ?? null,
        });
    }
    const admins = await store.listPeople(tx, { orgId, roles: ["admin"] });
    token = `tt_${store.generateToken()}`;
    await store.createApiToken(tx, {
      orgId,
      personId: admins[0]?.id ?? "",
      name: "bench",
      scopes: ["ingest"],
      tokenHash: store.hashToken(token),
    });
  });
  const cfg = loadConfig({
    TAGTEAM_LOG_LEVEL: "warn",
    TAGTEAM_RATE_LIMIT_PER_MINUTE: "100000000",
    TAGTEAM_INGEST_RATE_LIMIT_PER_MINUTE: "100000000",
    TAGTEAM_CONVERSATION_IDLE_CLOSE_MS: "0",
    TAGTEAM_UNANSWERED_ALERT_MS: "0",
  });
  if (!cfg.ok) throw new Error(cfg.problems.join("\n"));
  const app = await buildApp({ config: cfg.config, store: db });
  await app.app.ready();
  return { label, app, token, teamIds, agentEmails, dir, main: [], all: [], wall: [] };
}

// The message sequence: slot i plays scripts in rotation; the k-th message overall goes to the
// conversation picked by a seeded generator among those not in flight (same on both sides).
interface Slot {
  conv: number;
  script: number;
  line: number;
  gen: number;
}
const slots: Slot[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
  conv: i,
  script: i % ROTATION.length,
  line: 0,
  gen: 0,
}));
function nextLine(slot: Slot) {
  let script = BENCH_CONVERSATIONS[ROTATION[slot.script]!]!;
  if (slot.line >= script.lines.length) {
    slot.line = 0;
    slot.gen++;
    slot.script = (slot.script + 1) % ROTATION.length;
    script = BENCH_CONVERSATIONS[ROTATION[slot.script]!]!;
  }
  const line = script.lines[slot.line]!;
  const out = {
    conv: slot.conv,
    gen: slot.gen,
    line: slot.line,
    role: line.role,
    text: line.text,
    topic: script.topic,
    customer: script.customer,
  };
  slot.line++;
  return out;
}
let seed = 0x7a67;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** A round's plan: waves of `inflight` distinct conversations. */
function planRound(): ReturnType<typeof nextLine>[][] {
  const waves = [];
  for (let n = 0; n < perRound; n += inflight) {
    const taken = new Set<number>();
    const wave = [];
    while (wave.length < Math.min(inflight, perRound - n)) {
      const c = Math.floor(random() * CONVERSATIONS);
      if (taken.has(c)) continue;
      taken.add(c);
      wave.push(nextLine(slots[c]!));
    }
    waves.push(wave);
  }
  return waves;
}

async function runRound(side: Side, waves: ReturnType<typeof planRound>, round: number): Promise<void> {
  const t0 = mainThreadNs();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (const wave of waves) {
    const res = await Promise.all(
      wave.map((m) => {
        const team = m.conv % TEAMS;
        const agents = side.agentEmails[team]!;
        return side.app.app.inject({
          method: "POST",
          url: "/api/v1/messages",
          headers: { authorization: `Bearer ${side.token}`, "content-type": "application/json" },
          payload: JSON.stringify({
            senderMessageId: `r${round}-c${m.conv}-${m.gen}-${m.line}`,
            conversationId: `c-${m.conv}`,
            teamId: side.teamIds[team],
            role: m.role,
            text: m.text,
            topic: m.topic,
            author: m.role === "agent" ? agents[m.conv % agents.length] : m.customer,
          }),
        });
      }),
    );
    for (const r of res)
      if (r.statusCode !== 200) throw new Error(`${side.label}: ${r.statusCode} ${r.body}`);
  }
  const c = process.cpuUsage(c0);
  if (round >= 0) {
    side.main.push((mainThreadNs() - t0) / 1000 / perRound);
    side.all.push((c.user + c.system) / perRound);
    side.wall.push(((performance.now() - w0) * 1000) / perRound);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

const base = await openSide("base", baseRoot);
const head = await openSide("head", here);
// Warm-up: two rounds each, not counted.
for (let r = -2; r < rounds; r++) {
  const waves = planRound();
  const order = (r & 1) === 0 ? [base, head] : [head, base];
  for (const side of order) await runRound(side, waves, r);
}
const report = (name: string, pick: (s: Side) => number[]) => {
  const ratios = pick(head).map((h, i) => h / pick(base)[i]!);
  console.log(
    `${name}: base ${median(pick(base)).toFixed(0)} µs/msg, head ${median(pick(head)).toFixed(0)}; ratio median ${median(ratios).toFixed(3)} (quartiles ${q(ratios, 0.25).toFixed(3)}–${q(ratios, 0.75).toFixed(3)}), head lower in ${Math.round((100 * ratios.filter((x) => x < 1).length) / ratios.length)} % of ${ratios.length} rounds`,
  );
};
report("main thread CPU", (s) => s.main);
report("process CPU", (s) => s.all);
report("wall", (s) => s.wall);
// How the engine's readings were made (on arrival or in the group) and the groups' sizes, per side.
for (const side of [base, head]) {
  const readings = await side.app.ctx.metrics.registry.getSingleMetricAsString(
    "tagteam_ingest_engine_readings_total",
  );
  const groups = await side.app.ctx.metrics.ingestGroupSize.get();
  const total = (suffix: string) => groups.values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  console.log(
    `${side.label}: ${readings
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"))
      .join("; ")}; ${total("_sum")} messages in ${total("_count")} groups`,
  );
}
for (const side of [base, head]) {
  await side.app.close();
  rmSync(side.dir, { recursive: true, force: true });
}
process.exit(0);
