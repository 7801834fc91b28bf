/**
 * What makes the live pipeline's latency tail: a paced load against a real server started with
 * stall tracing on (TAGTEAM_TRACE_STALLS_MS, src/store/stallTrace.ts), then a table of what held
 * the main thread or the database for --threshold ms or more, and which of it overlapped the slow
 * alerts (posted → alert heard over --slow ms).
 *
 *   npx tsx scripts/measure-stalls.ts --conversations 2000 --teammates 200 --rate 800 --seconds 30
 *   (--port 3975, --threshold 15, --slow 50, --warmup 10, --repo <another checkout, e.g. a worktree>)
 *
 * The server runs from --repo (default this checkout), so two versions compare on one seed each.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { BENCH_CONVERSATIONS } from "./benchConversations.ts";
import { PROTOCOL_VERSION, type ServerFrame } from "../src/protocol/index.ts";
import { hashPassword } from "../src/server/auth/passwords.ts";
import { bootstrap } from "../src/server/bootstrap.ts";
import {
  createApiToken,
  createPerson,
  createSession,
  createTeam,
  findOrCreateConversation,
  generateToken,
  hashToken,
  listPeople,
  migrate,
  openStore,
  recordTopicExperience,
} from "../src/store/index.ts";

const TEAMS = 10;
const TOPICS = ["returns", "refunds", "billing", "shipping", "accounts"];
const SCRIPT_ROTATION = [1, 3, 5, 7, 0, 1, 3, 5, 7, 2, 1, 3, 5, 7, 4, 1, 3, 5, 7, 6];

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]?.replace(/^--/, "") ?? "", process.argv[i + 1] ?? "");
const num = (key: string, fallback: number): number => Number(args.get(key) ?? fallback);
const opts = {
  conversations: num("conversations", 2000),
  teammates: num("teammates", 200),
  rate: num("rate", 800),
  seconds: num("seconds", 30),
  warmup: num("warmup", 10),
  port: num("port", 3975),
  threshold: num("threshold", 15),
  slow: num("slow", 50),
  repo: args.get("repo") ?? fileURLToPath(new URL("..", import.meta.url)),
};
const clock = (): number => performance.timeOrigin + performance.now();
const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

interface Stall {
  kind: string;
  at: number;
  ms: number;
  caller?: string;
  sql?: string;
  job?: string;
  messages?: number;
  alerts?: number;
  busy?: number;
}
const nameOf = (s: Stall): string =>
  s.kind === "job"
    ? `job ${s.job}`
    : s.kind === "query" || s.kind === "transaction"
      ? `${s.kind} ${s.caller}${s.sql ? ` ${s.sql.slice(0, 50)}` : ""}`
      : s.kind === "held"
        ? `held ${s.sql?.slice(0, 60) ?? ""}`
        : s.kind === "worker"
          ? `worker ${s.sql?.slice(0, 60) ?? ""}`
          : s.kind === "group"
            ? `group ${s.alerts ? "raising alerts" : "no alert"}`
            : s.kind;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tail-stalls-"));
  const store = await openStore({ dataDir: dir });
  await migrate(store);
  const boot = await bootstrap(store, { email: "admin@bench.local", password: "bench-admin-password" });
  const orgId = boot.orgId;
  const passwordHash = await hashPassword("bench-teammate-password");
  const perTeam = Math.ceil(opts.teammates / TEAMS);
  const teamIds: string[] = [];
  const cookies: string[] = [];
  const agentEmails: string[][] = [];
  let token = "";
  await store.transaction(async (tx) => {
    for (let t = 0; t < TEAMS; t++) {
      const team = await createTeam(tx, { orgId, name: `Bench team ${t}` });
      teamIds.push(team.id);
      agentEmails.push([]);
      for (let p = 0; p < perTeam && cookies.length < opts.teammates; p++) {
        const role = p < 2 ? "lead" : "agent";
        const email = `bench-${t}-${p}@bench.local`;
        const person = await createPerson(tx, {
          orgId,
          email,
          displayName: `Bench ${t}.${p}`,
          role,
          passwordHash,
          availability: "available",
          maxLoad: 1000,
          teamIds: [team.id],
        });
        if (role === "agent") agentEmails[t]?.push(email);
        await recordTopicExperience(tx, {
          orgId,
          personId: person.id,
          topic: TOPICS[p % TOPICS.length] ?? "returns",
          weight: 1,
        });
        const secret = generateToken();
        await createSession(tx, {
          orgId,
          personId: person.id,
          tokenHash: hashToken(secret),
          expiresAt: Date.now() + 86_400_000,
        });
        cookies.push(`tagteam_session=${secret}`);
      }
    }
    for (let t = 0; t < TEAMS; t++) {
      const agents = await listPeople(tx, { orgId, teamId: teamIds[t] ?? "", roles: ["agent"] });
      for (let i = t; i < opts.conversations; i += TEAMS)
        await findOrCreateConversation(tx, {
          orgId,
          teamId: teamIds[t] ?? "",
          channel: "chat",
          externalId: `bench-conv-${i}`,
          topic: TOPICS[i % TOPICS.length] ?? null,
          assignedPersonId: agents[i % Math.max(1, agents.length)]?.id ?? null,
        });
    }
    const admins = await listPeople(tx, { orgId, roles: ["admin"] });
    token = `tt_${generateToken()}`;
    await createApiToken(tx, {
      orgId,
      personId: admins[0]?.id ?? "",
      name: "bench",
      scopes: ["ingest"],
      tokenHash: hashToken(token),
    });
  });
  await store.close();

  const stalls: Stall[] = [];
  const summaries: { p50: number; p99: number; max: number }[] = [];
  // --profile <dir>: also write the server's CPU profile there (open it in Chrome DevTools).
  const profile = args.get("profile");
  const child = spawn(
    process.execPath,
    [...(profile ? ["--cpu-prof", "--cpu-prof-dir", profile] : []), "bin/tagteam.mjs", "serve"],
    {
      cwd: opts.repo,
      env: {
        ...process.env,
        PORT: String(opts.port),
        TAGTEAM_DATA_DIR: dir,
        TAGTEAM_LOG_LEVEL: "warn",
        TAGTEAM_RATE_LIMIT_PER_MINUTE: "100000000",
        TAGTEAM_INGEST_RATE_LIMIT_PER_MINUTE: "100000000",
        TAGTEAM_TRACE_STALLS_MS: String(opts.threshold),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let errText = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    errText += chunk;
    const lines = errText.split("\n");
    errText = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("stall ")) stalls.push(JSON.parse(line.slice(6)) as Stall);
      else if (line.startsWith("stall-summary "))
        summaries.push(JSON.parse(line.slice(14)) as (typeof summaries)[0]);
      else if (line.trim() !== "") process.stderr.write(`server: ${line}\n`);
    }
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`server exited before listening:\n${out}`)));
  });

  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(url);
  const post = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: hostname,
          port,
          method: "POST",
          path: "/api/v1/messages",
          agent,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const alertSeenAt = new Map<string, number>();
  const sockets: WebSocket[] = [];
  await Promise.all(
    cookies.map(
      (cookie, i) =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(`${url.replace("http", "ws")}/api/v1/ws`, { headers: { cookie } });
          sockets.push(ws);
          ws.on("open", () =>
            ws.send(
              JSON.stringify({
                type: "hello",
                protocolVersion: PROTOCOL_VERSION,
                rooms: [{ kind: "team", id: teamIds[Math.floor(i / perTeam)] }],
              }),
            ),
          );
          ws.on("message", (data: Buffer) => {
            const text = data.toString();
            if (text.includes('"welcome"')) resolve();
            else if (text.includes('"ping"')) ws.send('{"type":"pong"}');
            else if (text.includes('"alert.raised"')) {
              const frame = JSON.parse(text) as ServerFrame;
              const events =
                frame.type === "events" ? frame.events : frame.type === "event" ? [frame.event] : [];
              for (const event of events) {
                const id = event.type === "alert.raised" ? event.data.alertId : undefined;
                if (id !== undefined && !alertSeenAt.has(id)) alertSeenAt.set(id, clock());
              }
            }
          });
          ws.on("error", reject);
        }),
    ),
  );

  // The conversations speak their scripts, a seeded random one at a time (as bench-live).
  let seedState = 0x7a67;
  const random = (): number => {
    seedState = (seedState + 0x6d2b79f5) >>> 0;
    let t = seedState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const slots = Array.from({ length: opts.conversations }, (_, i) => ({
    i,
    script: i % SCRIPT_ROTATION.length,
    line: 0,
    generation: 0,
    busy: false,
  }));
  const runId = Date.now().toString(36);
  const posted: { t0: number; ack: number; alertId: string | null }[] = [];
  let errors = 0;
  const send = async (record: boolean): Promise<void> => {
    const first = Math.floor(random() * slots.length);
    for (let tries = 0; tries < slots.length; tries++) {
      const slot = slots[(first + tries) % slots.length];
      if (slot === undefined || slot.busy) continue;
      slot.busy = true;
      let script = BENCH_CONVERSATIONS[SCRIPT_ROTATION[slot.script] ?? 0] ?? BENCH_CONVERSATIONS[0];
      if (script !== undefined && slot.line >= script.lines.length) {
        slot.line = 0;
        slot.generation++;
        slot.script = (slot.script + 1) % SCRIPT_ROTATION.length;
        script = BENCH_CONVERSATIONS[SCRIPT_ROTATION[slot.script] ?? 0] ?? script;
      }
      const line = script?.lines[slot.line];
      const team = slot.i % TEAMS;
      const agents = agentEmails[team] ?? [];
      const body = JSON.stringify({
        senderMessageId: `${runId}-${slot.i}-${slot.generation}-${slot.line}`,
        conversationId: `bench-conv-${slot.i}`,
        teamId: teamIds[team],
        role: line?.role ?? "customer",
        text: line?.text ?? "hello",
        topic: script?.topic,
        author: line?.role === "agent" ? agents[slot.i % Math.max(1, agents.length)] : script?.customer,
      });
      slot.line++;
      const t0 = clock();
      try {
        const response = await post(body);
        if (response.status !== 200) errors++;
        else if (record) {
          const alertId =
            (JSON.parse(response.text) as { results: { alertId: string | null }[] }).results[0]?.alertId ??
            null;
          posted.push({ t0, ack: clock() - t0, alertId });
        }
      } catch {
        errors++;
      } finally {
        slot.busy = false;
      }
      return;
    }
  };
  const paced = async (seconds: number, rate: number, record: boolean): Promise<void> => {
    const inflight = new Set<Promise<void>>();
    const start = performance.now();
    let sent = 0;
    while (performance.now() - start < seconds * 1000) {
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      while (sent < due) {
        sent++;
        const p = send(record).finally(() => inflight.delete(p));
        inflight.add(p);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(inflight);
  };
  process.stdout.write(`warm-up: ${opts.warmup} s at ${opts.rate} msg/s\n`);
  await paced(opts.warmup, opts.rate, false);
  stalls.length = 0;
  summaries.length = 0;
  const windowStart = clock();
  process.stdout.write(`paced: ${opts.seconds} s at ${opts.rate} msg/s, server from ${opts.repo}\n`);
  await paced(opts.seconds, opts.rate, true);
  await new Promise((r) => setTimeout(r, 500));
  const windowEnd = clock();
  for (const ws of sockets) ws.close();
  agent.destroy();
  child.kill("SIGTERM");
  await exited;
  rmSync(dir, { recursive: true, force: true });

  const inWindow = stalls.filter((s) => s.at >= windowStart && s.at <= windowEnd);
  const alerts = posted.flatMap((p) => {
    const seen = p.alertId === null ? undefined : alertSeenAt.get(p.alertId);
    return seen === undefined ? [] : [{ t0: p.t0, ms: seen - p.t0 }];
  });
  const f = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
  const acks = posted.map((p) => p.ack);
  process.stdout.write(
    `\nacked ${posted.length} (${f(posted.length / opts.seconds)} msg/s, ${errors} errors); ack p50 ${f(pct(acks, 50))} p99 ${f(pct(acks, 99))} max ${f(pct(acks, 100))} ms; ` +
      `posted→alert p50 ${f(
        pct(
          alerts.map((a) => a.ms),
          50,
        ),
      )} p99 ${f(
        pct(
          alerts.map((a) => a.ms),
          99,
        ),
      )} max ${f(
        pct(
          alerts.map((a) => a.ms),
          100,
        ),
      )} ms (${alerts.length} alerts)\n`,
  );
  if (summaries.length > 0)
    process.stdout.write(
      `main thread's event-loop delay per 5 s: p99 ${summaries.map((s) => s.p99).join(", ")} ms; max ${summaries.map((s) => s.max).join(", ")} ms\n`,
    );
  const slowAlerts = alerts.filter((a) => a.ms > opts.slow);
  const slowAcks = posted.filter((p) => p.ack > opts.slow);
  const overlaps = (s: Stall, t0: number, ms: number): boolean => s.at < t0 + ms && s.at + s.ms > t0;
  const byName = new Map<string, Stall[]>();
  for (const s of inWindow) byName.set(nameOf(s), [...(byName.get(nameOf(s)) ?? []), s]);
  const rows = [...byName.entries()].sort(
    (a, b) => b[1].reduce((n, s) => n + s.ms, 0) - a[1].reduce((n, s) => n + s.ms, 0),
  );
  process.stdout.write(
    `\nStalls of ${opts.threshold} ms or more in the ${opts.seconds} s window; "slow alerts" = those of ${slowAlerts.length} alerts over ${opts.slow} ms it overlapped, "slow acks" likewise of ${slowAcks.length}\n`,
  );
  process.stdout.write(
    "| what | count | total ms | median ms | max ms | of it running statements, ms | slow alerts | slow acks |\n|---|---|---|---|---|---|---|---|\n",
  );
  for (const [name, list] of rows.slice(0, 40)) {
    const ms = list.map((s) => s.ms);
    const hitAlerts = slowAlerts.filter((a) => list.some((s) => overlaps(s, a.t0, a.ms))).length;
    const hitAcks = slowAcks.filter((p) => list.some((s) => overlaps(s, p.t0, p.ack))).length;
    process.stdout.write(
      `| ${name.replace(/\|/g, "/")} | ${list.length} | ${Math.round(ms.reduce((a, b) => a + b, 0))} | ${pct(ms, 50)} | ${Math.max(...ms)} | ${list[0]?.busy === undefined ? "" : Math.round(list.reduce((n, x) => n + (x.busy ?? 0), 0))} | ${hitAlerts} | ${hitAcks} |\n`,
    );
  }
  const groups = inWindow.filter((s) => s.kind === "group");
  if (groups.length > 0)
    process.stdout.write(
      `\ngroups of ${opts.threshold} ms or more: ${groups.length}, messages p50 ${pct(
        groups.map((g) => g.messages ?? 0),
        50,
      )} max ${pct(
        groups.map((g) => g.messages ?? 0),
        100,
      )}\n`,
    );
}

await main();
