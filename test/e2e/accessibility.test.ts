/**
 * Accessibility in chromium: axe-core's WCAG 2 A and AA rules on every main page, signed in as the
 * role that uses it (and as the other role where the page differs by role), with a realistic
 * workspace (live conversations, an alert acted on, a takeover offer, an escalation, a closed
 * conversation with its debriefs, scorecard and insight), plus the sign-in page, the welcome page of
 * a one-time sign-in link and the customer chat widget, at laptop, tablet and phone size: 320 px
 * wide, where no page may scroll sideways (a wide table scrolls inside its panel instead, as a named
 * region the keyboard can reach), and as a laptop zoomed to 200 % (683 × 384): every page of the
 * router (App.tsx), for each role it shows differently (a lead, an agent, an admin).
 * Serious and critical violations fail the test; the report names the page, the rule, its impact and
 * the failing elements, and for sideways scrolling the elements that stick out. Then a keyboard: the
 * skip link, the page's title and focus after navigating, the admin tabs' arrow keys; an agent
 * answering a takeover offer and a lead taking on an escalation with the keyboard alone; the
 * Numbers charts read point by point with the arrow keys.
 */
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { VIEWPORTS } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN, ApiSession, CHROMIUM_PATH } from "./harness.ts";
import {
  PASSWORD,
  PEOPLE,
  closeWithLoop2Material,
  importSample,
  postOutage,
  type PersonKey,
  type Workspace,
} from "./seed.ts";

if (!hasChromium)
  console.warn(`skipping the browser tests: ${CHROMIUM_PATH} is missing (apt-get install chromium)`);

/** WCAG 2.0, 2.1 and 2.2 levels A and AA, and axe's best practices (landmarks, headings, …). */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
/**
 * The laptop and tablet sizes, a phone 320 px wide (WCAG 1.4.10's reflow width: a phone, or a laptop
 * zoomed to 400 %), and the laptop zoomed to 200 % (half its width and height in CSS pixels), for
 * every page.
 */
const SIZES = {
  ...VIEWPORTS,
  phone: { width: 320, height: 640 },
  zoomed: { width: VIEWPORTS.laptop.width / 2, height: VIEWPORTS.laptop.height / 2 },
} as const;
type Size = keyof typeof SIZES;

const AXE_SOURCE: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/** "helper" is whoever the engine alerted about hd-1001. */
type Who = PersonKey | "admin" | "anonymous" | "customer" | "helper";

interface PageCheck {
  name: string;
  /**
   * "raised": conversations are live and alerts raised; "live": after the helper whispered, offered
   * to take over and an escalation was made; "after": once the stepped-in conversation has closed.
   */
  phase: "raised" | "live" | "after" | "incident";
  as: Who;
  path: (c: Ctx) => string;
  /** Waits for the real content (not a loading state) before axe runs. */
  ready: (page: Page) => Promise<unknown>;
  /** Does something on the page first (fills a form, opens a preview). */
  act?: (page: Page) => Promise<unknown>;
  /** Rules that cannot apply to this one page, each with the reason. */
  skipRules?: Record<string, string>;
}

interface Ctx {
  hotId: string;
  refundId: string;
  alertId: string;
  ws: Workspace;
  chatKey: string;
  helper: PersonKey;
  /** A one-time sign-in link's page (/welcome/…), for a person the admin added without a password. */
  welcomePath: string;
  /** The agent's drills on a scenario made from hd-1001 once it closed ("after"): one going, one ended. */
  drillId: string;
  endedDrillId: string;
  /**
   * The day (YYYY-MM-DD, the browser's time zone, as the huddles page reads it) of hd-1001's last
   * line: the huddle opened on it, not on today, which a run crossing midnight has left behind.
   */
  day: string;
}

interface Violation {
  page: string;
  phase: PageCheck["phase"];
  id: string;
  impact: string | null;
  help: string;
  /** Each failing element's selector, with axe's reason (e.g. the colours and their contrast). */
  targets: string[];
}

/** The page's heading is there and nothing on it is still loading. */
async function settled(page: Page, heading: string): Promise<void> {
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
  await page.waitForFunction(() => !(document.querySelector("main")?.textContent ?? "").includes("Loading"));
}

const CHECKS: PageCheck[] = [
  {
    name: "sign-in",
    phase: "raised",
    as: "anonymous",
    path: () => "/",
    ready: (p) => p.getByRole("button", { name: "Sign in" }).waitFor(),
  },
  {
    name: "welcome",
    phase: "raised",
    as: "anonymous",
    path: (c) => c.welcomePath,
    ready: (p) => p.getByRole("heading", { name: /^Welcome to tagteam/ }).waitFor(),
    // With the form's error showing: a password too short.
    act: async (p) => {
      await p.getByLabel("New password").fill("short one");
      await p.getByLabel("The same password again").fill("short one");
      await p.getByRole("button", { name: "Set password and sign in" }).click();
      await p.getByRole("alert").waitFor();
    },
  },
  {
    name: "floor",
    phase: "raised",
    as: "lead",
    path: () => "/floor",
    ready: (p) => p.locator("tbody tr").first().waitFor(),
  },
  {
    name: "floor (agent)",
    phase: "raised",
    as: "agent",
    path: () => "/floor",
    ready: (p) => p.locator("tbody tr").first().waitFor(),
  },
  {
    // With the setup checklist above the floor.
    name: "floor (admin)",
    phase: "raised",
    as: "admin",
    path: () => "/floor",
    ready: (p) => p.locator("tbody tr").first().waitFor(),
  },
  {
    name: "alerts (lead)",
    phase: "raised",
    as: "lead",
    path: () => "/alerts",
    ready: (p) => settled(p, "Alerts for me"),
  },
  {
    name: "alerts (whole team)",
    phase: "raised",
    as: "lead",
    path: () => "/alerts?scope=team",
    ready: (p) => settled(p, "Alerts for me"),
  },
  {
    // The outcomes table with its links to tune a threshold.
    name: "alerts (whole team, admin)",
    phase: "raised",
    as: "admin",
    path: () => "/alerts?scope=team",
    ready: (p) => settled(p, "Alerts for me"),
  },
  {
    name: "conversation",
    phase: "live",
    as: "lead",
    path: (c) => `/conversations/${c.hotId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
  },
  {
    name: "alerts",
    phase: "raised",
    as: "helper",
    path: () => "/alerts",
    ready: (p) => p.locator("article[data-alert-id]").first().waitFor(),
  },
  {
    name: "console",
    phase: "live",
    as: "agent",
    path: (c) => `/console/${c.hotId}`,
    ready: async (p) => {
      await p.locator(".transcript .msg").first().waitFor();
      await p.getByRole("alertdialog", { name: /offers to take over/ }).waitFor();
    },
  },
  {
    name: "conversation (escalating)",
    phase: "live",
    as: "lead",
    path: (c) => `/conversations/${c.hotId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
    act: async (p) => {
      await p.getByRole("button", { name: "Escalate…" }).click();
      await p.getByLabel(/Why escalate/).fill("Customer asked for a manager.");
    },
  },
  {
    name: "conversation (whispering)",
    phase: "live",
    as: "helper",
    path: (c) => `/conversations/${c.hotId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
    act: async (p) => {
      await p.getByRole("button", { name: "Whisper…" }).click();
      await p.getByLabel(/Whisper to the agent/).fill("Confirm the 30-day window first.");
    },
  },
  {
    name: "escalations",
    phase: "live",
    as: "lead",
    path: () => "/escalations",
    ready: (p) => p.getByRole("table", { name: "Escalation queue" }).waitFor(),
  },
  {
    name: "my console",
    phase: "live",
    as: "agent",
    path: () => "/console",
    ready: (p) => settled(p, "My console"),
  },
  {
    name: "my console (lead)",
    phase: "live",
    as: "lead",
    path: () => "/console",
    ready: (p) => settled(p, "My console"),
  },
  {
    name: "conversation (agent)",
    phase: "live",
    as: "agent",
    path: (c) => `/conversations/${c.hotId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
  },
  {
    // With the admin's erase.
    name: "conversation (admin)",
    phase: "live",
    as: "admin",
    path: (c) => `/conversations/${c.hotId}`,
    ready: (p) => p.locator(".transcript .msg").first().waitFor(),
  },
  {
    name: "widget",
    phase: "raised",
    as: "customer",
    path: (c) => `/widget.html?key=${encodeURIComponent(c.chatKey)}`,
    ready: (p) => p.getByRole("button", { name: "Start chat" }).waitFor(),
  },
  {
    name: "widget (chatting)",
    phase: "raised",
    as: "customer",
    path: (c) => `/widget.html?key=${encodeURIComponent(c.chatKey)}`,
    ready: (p) => p.getByRole("button", { name: "Start chat" }).waitFor(),
    act: async (p) => {
      await p.getByLabel("Your name").fill("Ravi Menon");
      await p.getByLabel("How can we help?").fill("Can I still return boots that arrived 25 days ago?");
      await p.getByRole("button", { name: "Start chat" }).click();
      await p.getByRole("log", { name: "Conversation" }).getByText("arrived 25 days ago").waitFor();
    },
  },
  {
    name: "debriefs",
    phase: "after",
    as: "agent",
    path: () => "/debriefs",
    ready: (p) => p.getByRole("form", { name: /Agent debrief/ }).waitFor(),
  },
  {
    name: "feedback",
    phase: "after",
    as: "helper",
    path: () => "/feedback",
    ready: (p) => p.getByRole("form", { name: "Write feedback" }).waitFor(),
  },
  {
    name: "feedback (composing)",
    phase: "after",
    as: "helper",
    path: () => "/feedback",
    ready: (p) => p.getByRole("form", { name: "Write feedback" }).waitFor(),
    act: async (p) => {
      const composer = p.getByRole("form", { name: "Write feedback" });
      await composer.getByRole("combobox", { name: /^To/ }).selectOption({ label: PEOPLE.agent.name });
      await composer.getByLabel(/^Feedback/).fill("You're lazy and you never listen to customers.");
      await p.getByRole("region", { name: "Suggested rewrite" }).waitFor();
    },
  },
  {
    name: "journal",
    phase: "after",
    as: "helper",
    path: () => "/journal",
    ready: (p) => p.getByRole("list", { name: "Journal entries" }).waitFor(),
  },
  {
    name: "knowledge",
    phase: "after",
    as: "lead",
    path: () => "/knowledge",
    ready: (p) =>
      p
        .getByRole("article", { name: /Insight \(draft\)/ })
        .first()
        .waitFor(),
  },
  {
    name: "scorecards",
    phase: "after",
    as: "lead",
    path: () => "/qa",
    ready: (p) => p.locator("main h1").waitFor(),
  },
  {
    name: "scorecard",
    phase: "after",
    as: "lead",
    path: (c) => `/qa/${c.hotId}`,
    ready: (p) => p.getByRole("table", { name: "Scorecard items" }).waitFor(),
  },
  {
    // The agent's own card, with its dispute.
    name: "scorecard (agent)",
    phase: "after",
    as: "agent",
    path: (c) => `/qa/${c.hotId}`,
    ready: (p) => p.getByRole("table", { name: "Scorecard items" }).waitFor(),
  },
  {
    name: "follow-ups",
    phase: "after",
    as: "lead",
    path: () => "/follow-ups",
    ready: (p) => p.locator("main h1").waitFor(),
  },
  {
    name: "conversations",
    phase: "after",
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
    name: "import & export",
    phase: "after",
    as: "admin",
    path: () => "/exports",
    ready: (p) => p.getByRole("table", { name: "Exports" }).waitFor(),
  },
  {
    name: "import preview",
    phase: "after",
    as: "lead",
    path: () => "/exports",
    ready: (p) => p.getByLabel("Transcript file").waitFor(),
    act: async (p) => {
      await p.getByLabel("Transcript file").setInputFiles({
        name: "helpdesk-export.jsonl",
        mimeType: "application/x-ndjson",
        buffer: Buffer.from(importSample()),
      });
      await p.getByRole("table", { name: "Problems in the file" }).waitFor();
    },
  },
  ...(
    [
      "people",
      "teams",
      "topics",
      "protocol",
      "thresholds",
      "knowledge",
      "tokens",
      "integrations",
      "audit",
      "retention",
      "backup",
    ] as const
  ).map((tab): PageCheck => ({
    name: `admin: ${tab}`,
    phase: "after",
    as: "admin",
    path: () => `/admin/${tab}`,
    ready: (p) => p.getByRole("tab", { name: /./, selected: true }).waitFor(),
  })),
  {
    name: "conversations (agent)",
    phase: "after",
    as: "agent",
    path: () => "/conversations",
    ready: (p) =>
      p
        .getByRole("table", { name: "Conversations" })
        .getByText(/closed/)
        .first()
        .waitFor(),
  },
  {
    name: "debriefs (lead)",
    phase: "after",
    as: "lead",
    path: () => "/debriefs",
    ready: (p) => settled(p, "Debriefs"),
  },
  {
    name: "knowledge (agent)",
    phase: "after",
    as: "agent",
    path: () => "/knowledge",
    ready: (p) => settled(p, "Knowledge"),
  },
  {
    name: "knowledge (admin)",
    phase: "after",
    as: "admin",
    path: () => "/knowledge",
    ready: (p) => settled(p, "Knowledge"),
  },
  {
    name: "scorecards (agent)",
    phase: "after",
    as: "agent",
    path: () => "/qa",
    ready: (p) => settled(p, "Scorecards"),
  },
  {
    name: "follow-ups (agent)",
    phase: "after",
    as: "agent",
    path: () => "/follow-ups",
    ready: (p) => settled(p, "Follow-ups"),
  },
  {
    name: "numbers",
    phase: "after",
    as: "lead",
    path: () => "/numbers",
    ready: (p) => settled(p, "Numbers"),
  },
  {
    name: "my numbers",
    phase: "after",
    as: "agent",
    path: () => "/my-numbers",
    ready: (p) => settled(p, "My numbers"),
  },
  {
    name: "agents' numbers",
    phase: "after",
    as: "lead",
    path: () => "/my-numbers",
    ready: (p) => settled(p, "Agents' numbers"),
  },
  {
    name: "skill map",
    phase: "after",
    as: "lead",
    path: () => "/skills",
    ready: (p) => settled(p, "Skill map"),
  },
  {
    name: "skill map (agent)",
    phase: "after",
    as: "agent",
    path: () => "/skills",
    ready: (p) => settled(p, "Skill map"),
  },
  {
    name: "practice",
    phase: "after",
    as: "agent",
    path: () => "/practice",
    ready: (p) => settled(p, "Practice"),
  },
  {
    name: "practice (lead)",
    phase: "after",
    as: "lead",
    path: () => "/practice",
    ready: (p) => settled(p, "Practice"),
  },
  {
    name: "drill",
    phase: "after",
    as: "agent",
    path: (c) => `/practice/${c.drillId}`,
    ready: (p) => p.getByRole("form", { name: "Your reply" }).waitFor(),
  },
  {
    // Ended: the score, and the lead's comment form.
    name: "drill (ended, lead)",
    phase: "after",
    as: "lead",
    path: (c) => `/practice/${c.endedDrillId}`,
    ready: (p) => p.getByRole("form", { name: "Comment on this drill" }).waitFor(),
  },
  {
    name: "huddles (agent)",
    phase: "after",
    as: "agent",
    path: () => "/huddles",
    ready: (p) => settled(p, "Huddles"),
  },
  {
    name: "huddles",
    phase: "after",
    as: "lead",
    path: (c) => `/huddles?date=${c.day}`,
    ready: (p) =>
      p
        .getByRole("region", { name: "After the shift: huddle (15 minutes)" })
        .getByRole("list")
        .first()
        .waitFor(),
  },
  {
    name: "account",
    phase: "after",
    as: "agent",
    path: () => "/account",
    ready: (p) => p.getByRole("form", { name: "Change your password" }).waitFor(),
  },
  {
    name: "account (lead)",
    phase: "after",
    as: "lead",
    path: () => "/account",
    ready: (p) => p.getByRole("table", { name: "Where you're signed in" }).waitFor(),
  },
  {
    name: "floor (incident)",
    phase: "incident",
    as: "lead",
    path: () => "/floor",
    ready: (p) => p.getByRole("region", { name: /Possible incident/ }).waitFor(),
    act: async (p) => {
      await p
        .getByRole("region", { name: /Possible incident/ })
        .getByRole("button", { name: "Conversations" })
        .click();
      await p.getByRole("list", { name: "Conversations reporting it" }).getByRole("link").nth(4).waitFor();
    },
  },
];

describe.skipIf(!hasChromium)("accessibility (axe-core, WCAG 2 A and AA), in chromium", () => {
  let ctx: Ctx;
  const contexts = new Map<string, BrowserContext>();
  const found: Violation[] = [];

  const e2e = useChromiumWorkspace({
    scenarios: true,
    setup: async ({ server, admin, ws }) => {
      ctx = await findContext(server.url, admin, ws);
    },
  });
  // Registered after the workspace's: the contexts close before the browser.
  afterAll(async () => {
    for (const c of contexts.values()) await c.close();
  });

  /** One signed-in context per role and size (a fresh one for the sign-in page and each widget visit). */
  async function pageAs(who: Who, viewport: Size): Promise<Page> {
    const { server, browser } = e2e;
    const as = who === "helper" ? ctx.helper : who;
    // The app's Content-Security-Policy allows this server's scripts only; axe is injected inline.
    const options = { viewport: SIZES[viewport], baseURL: server.url, bypassCSP: true };
    if (as === "anonymous" || as === "customer") return (await browser.newContext(options)).newPage();
    const key = `${as}@${viewport}`;
    let context = contexts.get(key);
    if (context === undefined) {
      context = await browser.newContext(options);
      contexts.set(key, context);
      const page = await context.newPage();
      const cred = as === "admin" ? ADMIN : { email: PEOPLE[as].email, password: PASSWORD };
      await page.goto("/");
      await page.getByLabel("Email").fill(cred.email);
      await page.getByLabel("Password").fill(cred.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      return page;
    }
    return context.pages()[0] ?? context.newPage();
  }

  async function check(c: PageCheck, viewport: Size): Promise<void> {
    const page = await pageAs(c.as, viewport);
    await page.goto(c.path(ctx));
    await c.ready(page);
    if (c.act !== undefined) await c.act(page);
    await page.evaluate(() => document.fonts.ready);
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
    const disabled = Object.keys(c.skipRules ?? {});
    const violations = await page.evaluate(
      async ([tags, disabledRules]) => {
        const axe = (
          window as unknown as { axe: { run: (c: Document, o: RunOptions) => Promise<AxeResults> } }
        ).axe;
        const rules = Object.fromEntries(disabledRules.map((r) => [r, { enabled: false }]));
        const result = await axe.run(document, { runOnly: tags, rules });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.map((n) => {
            const why = [...n.any, ...n.all, ...n.none].map((r) => r.message).join("; ");
            return `${n.target.join(" ")}${why ? ` — ${why}` : ""}`;
          }),
        }));
      },
      [AXE_TAGS, disabled] as const,
    );
    for (const v of violations) found.push({ page: `${c.name} (${viewport})`, phase: c.phase, ...v });
    // Reflow: at 320 px, and at 200 % zoom, nothing may need scrolling sideways (WCAG 1.4.10).
    if (viewport === "phone" || viewport === "zoomed") {
      const { overflow, sticking } = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out: string[] = [];
        // The outermost elements past the right edge, outside any box that scrolls or clips them.
        for (const el of Array.from(document.body.querySelectorAll("*"))) {
          if (el.getBoundingClientRect().right <= width + 0.5) continue;
          if ((el.parentElement?.getBoundingClientRect().right ?? 0) > width + 0.5) continue;
          // A box that scrolls hides what is past its edge, unless that is positioned (it may
          // escape the box: a visually hidden label, a popup).
          const position = getComputedStyle(el).position;
          let clipped = false;
          for (let a = el.parentElement; a !== null && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== "visible") clipped = true;
          if (clipped && (position === "static" || position === "relative" || position === "sticky"))
            continue;
          const cls = typeof el.className === "string" ? el.className.trim().replace(/\s+/g, ".") : "";
          const text = (el.textContent ?? "").trim().slice(0, 40);
          out.push(`${el.tagName.toLowerCase()}${cls ? `.${cls}` : ""} "${text}"`);
        }
        return { overflow: document.documentElement.scrollWidth - width, sticking: out };
      });
      if (overflow > 0)
        found.push({
          page: `${c.name} (${viewport})`,
          phase: c.phase,
          id: "reflow",
          impact: "serious",
          help: `The page scrolls sideways by ${overflow}px at ${SIZES[viewport].width}px wide (WCAG 1.4.10)`,
          targets: sticking,
        });
    }
    if (c.as === "anonymous" || c.as === "customer") await page.context().close();
  }

  /**
   * Every page of the phase at laptop, tablet (where the sidebar becomes a top bar), phone size and
   * 200 % zoom.
   */
  async function checkPhase(phase: PageCheck["phase"]): Promise<void> {
    for (const viewport of Object.keys(SIZES) as Size[])
      for (const c of CHECKS.filter((c) => c.phase === phase)) await check(c, viewport);
    expectNoSerious(found.filter((v) => v.phase === phase));
  }

  it("sign-in, floor, alerts and the chat widget have no serious or critical violations", async () => {
    await checkPhase("raised");
  }, 300_000);

  it("a keyboard skips the navigation, and each page is named in the title and takes the focus", async () => {
    const page = await pageAs("lead", "laptop");
    await page.goto("/floor");
    await page.locator("tbody tr").first().waitFor();
    expect(await page.title()).toMatch(/^(\(\d+\) )?Floor · tagteam$/);
    // The first Tab reaches the skip link, which takes the focus past the navigation.
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // A page opened from the navigation by keyboard: its name in the title, the focus on its content.
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Escalations" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /Escalations · tagteam$/.test(document.title));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // Admin's tabs: one Tab stop, the arrow keys move between them (the ARIA tabs pattern).
    const admin = await pageAs("admin", "laptop");
    await admin.goto("/admin/people");
    await admin.getByRole("tab", { name: "People", selected: true }).focus();
    await admin.keyboard.press("ArrowRight");
    await admin.getByRole("tab", { name: "Teams", selected: true }).waitFor();
    expect(new URL(admin.url()).pathname).toBe("/admin/teams");
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe("Teams");
    await admin.keyboard.press("End");
    await admin.getByRole("tab", { name: "Backup", selected: true }).waitFor();
    expect(await admin.getByRole("tab", { name: "People" }).getAttribute("tabindex")).toBe("-1");
  }, 60_000);

  it("a conversation, the console and escalations have no serious or critical violations", async () => {
    const { server } = e2e;
    await stepIn(server.url, ctx);
    await checkPhase("live");
  }, 300_000);

  it("by keyboard alone: the agent declines a takeover offer; a lead steps in and takes on an escalation", async () => {
    const activeText = (p: Page) => p.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    // The agent: the offer's prompt takes the focus; Tab reaches its answers; the focus stays in the chat.
    const agent = await pageAs("agent", "laptop");
    await agent.goto(`/console/${ctx.hotId}`);
    const offer = agent.getByRole("alertdialog", { name: /offers to take over/ });
    await offer.waitFor();
    await agent.waitForFunction(() => document.activeElement?.getAttribute("role") === "alertdialog");
    await agent.keyboard.press("Tab");
    await agent.keyboard.press("Tab");
    expect(await activeText(agent)).toBe("Decline, I’ve got it");
    await agent.keyboard.press("Enter");
    await offer.waitFor({ state: "detached" });
    // Not the page's body: the reply box, the next thing an agent who kept the conversation uses.
    await agent.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA");
    // The whisper is there to read, in the private inbox.
    await agent
      .getByRole("list", { name: "Whispers and signals" })
      .getByText(/Confirm the 30-day return window/)
      .waitFor();

    // The lead, on the conversation: each rung by keyboard, the focus kept through each action.
    const lead = await pageAs("lead", "laptop");
    await lead.goto(`/conversations/${ctx.hotId}`);
    // Evidence that went wrong is underlined dashed, not only in red (WCAG 1.4.1).
    const bad = lead.locator(".transcript mark.ev.bad").first();
    await bad.waitFor();
    expect(await bad.evaluate((el) => getComputedStyle(el).borderBottomStyle)).toBe("dashed");
    const steps = lead.getByRole("group", { name: "Step in" });
    await steps.getByRole("button", { name: "Signal support" }).focus();
    await lead.keyboard.press("Enter");
    // Disabled while it is sent, which dropped the focus to the body for good.
    await lead.waitForFunction(
      () =>
        document.activeElement?.textContent === "Signal support" &&
        !(document.activeElement as HTMLButtonElement).disabled,
    );
    await steps.getByRole("button", { name: "Whisper…" }).focus();
    await lead.keyboard.press("Enter");
    await lead.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA");
    await lead.keyboard.press("Control+A");
    await lead.keyboard.type("Ask her which day the boots arrived.");
    await lead.keyboard.press("Tab");
    expect(await activeText(lead)).toBe("Send whisper");
    await lead.keyboard.press("Enter");
    await lead.getByLabel(/Whisper to the agent/).waitFor({ state: "detached" });
    await lead.waitForFunction(() => document.activeElement?.textContent === "Whisper…");

    // The escalation queue: "I’m on it" names its customer; once pressed, the focus is on the
    // conversation's link, and Enter opens it with the focus on its content.
    await lead.goto("/escalations");
    const onIt = lead.getByRole("button", { name: /^I’m on it: / }).first();
    await onIt.waitFor();
    const customer = ((await onIt.getAttribute("aria-label")) ?? "").replace(/^I’m on it: /, "");
    const row = lead.locator("tr", { has: onIt });
    const escalationId = await row.getAttribute("data-escalation-id");
    await onIt.focus();
    await lead.keyboard.press("Enter");
    await lead.locator(`tr[data-escalation-id="${escalationId}"] button`).waitFor({ state: "detached" });
    await lead.waitForFunction(
      (id) => document.activeElement?.closest(`tr[data-escalation-id="${id}"]`) !== null,
      escalationId,
    );
    expect(await activeText(lead)).toBe(customer);
    await lead.keyboard.press("Enter");
    await lead.waitForURL(/\/conversations\/[\w-]+$/);
    await lead.waitForFunction(() => document.activeElement?.id === "main");
  }, 120_000);

  it("at 320 px a wide table scrolls in its panel: a named region the keyboard reaches and scrolls", async () => {
    // The history's table (the escalation queue and the floor, used here before, turn into cards on a phone).
    const phone = await pageAs("lead", "phone");
    await phone.goto("/conversations");
    const region = phone.getByRole("region", { name: "Conversations" });
    await region.waitFor();
    expect(await region.getByRole("table", { name: "Conversations" }).count()).toBe(1);
    expect(await region.getAttribute("tabindex")).toBe("0");
    await region.focus();
    await phone.keyboard.press("ArrowRight");
    await phone.waitForFunction(() => (document.activeElement?.scrollLeft ?? 0) > 0);
    // The focus ring is drawn inside the box, where the panel's edge cannot hide it.
    expect(await region.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
    // Where the table fits, it is a plain box: no extra tab stop, and its headers stay sticky.
    const laptop = await pageAs("lead", "laptop");
    await laptop.goto("/floor");
    await laptop.getByRole("table", { name: "Live conversations by risk" }).waitFor();
    expect(await laptop.getByRole("region", { name: "Live conversations by risk" }).count()).toBe(0);
    expect(await laptop.locator(".table-scroll[tabindex]").count()).toBe(0);
  }, 60_000);

  it("the pages after the conversation, and admin, have no serious or critical violations", async () => {
    const { server } = e2e;
    await closeWithLoop2Material(server.url, ctx.hotId, ctx.helper);
    await startDrills(server.url, ctx);
    await checkPhase("after");
  }, 900_000);

  it("the Numbers and My numbers charts read by keyboard: a tab stop, the arrow keys from point to point", async () => {
    for (const [who, path, heading, measure] of [
      ["lead", "/numbers", "Numbers", "Conversations handled"],
      ["agent", "/my-numbers", "My numbers", "Your conversations"],
    ] as const) {
      const page = await pageAs(who, "laptop");
      await page.goto(path);
      await settled(page, heading);
      const panel = page.getByRole("region", { name: measure });
      const chart = panel.getByRole("img", { name: new RegExp(`^${measure}`) });
      await chart.waitFor();
      // A tab stop (the panel's first), and End puts the cursor on the last period.
      expect(await chart.getAttribute("tabindex")).toBe("0");
      await chart.focus();
      await page.keyboard.press("End");
      const tip = panel.locator(".chart-tooltip");
      await tip.waitFor();
      const last = await tip.innerText();
      expect(last).toMatch(/: \d+/);
      // The same words for a screen reader, in a live region beside the chart.
      const said = panel.locator("[aria-live]");
      expect(await said.textContent()).toBe(last.split("\n").filter(Boolean).join(". "));
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => tip.innerText()).not.toBe(last);
      // Leaving the chart takes the tooltip away.
      await page.keyboard.press("Tab");
      await tip.waitFor({ state: "hidden" });
    }
  }, 60_000);

  it("the incident banner has no serious or critical violations", async () => {
    const { server } = e2e;
    await postOutage(server.url, ctx.ws);
    await checkPhase("incident");
  }, 120_000);
});

/** Prints every violation found; fails on the serious and critical ones, listed readably. */
function expectNoSerious(violations: Violation[]): void {
  const report = (vs: Violation[]) =>
    vs
      .map(
        (v) =>
          `  [${v.page}] ${v.id} (${v.impact ?? "?"}): ${v.help}\n` +
          v.targets
            .slice(0, 8)
            .map((t) => `      ${t}`)
            .join("\n") +
          (v.targets.length > 8 ? `\n      … and ${v.targets.length - 8} more` : ""),
      )
      .join("\n");
  const minor = violations.filter((v) => v.impact !== "serious" && v.impact !== "critical");
  if (minor.length > 0) console.warn(`axe: moderate and minor violations (not failing):\n${report(minor)}`);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.length, `axe: serious and critical violations:\n${report(serious)}`).toBe(0);
}

/** What the pages need: the seeded conversations, the team's chat key, the alert on hd-1001. */
async function findContext(baseUrl: string, admin: ApiSession, ws: Workspace): Promise<Ctx> {
  const lead = await ApiSession.signIn(baseUrl, PEOPLE.lead.email, PASSWORD);
  const { conversations } = await lead.call<{
    conversations: { id: string; externalId: string; lastMessageAt: string | null }[];
  }>("GET", "/conversations");
  const hot = conversations.find((c) => c.externalId === "hd-1001");
  const refund = conversations.find((c) => c.externalId === "hd-1005");
  if (hot === undefined || refund === undefined) throw new Error("the seeded conversations are missing");
  const { teams } = await admin.call<{ teams: { id: string; chatKey?: string }[] }>("GET", "/teams");
  const chatKey = teams.find((t) => t.id === ws.teamId)?.chatKey;
  if (chatKey === undefined) throw new Error("GET /teams does not give the team's chat key");
  let alert: { id: string; helperId: string | null; conversationId: string } | undefined;
  for (let i = 0; i < 100 && alert === undefined; i++) {
    const { alerts } = await admin.call<{
      alerts: { id: string; helperId: string | null; conversationId: string }[];
    }>("GET", "/alerts?scope=team");
    alert = alerts.find((a) => a.conversationId === hot.id && a.helperId !== null);
    if (alert === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  const helper = (Object.keys(ws.ids) as PersonKey[]).find((k) => ws.ids[k] === alert?.helperId);
  if (alert === undefined || helper === undefined) throw new Error("no alert was routed for hd-1001");
  const { signInLink } = await admin.call<{ signInLink?: { path: string } }>("POST", "/people", {
    // Long and unbroken, as some are: at 320 px it pushed the welcome page sideways.
    email: "nianovakokonkwo@customersupport.tagteam.test",
    name: "Nia Novak",
    role: "agent",
  });
  if (signInLink === undefined) throw new Error("POST /people without a password gave no sign-in link");
  return {
    hotId: hot.id,
    refundId: refund.id,
    alertId: alert.id,
    ws,
    chatKey,
    helper,
    welcomePath: signInLink.path,
    drillId: "",
    endedDrillId: "",
    day: localDay(new Date(hot.lastMessageAt ?? Date.now())),
  };
}

/** A date as YYYY-MM-DD in this process's time zone (the browser's: both take TZ). */
function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The alerted helper whispers and offers to take over on hd-1001; the agent escalates hd-1005. */
async function stepIn(baseUrl: string, ctx: Ctx): Promise<void> {
  const helper = await ApiSession.signIn(baseUrl, PEOPLE[ctx.helper].email, PASSWORD);
  await helper.call("POST", `/conversations/${ctx.hotId}/step-in`, {
    kind: "whisper",
    alertId: ctx.alertId,
    text: "Confirm the 30-day return window in her words, then offer the prepaid label.",
  });
  await helper.call("POST", `/conversations/${ctx.hotId}/step-in`, { kind: "takeover_offer" });
  const agent = await ApiSession.signIn(baseUrl, PEOPLE.agent.email, PASSWORD);
  await agent.call("POST", `/conversations/${ctx.refundId}/escalate`, {
    reason: "Third call about a missing refund; she needs someone who can issue it today.",
  });
}

/** The lead makes the closed hd-1001 a practice scenario; the agent drills on it twice, ending one. */
async function startDrills(baseUrl: string, ctx: Ctx): Promise<void> {
  const lead = await ApiSession.signIn(baseUrl, PEOPLE.lead.email, PASSWORD);
  const { scenario } = await lead.call<{ scenario: { id: string } }>("POST", "/practice/scenarios", {
    conversationId: ctx.hotId,
  });
  const agent = await ApiSession.signIn(baseUrl, PEOPLE.agent.email, PASSWORD);
  const drill = async (): Promise<string> => {
    const { session } = await agent.call<{ session: { id: string } }>("POST", "/practice/sessions", {
      scenarioId: scenario.id,
    });
    await agent.call("POST", `/practice/sessions/${session.id}/replies`, {
      text: "I'm sorry the boots arrived late; returns run 30 days from delivery, so you're well within it.",
    });
    return session.id;
  };
  ctx.drillId = await drill();
  ctx.endedDrillId = await drill();
  await agent.call("POST", `/practice/sessions/${ctx.endedDrillId}/end`, {});
}
