/**
 * Two loop-3 pages that follow the server with no clock of their own, in chromium against the real
 * server on PostgreSQL (so the test can move a pulse's end into the past while the server runs):
 * - a pulse whose time runs out: the lead's open Numbers page shows its results, and the prompt
 *   leaves a teammate's page, on the sweeper's `pulse.closed`; a page that was offline at that
 *   moment drops the prompt when it comes back;
 * - a lead who has a running pair drill open sees each line as the players say it, and its end,
 *   without reloading and without polling (no read of the drill while nothing happens).
 */
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { runClockThenMark, signInPage } from "./browser.ts";
import {
  ADMIN,
  ApiSession,
  CHROMIUM_PATH,
  ensureWebBuilt,
  launchBrowser,
  startServer,
  type RunningServer,
} from "./harness.ts";
import { PASSWORD, PEOPLE, seedWorkspace, type Workspace } from "./seed.ts";

const hasChromium = existsSync(CHROMIUM_PATH);
const STEP_TIMEOUT_MS = 20_000;
/** A fifth teammate, so a pulse has the five answers it needs to show results. */
const NEWCOMER = { email: "noor@tagteam.test", name: "Noor Haddad" };
/** A sixth who leaves the prompt unanswered, on two pages: one online, one offline at the moment it closes. */
const QUIET = { email: "omar@tagteam.test", name: "Omar Farouk" };

const LINES: readonly (readonly ["customer" | "agent", string])[] = [
  ["customer", "Hi, I was charged twice for my order and I want a refund."],
  ["agent", "Sorry, sorry, I'm not sure, maybe it's a billing thing, it's not my fault."],
  ["customer", "I already told you I was charged twice! This is ridiculous, I'm really angry."],
  ["agent", "Well, that's our policy, there's nothing I can do about it."],
  ["customer", "You are useless. Get me a manager or I'm cancelling and calling my lawyer."],
];

describe.skipIf(!hasChromium)("pages that follow the server live, in chromium", () => {
  let pg: PostgresServer | null = null;
  let db: Store | null = null;
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  let ws: Workspace;

  beforeAll(async () => {
    pg = await startPostgresServer();
    if (pg === null) return;
    const url = await pg.createDatabase("live_closes");
    await ensureWebBuilt();
    // The sweeper passes twice a second here (every 10 s by default).
    server = await startServer({ DATABASE_URL: url, TAGTEAM_SWEEP_INTERVAL_MS: "500" });
    db = await openStore({ databaseUrl: url });
    browser = await launchBrowser();
    const admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
    ws = await seedWorkspace(admin);
    for (const p of [NEWCOMER, QUIET])
      await admin.call("POST", "/people", {
        email: p.email,
        name: p.name,
        role: "agent",
        password: PASSWORD,
        teamIds: [ws.teamId],
      });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
    await pg?.stop();
  });

  it("a pulse whose time runs out shows its results to the lead and leaves the teammates' pages", async (context) => {
    if (server === null || browser === null || db === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return;
    }
    const errors: string[] = [];
    const open = async (email: string, path: string): Promise<Page> => {
      const { page } = await signInPage(browser as Browser, (server as RunningServer).url, email, PASSWORD);
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(path);
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      return page;
    };
    const leadApi = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const { pulse } = await leadApi.call<{ pulse: { id: string } }>("POST", "/pulses", {
      teamId: ws.teamId,
      days: 1,
    });
    for (const [email, score] of [
      [PEOPLE.agent.email, 9],
      [PEOPLE.helper.email, 10],
      [PEOPLE.peer.email, 8],
      [NEWCOMER.email, 6],
      [PEOPLE.lead.email, 3],
    ] as const)
      await (
        await ApiSession.signIn(server.url, email, PASSWORD)
      ).call("POST", `/pulses/${pulse.id}/answers`, {
        score,
      });

    const lead = await open(PEOPLE.lead.email, "/numbers");
    const section = lead.getByRole("region", { name: "Employee pulse (eNPS)" });
    await section.getByText("5 of 6 answered").waitFor({ timeout: STEP_TIMEOUT_MS });
    const quiet = await open(QUIET.email, "/console");
    const prompt = quiet.getByRole("region", { name: /A quick, anonymous question/ });
    await prompt.waitFor({ timeout: STEP_TIMEOUT_MS });
    const away = await open(QUIET.email, "/console");
    const awayPrompt = away.getByRole("region", { name: /A quick, anonymous question/ });
    await awayPrompt.waitFor({ timeout: STEP_TIMEOUT_MS });
    await away.context().setOffline(true);
    await away
      .getByText("You are offline — reconnecting.", { exact: false })
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // Its time runs out: the pages read it as closing tomorrow, so only the server can tell them.
    await db.query(
      `UPDATE team_pulses SET opened_at = opened_at - interval '2 days', closes_at = now() - interval '1 second' WHERE id = $1`,
      [pulse.id],
    );
    await prompt.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    const table = section.getByRole("table", { name: "Past pulses" });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await table.getByRole("row").nth(1).getByRole("cell").allTextContents()).toEqual([
      "0",
      "5 / 6",
      "2",
      "1",
      "2",
    ]);
    await section.getByRole("button", { name: "Start a pulse" }).waitFor();
    // The page that was offline at that moment still shows it, until it is back.
    expect(await awayPrompt.isVisible()).toBe(true);
    await away.context().setOffline(false);
    await awayPrompt.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    expect(errors).toEqual([]);
    for (const p of [lead, quiet, away]) await p.context().close();
  }, 120_000);

  it("a lead with a running pair drill open sees each line and its end as they happen, with no polling", async (context) => {
    if (server === null || browser === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return;
    }
    const url = server.url;
    // A hard conversation, closed, made a scenario by the lead.
    let conversationId = "";
    for (const [i, [role, text]] of LINES.entries()) {
      const r = await fetch(`${url}/api/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
        body: JSON.stringify({
          senderMessageId: `watch-e2e-${i}`,
          conversationId: "watch-e2e",
          teamId: ws.teamId,
          role,
          text,
          topic: "billing",
          author: role === "agent" ? PEOPLE.agent.email : "Ola",
        }),
      });
      expect(r.status).toBe(200);
      conversationId = ((await r.json()) as { results: { conversationId: string }[] }).results[0]!
        .conversationId;
    }
    const leadApi = await ApiSession.signIn(url, PEOPLE.lead.email, PASSWORD);
    await leadApi.call("POST", `/conversations/${conversationId}/close`);
    const { scenario } = await leadApi.call<{ scenario: { id: string } }>("POST", "/practice/scenarios", {
      conversationId,
    });
    // Jon drills as the agent, Priya plays the customer.
    const trainee = await ApiSession.signIn(url, PEOPLE.peer.email, PASSWORD);
    const customer = await ApiSession.signIn(url, PEOPLE.helper.email, PASSWORD);
    const { session } = await trainee.call<{ session: { id: string } }>("POST", "/practice/sessions", {
      scenarioId: scenario.id,
      partnerId: ws.ids.helper,
    });

    // A fake clock (running on by itself) that the test can also move on at once.
    const { page } = await signInPage(browser, url, PEOPLE.lead.email, PASSWORD, "laptop", { clock: true });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const reads: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "GET" && r.url().endsWith(`/api/v1/practice/sessions/${session.id}`))
        reads.push(r.url());
    });
    await page.goto(`/practice/${session.id}`);
    const log = page.getByRole("log", { name: "Drill transcript" });
    await log.waitFor({ timeout: STEP_TIMEOUT_MS });
    // Quiet while nothing happens: no read of the drill on a timer. The transcript on screen is the
    // page's first read answered; then ten seconds of the page's time run at once (it polled every
    // 1.5 s), and a marker request after them shows every read they set off has been sent.
    const before = reads.length;
    expect(before).toBeGreaterThanOrEqual(1);
    await runClockThenMark(page, 10_000);
    expect(reads.length).toBe(before);

    await customer.call("POST", `/practice/sessions/${session.id}/lines`, {
      text: "I was charged twice for one order and nobody is fixing it.",
    });
    await log.getByText("I was charged twice for one order and nobody is fixing it.").waitFor({
      timeout: STEP_TIMEOUT_MS,
    });
    await trainee.call("POST", `/practice/sessions/${session.id}/lines`, {
      text: "I understand how frustrating that is. I'll refund the second charge today and email you by 5pm.",
    });
    await log.getByText(/I'll refund the second charge today/).waitFor({ timeout: STEP_TIMEOUT_MS });
    await customer.call("POST", `/practice/sessions/${session.id}/end`, { outcome: "satisfied" });
    await page.getByRole("region", { name: "Drill score" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Over: the lead may comment now, on the page they had open.
    await page.getByRole("form", { name: "Comment on this drill" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
