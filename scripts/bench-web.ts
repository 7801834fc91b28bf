/**
 * `npm run bench:web`: the floor with N live conversations (default 500) updating, in Debian's
 * chromium against the real server. Frame times come from requestAnimationFrame deltas inside the
 * page. Two phases in the same run: the floor idle (the reference) and the floor while messages
 * stream into random conversations; the report gives p50/p95/p99 of both and their ratio, plus
 * how many floor refetches the coalescing let through.
 *
 *   npm run bench:web -- [--conversations 500] [--seconds 15] [--rate 40] [--rounds 3]
 *
 * Idle and live rounds alternate so both see the same background load, and Chrome's own counters
 * (main-thread task, script and style/layout time per second) are reported beside the frame
 * times, since on a shared 2-core machine frame times also measure everyone else's work.
 */
import { cpus, loadavg } from "node:os";
import type { Page } from "playwright-core";
import { signInPage } from "../test/e2e/browser.ts";
import { ADMIN, ApiSession, ensureWebBuilt, launchBrowser, startServer } from "../test/e2e/harness.ts";
import { PASSWORD, PEOPLE, seedWorkspace, type Workspace } from "../test/e2e/seed.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const CONVERSATIONS = arg("conversations", 500);
const SECONDS = arg("seconds", 15);
const RATE_PER_S = arg("rate", 40);
const ROUNDS = arg("rounds", 3);
const BATCH = 500;

const CUSTOMER_LINES = [
  "I still haven't received my refund and it's been two weeks.",
  "Can you check where my parcel is?",
  "I already told you my order number, why do you keep asking?",
  "Thanks, that's helpful.",
  "This is the third time I'm writing about this. I want to speak to a manager.",
];
const AGENT_LINES = [
  "Sorry, sorry, I think maybe it could take a while, I'm not sure.",
  "Thanks for your patience, I've found the order and it ships tomorrow before noon.",
  "Could you give me your order number?",
  "I understand how frustrating this is. I'll call you back Tuesday at 10am with an update.",
];

async function ingest(baseUrl: string, ws: Workspace, messages: unknown[]): Promise<void> {
  const r = await fetch(`${baseUrl}/api/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
    body: JSON.stringify({ messages }),
  });
  if (!r.ok) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
}

let seq = 0;
function message(ws: Workspace, conv: number, role: "customer" | "agent") {
  const lines = role === "customer" ? CUSTOMER_LINES : AGENT_LINES;
  seq += 1;
  return {
    senderMessageId: `bench-${seq}`,
    conversationId: `bench-${conv}`,
    teamId: ws.teamId,
    channel: "chat",
    role,
    text: lines[seq % lines.length],
    author: role === "agent" ? PEOPLE.agent.email : `Customer ${conv}`,
    topic: ["returns", "billing", "shipping", "accounts"][conv % 4],
  };
}

/** Collects rAF deltas in the page for `seconds`; returns them in ms. */
async function measureFrames(page: Page, seconds: number): Promise<number[]> {
  // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
  return page.evaluate(`new Promise((resolve) => {
    const deltas = [];
    let last = performance.now();
    const end = last + ${seconds * 1000};
    const tick = (t) => {
      deltas.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick);
      else resolve(deltas);
    };
    requestAnimationFrame(tick);
  })`);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
function summarize(deltas: number[]) {
  const s = [...deltas].sort((a, b) => a - b);
  return {
    frames: s.length,
    p50: pct(s, 50),
    p95: pct(s, 95),
    p99: pct(s, 99),
    max: s.at(-1) ?? NaN,
    over50: s.filter((d) => d > 50).length,
  };
}

async function main(): Promise<void> {
  await ensureWebBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
    const ws = await seedWorkspace(admin);
    console.log(`seeding ${CONVERSATIONS} conversations…`);
    const initial = [];
    for (let c = 0; c < CONVERSATIONS; c++) initial.push(message(ws, c, "customer"), message(ws, c, "agent"));
    for (let i = 0; i < initial.length; i += BATCH) await ingest(server.url, ws, initial.slice(i, i + BATCH));

    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    let floorFetches = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/v1/conversations") floorFetches++;
    });
    await page.goto("/floor");
    // The floor says how many live conversations it holds; only those near the viewport are in the DOM.
    await page
      .locator(".stat .value", { hasText: new RegExp(`^${CONVERSATIONS}$`) })
      .waitFor({ timeout: 60_000 });
    const domRows = await page.locator("tbody tr[data-conversation-id]").count();
    const rows = `${CONVERSATIONS} (${domRows} in the DOM)`;

    // Main-thread work from Chrome's own counters: independent of how busy the machine is.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const metrics = async () => {
      const { metrics: list } = await cdp.send("Performance.getMetrics");
      const get = (name: string) => list.find((m) => m.name === name)?.value ?? 0;
      return {
        task: get("TaskDuration"),
        script: get("ScriptDuration"),
        layout: get("LayoutDuration") + get("RecalcStyleDuration"),
      };
    };

    // Idle and live rounds alternate so both see the same background load on this shared machine.
    const phases = {
      idle: { deltas: [] as number[], fetches: 0, task: 0, script: 0, layout: 0, seconds: 0, sent: 0 },
      live: { deltas: [] as number[], fetches: 0, task: 0, script: 0, layout: 0, seconds: 0, sent: 0 },
    };
    const roundSeconds = SECONDS / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of ["idle", "live"] as const) {
        const phase = phases[name];
        let stop = false;
        let sent = 0;
        const driver =
          name === "live"
            ? (async () => {
                const started = Date.now();
                while (!stop) {
                  const due = Math.floor(((Date.now() - started) / 1000) * RATE_PER_S) - sent;
                  if (due > 0) {
                    const batch = Array.from({ length: due }, (_, k) =>
                      message(
                        ws,
                        ((seq + k) * 7919) % CONVERSATIONS,
                        (seq + k) % 2 === 0 ? "customer" : "agent",
                      ),
                    );
                    sent += due;
                    await ingest(server.url, ws, batch);
                  } else {
                    await new Promise((r) => setTimeout(r, 20));
                  }
                }
              })()
            : Promise.resolve();
        const fetchesBefore = floorFetches;
        const before = await metrics();
        phase.deltas.push(...(await measureFrames(page, roundSeconds)));
        const after = await metrics();
        stop = true;
        await driver;
        phase.fetches += floorFetches - fetchesBefore;
        phase.task += after.task - before.task;
        phase.script += after.script - before.script;
        phase.layout += after.layout - before.layout;
        phase.seconds += roundSeconds;
        phase.sent += sent;
      }
      console.log(`round ${round + 1}/${ROUNDS} done`);
    }

    const fmt = (x: number) => x.toFixed(1).padStart(6);
    const idle = summarize(phases.idle.deltas);
    const live = summarize(phases.live.deltas);
    const busy = (p: (typeof phases)["idle"]) => ({
      task: (p.task / p.seconds) * 100,
      script: (p.script / p.seconds) * 100,
      layout: (p.layout / p.seconds) * 100,
    });
    console.log("");
    console.log(
      `floor rows: ${rows}; live phase: ${(phases.live.sent / phases.live.seconds).toFixed(0)} messages/s into random conversations; ` +
        `${ROUNDS} alternating rounds of ${roundSeconds}s each; load average at the end: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(
      "phase        frames  p50 ms  p95 ms  p99 ms  max ms  >50ms  refetches  main thread busy (script / style+layout)",
    );
    for (const [name, r, p] of [
      ["idle (ref)", idle, phases.idle],
      ["live", live, phases.live],
    ] as const) {
      const b = busy(p);
      console.log(
        `${name.padEnd(12)} ${String(r.frames).padStart(6)} ${fmt(r.p50)}  ${fmt(r.p95)}  ${fmt(r.p99)}  ${fmt(r.max)}  ${String(r.over50).padStart(5)}  ${String(p.fetches).padStart(9)}  ${b.task.toFixed(1)}% (${b.script.toFixed(1)}% / ${b.layout.toFixed(1)}%)`,
      );
    }
    console.log(
      `ratio live/idle: p50 ×${(live.p50 / idle.p50).toFixed(2)}, p95 ×${(live.p95 / idle.p95).toFixed(2)}, p99 ×${(live.p99 / idle.p99).toFixed(2)}`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
