/**
 * `npm run screenshots`: every page of the web app, at laptop (1366×768) and tablet (820×1180)
 * sizes, against the real server with a seeded workspace, into docs/screenshots/<page>-<size>.png.
 * `npm run screenshots -- --only admin-integrations,floor` takes only the pages named.
 * The alert webhook posts to a local receiver that refuses the escalation (a dead letter to show).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { VIEWPORTS, signInPage, type ViewportName } from "../test/e2e/browser.ts";
import {
  ADMIN,
  ApiSession,
  REPO_ROOT,
  ensureWebBuilt,
  launchBrowser,
  startServer,
} from "../test/e2e/harness.ts";
import {
  PASSWORD,
  PEOPLE,
  closeWithLoop2Material,
  importSample,
  postOutage,
  postScenarios,
  seedWorkspace,
  type Workspace,
} from "../test/e2e/seed.ts";
import { FakeReceiver } from "../test/server/fakeReceiver.ts";
import { DEMO_PASSWORD } from "../src/server/bootstrap.ts";

/** The demo workspace's lead and one of its agents (src/server/bootstrap.ts). */
const DEMO_LEAD = "lee.lead@demo.tagteam.local";
const DEMO_AGENT = "ana.agent@demo.tagteam.local";

const OUT_DIR = join(REPO_ROOT, "docs/screenshots");

interface Shot {
  name: string;
  /**
   * Phase 1 is before anyone steps in; phase 2 after a whisper, a takeover offer and an escalation;
   * phase 3 after that conversation closed (loop 2: debriefs, scorecard, feedback, knowledge);
   * phase 4 after five customers reported the same outage (the incident banner); phase 5 on a
   * second server with the demo workspace (its eight weeks of history: employee pulses).
   */
  phase: 1 | 2 | 3 | 4 | 5;
  as: keyof typeof PEOPLE | "admin" | "anonymous" | "customer" | "demoLead" | "demoAgent";
  path: (ctx: ShotContext) => string;
  /** Waits for the page to show its real content before the picture is taken. */
  ready: (page: Page) => Promise<unknown>;
  fullPage?: boolean;
  /** Opens the page some other way than by URL (the widget embedded in a customer's site). */
  open?: (page: Page, ctx: ShotContext, baseUrl: string) => Promise<void>;
}

interface ShotContext {
  ws: Workspace;
  conversationId: string;
  chatKey: string | null;
  helper: keyof typeof PEOPLE;
}

const SHOTS: Shot[] = [
  {
    name: "incident",
    phase: 4,
    as: "lead",
    path: () => "/floor",
    open: async (page) => {
      await page.goto("/floor");
      const banner = page.getByRole("region", { name: /Possible incident/ });
      await banner.getByRole("button", { name: "Conversations" }).click();
    },
    ready: (p) =>
      p.getByRole("list", { name: "Conversations reporting it" }).getByRole("link").nth(4).waitFor(),
  },
  {
    name: "signin",
    phase: 1,
    as: "anonymous",
    path: () => "/",
    ready: (p) => p.getByRole("button", { name: "Sign in" }).waitFor(),
  },
  {
    name: "floor",
    phase: 1,
    as: "lead",
    path: () => "/floor",
    ready: (p) => p.locator("tbody tr").first().waitFor(),
  },
  {
    name: "conversation",
    phase: 2,
    as: "lead",
    path: (c) => `/conversations/${c.conversationId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
    fullPage: true,
  },
  {
    name: "alerts",
    phase: 1,
    as: "helper",
    path: () => "/alerts",
    ready: (p) => p.locator("article[data-alert-id] h2", { hasText: "with Sam Ortiz" }).first().waitFor(),
  },
  {
    name: "console",
    phase: 2,
    as: "agent",
    path: (c) => `/console/${c.conversationId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
    fullPage: true,
  },
  {
    name: "escalations",
    phase: 2,
    as: "lead",
    path: () => "/escalations",
    ready: (p) => p.getByRole("table", { name: "Escalation queue" }).waitFor(),
  },
  {
    name: "admin-people",
    phase: 1,
    as: "admin",
    path: () => "/admin/people",
    ready: (p) => p.getByRole("table", { name: "People" }).waitFor(),
  },
  {
    name: "admin-teams",
    phase: 1,
    as: "admin",
    path: () => "/admin/teams",
    ready: (p) => p.getByRole("table", { name: "Teams" }).waitFor(),
  },
  {
    name: "admin-topics",
    phase: 1,
    as: "admin",
    path: () => "/admin/topics",
    ready: (p) => p.getByRole("table", { name: "Topics" }).waitFor(),
  },
  {
    name: "admin-protocol",
    phase: 1,
    as: "admin",
    path: () => "/admin/protocol",
    ready: (p) => p.getByRole("button", { name: "Save protocol" }).waitFor(),
  },
  {
    name: "admin-thresholds",
    phase: 1,
    as: "admin",
    path: () => "/admin/thresholds",
    ready: (p) => p.getByRole("button", { name: "Save thresholds" }).waitFor(),
  },
  {
    name: "admin-knowledge",
    phase: 1,
    as: "admin",
    path: () => "/admin/knowledge",
    ready: (p) => p.getByRole("table", { name: "Knowledge facts" }).waitFor(),
  },
  {
    name: "account",
    phase: 1,
    as: "agent",
    path: () => "/account",
    // Signed in here and on a phone (the other viewport's earlier sign-in signed out first), so
    // "Where you're signed in" lists two sessions.
    open: async (page, _ctx, baseUrl) => {
      await page.goto("/account");
      await page.evaluate(() => fetch("/api/v1/me/sessions/revoke-others", { method: "POST" }));
      const phone = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent":
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        },
        body: JSON.stringify({ email: PEOPLE.agent.email, password: PASSWORD }),
      });
      if (!phone.ok) throw new Error(`phone sign-in: ${phone.status}`);
      await page.reload();
    },
    ready: async (p) => {
      await p.getByRole("form", { name: "Change your password" }).waitFor();
      await p.getByRole("table", { name: "Where you're signed in" }).getByText("Safari on iPhone").waitFor();
    },
    fullPage: true,
  },
  {
    name: "admin-tokens",
    phase: 1,
    as: "admin",
    path: () => "/admin/tokens",
    ready: (p) => p.getByRole("table", { name: "API tokens" }).waitFor(),
  },
  {
    name: "admin-retention",
    phase: 1,
    as: "admin",
    path: () => "/admin/retention",
    ready: (p) => p.getByRole("button", { name: "Save retention" }).waitFor(),
  },
  {
    name: "admin-integrations",
    phase: 2,
    as: "admin",
    path: () => "/admin/integrations",
    ready: (p) => p.getByRole("button", { name: /^Send again/ }).waitFor(),
  },
  {
    name: "widget",
    phase: 1,
    as: "customer",
    path: (c) =>
      `/widget.html?key=${encodeURIComponent(c.chatKey ?? "")}&title=${encodeURIComponent("Chat with Acme support")}`,
    ready: (p) => p.getByRole("button", { name: "Start chat" }).waitFor(),
  },
  {
    name: "widget-embedded",
    phase: 2,
    as: "customer",
    path: () => "/",
    open: async (page, ctx, baseUrl) => {
      // A customer's own site with the snippet from Admin → Teams; the chat opens in an iframe.
      await page.goto(`${baseUrl}/healthz`);
      await page.setContent(
        `<!doctype html><html><body style="font-family:system-ui;margin:0;background:#fafaf7">
          <header style="padding:18px 32px;background:#fff;border-bottom:1px solid #eee"><strong>Acme Outdoor</strong></header>
          <main style="padding:32px"><h1>Trail boots</h1><p>Free returns within 30 days of delivery.</p></main>
          <script src="${baseUrl}/embed.js" data-chat-key="${ctx.chatKey ?? ""}" data-title="Chat with Acme support"></script>
        </body></html>`,
      );
      await page.getByRole("button", { name: "Chat with Acme support" }).click();
      const chat = page.frameLocator('iframe[title="Chat with Acme support"]');
      await chat.getByLabel("Your name").fill("Ravi Menon");
      await chat
        .getByLabel("How can we help?")
        .fill("Hi! Can I still return boots that arrived 25 days ago?");
      await chat.getByRole("button", { name: "Start chat" }).click();
      await chat.getByRole("log", { name: "Conversation" }).getByText("arrived 25 days ago").waitFor();
    },
    ready: (p) => p.frameLocator("iframe").getByLabel("Your message").waitFor(),
  },
  ...LOOP2_SHOTS(),
  ...LOOP3_SHOTS(),
  ...PULSE_SHOTS(),
];

/**
 * Employee pulses, on the demo workspace (a pulse needs five answers to show anything, and a chart
 * needs weeks of them): the lead's section with a pulse open and the past ones, the agent's prompt.
 */
function PULSE_SHOTS(): Shot[] {
  return [
    {
      name: "numbers-pulses",
      phase: 5,
      as: "demoLead",
      path: () => "/numbers",
      open: async (page) => {
        await page.goto("/numbers");
        const section = page.getByRole("region", { name: "Employee pulse (eNPS)" });
        await section.locator(".pulse-chart canvas").waitFor();
        await section.evaluate((el) => el.scrollIntoView({ block: "start" }));
      },
      ready: (p) => p.getByText(/of 5 answered/).waitFor(),
    },
    {
      name: "pulse-prompt",
      phase: 5,
      as: "demoAgent",
      path: () => "/console",
      ready: async (p) => {
        await p
          .getByRole("group", { name: "How likely are you to recommend working on this team to a friend?" })
          .waitFor();
        await p.getByText("Loading…").waitFor({ state: "detached" });
      },
    },
  ];
}

/** Loop 3's pages (growing the team), from the same day's conversations. */
function LOOP3_SHOTS(): Shot[] {
  return [
    {
      name: "huddles",
      phase: 3,
      as: "lead",
      path: () => "/huddles",
      ready: (p) =>
        p
          .getByRole("region", { name: "After the shift: huddle (15 minutes)" })
          .getByRole("form")
          .first()
          .waitFor(),
      fullPage: true,
    },
    {
      name: "numbers",
      phase: 3,
      as: "lead",
      path: () => "/numbers",
      ready: (p) => p.locator(".numbers-card canvas").first().waitFor(),
      fullPage: true,
    },
    {
      name: "skill-map",
      phase: 3,
      as: "lead",
      path: (c) => `/skills?person=${c.ws.ids.agent}`,
      ready: (p) => p.getByRole("table", { name: `Skills of ${PEOPLE.agent.name}` }).waitFor(),
      fullPage: true,
    },
    {
      name: "practice",
      phase: 3,
      as: "lead",
      path: () => "/practice",
      ready: (p) => p.getByRole("list", { name: "Suggested conversations" }).waitFor(),
      fullPage: true,
    },
    {
      // A drill on the stepped-in conversation, made a scenario: one reply that lands, one that misses.
      name: "practice-drill",
      phase: 3,
      as: "lead",
      path: () => "/practice",
      open: async (page) => {
        await page.goto("/practice");
        const made = page
          .getByRole("list", { name: "Practice scenarios" })
          .getByRole("button", { name: /Start a drill/ });
        // The first viewport makes the scenario; the next ones find it made.
        await made.first().or(page.getByText("No scenarios yet")).first().waitFor();
        if ((await made.count()) === 0) {
          await page
            .getByRole("list", { name: "Suggested conversations" })
            .getByRole("button", { name: "Make a scenario" })
            .first()
            .click();
        }
        await made.first().click();
        await page.waitForURL(/\/practice\/[0-9a-f-]{36}$/);
        const log = page.getByRole("log", { name: "Drill transcript" });
        const box = page.getByLabel("Your reply to the customer");
        await box.fill(
          "I understand how frustrating that is. So the return was refused even though it's within the window. I'll approve it now and email you the label by 5pm today.",
        );
        await box.press("Enter");
        await log.getByText("Landed: the customer calms").waitFor();
        await box.fill("Sorry, sorry, I'm not sure, maybe the warehouse messed it up.");
        await box.press("Enter");
        await log.getByText("Missed: the customer escalates").waitFor();
      },
      ready: (p) => p.getByRole("log", { name: "Drill transcript" }).waitFor(),
      fullPage: true,
    },
  ];
}

/** Loop 2's pages (after the conversation), taken once the stepped-in conversation has closed. */
function LOOP2_SHOTS(): Shot[] {
  return [
    {
      name: "debriefs",
      phase: 3,
      as: "agent",
      path: () => "/debriefs",
      ready: (p) => p.getByRole("form", { name: /Agent debrief/ }).waitFor(),
      fullPage: true,
    },
    {
      name: "feedback-composer",
      phase: 3,
      as: "helper",
      path: () => "/feedback",
      open: async (page) => {
        await page.goto("/feedback");
        const composer = page.getByRole("form", { name: "Write feedback" });
        await composer.getByRole("combobox", { name: /^To/ }).selectOption({ label: PEOPLE.agent.name });
        await composer.getByLabel(/^Feedback/).fill("You're lazy and you never listen to customers.");
      },
      ready: (p) => p.getByRole("region", { name: "Suggested rewrite" }).waitFor(),
    },
    {
      name: "journal",
      phase: 3,
      as: "helper",
      path: () => "/journal",
      ready: (p) => p.getByRole("list", { name: "Journal entries" }).waitFor(),
    },
    {
      name: "knowledge",
      phase: 3,
      as: "lead",
      path: () => "/knowledge",
      ready: (p) =>
        p
          .getByRole("article", { name: /Insight \(draft\)/ })
          .first()
          .waitFor(),
      fullPage: true,
    },
    {
      name: "scorecard",
      phase: 3,
      as: "lead",
      path: (c) => `/qa/${c.conversationId}`,
      ready: (p) => p.getByRole("table", { name: "Scorecard items" }).waitFor(),
      fullPage: true,
    },
    {
      name: "conversations",
      phase: 3,
      as: "lead",
      path: () => "/conversations",
      ready: (p) =>
        p
          .getByRole("table", { name: "Conversations" })
          .getByText(/closed/)
          .first()
          .waitFor(),
    },
    {
      name: "follow-ups",
      phase: 3,
      as: "lead",
      path: () => "/follow-ups",
      ready: (p) => p.locator("main h1").waitFor(),
    },
    {
      name: "exports",
      phase: 3,
      as: "admin",
      path: () => "/exports",
      ready: (p) => p.getByRole("table", { name: "Exports" }).waitFor(),
    },
    {
      name: "import",
      phase: 3,
      as: "lead",
      path: () => "/exports",
      open: async (page) => {
        await page.goto("/exports");
        await page.getByLabel("Transcript file").setInputFiles({
          name: "helpdesk-export.jsonl",
          mimeType: "application/x-ndjson",
          buffer: Buffer.from(importSample()),
        });
      },
      ready: (p) => p.getByRole("table", { name: "Problems in the file" }).waitFor(),
      fullPage: true,
    },
    {
      name: "import-csv",
      phase: 3,
      as: "lead",
      path: () => "/exports",
      open: async (page) => {
        await page.goto("/exports");
        await page.getByLabel("Transcript file").setInputFiles({
          name: "zendesk-comments.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(IMPORT_CSV_SAMPLE()),
        });
      },
      ready: (p) => p.getByRole("group", { name: "CSV columns" }).waitFor(),
      fullPage: true,
    },
  ];
}

/** A helpdesk's CSV export, one row per comment; its "Who" column is not a name tagteam knows. */
function IMPORT_CSV_SAMPLE(): string {
  const yesterday = Date.now() - 26 * 3_600_000;
  const at = (minutes: number) => new Date(yesterday + minutes * 60_000).toISOString();
  return [
    "Ticket ID,Created At,Who,Author Name,Comment,Subject",
    `88301,${at(0)},end-user,Rosa Delgado,"My order arrived with a cracked screen, what now?",Cracked screen`,
    `88302,${at(1)},end-user,Tom Ellis,Can I change my delivery address?,Address change`,
    `88301,${at(3)},agent,sam@acme.test,"I'm sorry! I've sent you a prepaid return label.",`,
    `88302,${at(4)},agent,sam@acme.test,"Yes, I've updated it.",`,
  ].join("\r\n");
}

async function pageFor(
  browser: Browser,
  baseUrl: string,
  who: Shot["as"],
  viewport: ViewportName,
  ctx: ShotContext,
): Promise<Page> {
  if (who === "anonymous" || who === "customer") {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], baseURL: baseUrl });
    return context.newPage();
  }
  if (who === "demoLead" || who === "demoAgent") {
    const email = who === "demoLead" ? DEMO_LEAD : DEMO_AGENT;
    return (await signInPage(browser, baseUrl, email, DEMO_PASSWORD, viewport)).page;
  }
  const person = who === "helper" ? ctx.helper : who;
  const cred = person === "admin" ? ADMIN : { email: PEOPLE[person].email, password: PASSWORD };
  return (await signInPage(browser, baseUrl, cred.email, cred.password, viewport)).page;
}

/** A mistake in the command line: said in one line, without a stack. */
class UsageError extends Error {}

/** `--only a,b`: the shots named (every one without it); an unknown name is an error naming the known ones. */
function chosenShots(argv: readonly string[]): ReadonlySet<string> {
  const all = new Set(SHOTS.map((s) => s.name));
  const at = argv.indexOf("--only");
  if (at === -1) return all;
  const names = (argv[at + 1] ?? "").split(",").filter((n) => n !== "");
  const unknown = names.filter((n) => !all.has(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--only needs shot names separated by commas${unknown.length > 0 ? `; unknown: ${unknown.join(", ")}` : ""}. Known: ${[...all].join(", ")}`,
    );
  }
  return new Set(names);
}

/** The escalation the alert webhook's receiver refuses, so Admin → Integrations has a dead letter. */
const REFUSED_ESCALATION = "Third call about a missing refund; she needs someone who can issue it today.";

async function main(): Promise<void> {
  const chosen = chosenShots(process.argv.slice(2));
  await ensureWebBuilt();
  mkdirSync(OUT_DIR, { recursive: true });
  // Stands in for a Slack-style incoming webhook: accepts every post but the escalation's (a 404).
  const webhook = new FakeReceiver();
  await webhook.start();
  webhook.answerFor = (body) =>
    typeof body === "object" &&
    body !== null &&
    String((body as { text?: unknown }).text).includes(REFUSED_ESCALATION)
      ? 404
      : undefined;
  const server = await startServer({ TAGTEAM_ALERT_WEBHOOK_URL: webhook.url("/hook") });
  const browser = await launchBrowser();
  try {
    const admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
    const ws = await seedWorkspace(admin);
    await postScenarios(server.url, ws, PEOPLE.agent.email);
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const { conversations } = await lead.call<{ conversations: { id: string; externalId: string }[] }>(
      "GET",
      "/conversations",
    );
    const hot = conversations.find((c) => c.externalId === "hd-1001");
    if (hot === undefined) throw new Error("the seeded conversation hd-1001 is not on the floor");
    const chatKey = await findChatKey(admin, ws.teamId);
    const { alerts } = await admin.call<{
      alerts: { id: string; helperId: string | null; conversationId: string }[];
    }>("GET", "/alerts?scope=team");
    const alert = alerts.find((a) => a.conversationId === hot.id && a.helperId !== null);
    const helper = (Object.keys(ws.ids) as (keyof typeof PEOPLE)[]).find(
      (k) => ws.ids[k] === alert?.helperId,
    );
    if (alert === undefined || helper === undefined) throw new Error("no alert was routed for hd-1001");
    const ctx: ShotContext = { ws, conversationId: hot.id, chatKey, helper };

    await takeShots(browser, server.url, ctx, 1, chosen);
    // Step in as the alerted helper: a whisper and a takeover offer; and escalate another conversation.
    const helperApi = await ApiSession.signIn(server.url, PEOPLE[helper].email, PASSWORD);
    await helperApi.call("POST", `/conversations/${hot.id}/step-in`, {
      kind: "whisper",
      alertId: alert.id,
      text: "Confirm the 30-day return window in her words, then offer the prepaid label.",
    });
    await helperApi.call("POST", `/conversations/${hot.id}/step-in`, {
      kind: "takeover_offer",
      alertId: alert.id,
    });
    const refund = conversations.find((c) => c.externalId === "hd-1005");
    if (refund !== undefined) {
      const agentApi = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
      await agentApi.call("POST", `/conversations/${refund.id}/escalate`, { reason: REFUSED_ESCALATION });
      await waitForDeadLetter(admin);
    }
    await takeShots(browser, server.url, ctx, 2, chosen);
    await closeWithLoop2Material(server.url, ctx.conversationId, ctx.helper);
    await takeShots(browser, server.url, ctx, 3, chosen);
    await postOutage(server.url, ws);
    await takeShots(browser, server.url, ctx, 4, chosen);
    if (SHOTS.some((s) => s.phase === 5 && chosen.has(s.name))) await takeDemoShots(browser, ctx, chosen);
  } finally {
    await browser.close();
    await server.stop();
    await webhook.stop();
  }
}

/**
 * Phase 5, on a second server with the demo workspace: its lead opens a pulse and two of its agents
 * answer, so the section shows one open beside eight weeks of past ones; Ana has not answered yet.
 */
async function takeDemoShots(browser: Browser, ctx: ShotContext, chosen: ReadonlySet<string>): Promise<void> {
  const demo = await startServer({ TAGTEAM_DEMO: "workspace" });
  try {
    const lead = await ApiSession.signIn(demo.url, DEMO_LEAD, DEMO_PASSWORD);
    const { teams } = await lead.call<{ teams: { id: string }[] }>("GET", "/teams");
    const teamId = teams[0]?.id;
    if (teamId === undefined) throw new Error("the demo has no team");
    const { pulse } = await lead.call<{ pulse: { id: string } }>("POST", "/pulses", { teamId, days: 3 });
    for (const [email, score] of [
      ["ben.agent@demo.tagteam.local", 9],
      ["cho.agent@demo.tagteam.local", 8],
    ] as const) {
      const agent = await ApiSession.signIn(demo.url, email, DEMO_PASSWORD);
      await agent.call("POST", `/pulses/${pulse.id}/answers`, { score });
    }
    await takeShots(browser, demo.url, ctx, 5, chosen);
  } finally {
    await demo.stop();
  }
}

/** The refused escalation becomes a dead letter just after its commit. */
async function waitForDeadLetter(admin: ApiSession): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { deadLetters } = await admin.call<{ deadLetters: unknown[] }>("GET", "/admin/deliveries");
    if (deadLetters.length > 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the refused escalation did not become a dead letter");
}

async function takeShots(
  browser: Browser,
  baseUrl: string,
  ctx: ShotContext,
  phase: Shot["phase"],
  chosen: ReadonlySet<string>,
): Promise<void> {
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    for (const shot of SHOTS.filter((s) => s.phase === phase && chosen.has(s.name))) {
      const page = await pageFor(browser, baseUrl, shot.as, viewport, ctx);
      if (shot.open !== undefined) await shot.open(page, ctx, baseUrl);
      else await page.goto(shot.path(ctx));
      await shot.ready(page);
      await page.evaluate(() => document.fonts.ready);
      const file = join(OUT_DIR, `${shot.name}-${viewport}.png`);
      await page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
      console.log(`wrote ${file}`);
      await page.context().close();
    }
  }
}

/** The team's public chat key, if the server exposes one. */
async function findChatKey(admin: ApiSession, teamId: string): Promise<string | null> {
  const { teams } = await admin.call<{ teams: { id: string; chatKey?: string }[] }>("GET", "/teams");
  return teams.find((t) => t.id === teamId)?.chatKey ?? null;
}

main().catch((e: unknown) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
