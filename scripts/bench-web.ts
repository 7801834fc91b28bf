/**
 * `npm run bench:web`: the floor with N live conversations (default 500) updating, in Debian's
 * chromium against the real server. Frame times come from requestAnimationFrame deltas inside the
 * page. Two phases in the same run: the floor idle (the reference) and the floor while messages
 * stream into random conversations; the report gives p50/p95/p99 of both and their ratio, plus
 * how many floor refetches the coalescing let through.
 *
 *   npm run bench:web -- [--conversations 500] [--seconds 10] [--rate 40]
 */
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
const SECONDS = arg("seconds", 10);
const RATE_PER_S = arg("rate", 40);
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
  return page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const deltas: number[] = [];
        let last = performance.now();
        const end = last + ms;
        const tick = (t: number) => {
          deltas.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else resolve(deltas);
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
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
  ensureWebBuilt();
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
    await page
      .locator("tbody tr")
      .nth(CONVERSATIONS - 1)
      .waitFor({ timeout: 60_000 });
    const rows = await page.locator("tbody tr").count();

    console.log(`phase 1: idle floor, ${SECONDS}s`);
    const fetchesBeforeIdle = floorFetches;
    const idle = summarize(await measureFrames(page, SECONDS));
    const idleFetches = floorFetches - fetchesBeforeIdle;

    console.log(`phase 2: ${RATE_PER_S} messages/s into random conversations, ${SECONDS}s`);
    let sent = 0;
    let stop = false;
    const driver = (async () => {
      const started = Date.now();
      while (!stop) {
        const due = Math.floor(((Date.now() - started) / 1000) * RATE_PER_S) - sent;
        if (due > 0) {
          const batch = Array.from({ length: due }, (_, k) =>
            message(ws, ((sent + k) * 7919) % CONVERSATIONS, (sent + k) % 2 === 0 ? "customer" : "agent"),
          );
          sent += due;
          await ingest(server.url, ws, batch);
        } else {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    })();
    const fetchesBeforeLive = floorFetches;
    const live = summarize(await measureFrames(page, SECONDS));
    stop = true;
    await driver;
    const liveFetches = floorFetches - fetchesBeforeLive;

    const fmt = (x: number) => x.toFixed(1).padStart(6);
    console.log("");
    console.log(
      `floor rows rendered: ${rows}; messages posted during phase 2: ${sent} (${(sent / SECONDS).toFixed(0)}/s)`,
    );
    console.log("phase        frames  p50 ms  p95 ms  p99 ms  max ms  >50ms  floor refetches");
    for (const [name, r, f] of [
      ["idle (ref)", idle, idleFetches],
      ["live", live, liveFetches],
    ] as const)
      console.log(
        `${name.padEnd(12)} ${String(r.frames).padStart(6)} ${fmt(r.p50)}  ${fmt(r.p95)}  ${fmt(r.p99)}  ${fmt(r.max)}  ${String(r.over50).padStart(5)}  ${String(f).padStart(15)}`,
      );
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
