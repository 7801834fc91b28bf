/**
 * The set-up most chromium tests share, in one call: the web app built, the real server started, a
 * headless chromium, the admin signed in over HTTP, the seeded workspace (seed.ts) and, if asked,
 * the scenario conversations; closed again after the file's tests.
 *
 * @example
 * describe.skipIf(!hasChromium)("the floor, in chromium", () => {
 *   const e2e = useChromiumWorkspace({ scenarios: true });
 *   it("…", async () => {
 *     const { page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
 *   });
 * });
 */
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import {
  ADMIN,
  ApiSession,
  CHROMIUM_PATH,
  ensureWebBuilt,
  launchBrowser,
  startServer,
  type RunningServer,
} from "./harness.ts";
import { migratedDataDir } from "../support/testStore.ts";
import { signInPage } from "./browser.ts";
import { PASSWORD, PEOPLE, postScenarios, seedWorkspace, type SCENARIOS, type Workspace } from "./seed.ts";

/** Posts one message through the ingest API, as a helpdesk does; resolves to its conversation's id. */
export async function postMessage(
  baseUrl: string,
  ws: Workspace,
  message: Record<string, unknown>,
): Promise<string> {
  const r = await fetch(`${baseUrl}/api/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
    body: JSON.stringify({ teamId: ws.teamId, ...message }),
  });
  if (r.status !== 200) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { results: { conversationId: string }[] }).results[0]!.conversationId;
}

/** Whether Debian's chromium is installed: the browser tests are skipped without it. */
export const hasChromium = existsSync(CHROMIUM_PATH);
/** How long one step in a page (an element appearing, a live update) may take. */
export const STEP_TIMEOUT_MS = 20_000;
/** How long the shared set-up may take (a first run builds the web app). */
export const SETUP_TIMEOUT_MS = 120_000;

export interface ChromiumWorkspace {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The first admin, signed in over HTTP. */
  readonly admin: ApiSession;
  /** The seeded team, people and ingest token (not there with `seed: false`). */
  readonly ws: Workspace;
  /** The id of the open conversation with this customer (a scenario's), as the admin lists them. */
  openConversationId(customerName: string): Promise<string>;
  /** Posts one chat conversation as the agent (as seed.ts's scenarios are posted); its id, once open. */
  postChat(conversation: Omit<(typeof SCENARIOS)[number], "channel">): Promise<string>;
}

export interface ChromiumWorkspaceOptions {
  /** Extra environment for the server; a function when it depends on something started first. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Seed the team, people, facts and ingest token (default true). */
  seed?: boolean;
  /**
   * Post seed.ts's scenario conversations as the agent: `true` for all of them, or which ones and
   * when they start (default: none).
   */
  scenarios?: boolean | { only?: typeof SCENARIOS; startAt?: number };
  /** More set-up of the file's own, in the same beforeAll (and within its timeout). */
  setup?: (w: ChromiumWorkspace) => Promise<void>;
  /** The beforeAll's timeout (default SETUP_TIMEOUT_MS). */
  timeoutMs?: number;
  /**
   * Start the server with the reply webhook to a stand-in helpdesk (default true), so teammates
   * can reply on the seeded conversations of the ingest API; false: replies there are refused.
   */
  helpdesk?: boolean;
}

/**
 * Registers the beforeAll and afterAll of a chromium test file and returns the workspace they set
 * up; read its fields inside the tests (or `setup`), once the beforeAll has run. Vitest runs
 * after-hooks in reverse: a file's own afterAll registered after this call runs before the browser
 * and server close, one registered before it runs after.
 */
export function useChromiumWorkspace(options: ChromiumWorkspaceOptions = {}): ChromiumWorkspace {
  const {
    env,
    seed = true,
    scenarios = false,
    setup,
    timeoutMs = SETUP_TIMEOUT_MS,
    helpdesk = true,
  } = options;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let admin: ApiSession | undefined;
  let ws: Workspace | undefined;
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(
        name === "ws" && !seed
          ? "this file's workspace is not seeded (seed: false)"
          : `the chromium workspace's ${name} is read before its beforeAll ran (or after it failed)`,
      );
    return value;
  };
  const workspace: ChromiumWorkspace = {
    get server() {
      return ready(server, "server");
    },
    get browser() {
      return ready(browser, "browser");
    },
    get admin() {
      return ready(admin, "admin");
    },
    get ws() {
      return ready(ws, "ws");
    },
    async openConversationId(customerName) {
      const { conversations } = await ready(admin, "admin").call<{
        conversations: { id: string; customerName: string | null }[];
      }>("GET", "/conversations?status=open");
      const found = conversations.find((c) => c.customerName === customerName);
      if (found === undefined) throw new Error(`no open conversation with ${customerName}`);
      return found.id;
    },
    async postChat(conversation) {
      await postScenarios(ready(server, "server").url, ready(ws, "ws"), PEOPLE.agent.email, [
        { ...conversation, channel: "chat" },
      ]);
      return workspace.openConversationId(conversation.customer);
    },
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startServer(typeof env === "function" ? env() : env, {
      helpdesk,
      dataDirFrom: await migratedDataDir(),
    });
    browser = await launchBrowser();
    admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
    if (seed) ws = await seedWorkspace(admin);
    if (scenarios !== false) {
      const { only, startAt } = scenarios === true ? {} : scenarios;
      await postScenarios(server.url, ready(ws, "ws"), PEOPLE.agent.email, only, startAt);
    }
    await setup?.(workspace);
  }, timeoutMs);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return workspace;
}

/**
 * The agent tells Nora Quinn returns are only accepted within 14 days (the knowledge says 30): the
 * alert that raises goes to a helper, who is signed in here in a page of their own. Gives the
 * conversation's id (`key` names it in the helpdesk) and the helper's page.
 */
export async function signInAsHelperOfWrongAnswer(
  e2e: ChromiumWorkspace,
  key: string,
): Promise<{ conversationId: string; page: Page; context: BrowserContext }> {
  const { server, browser, admin } = e2e;
  const conversationId = await e2e.postChat({
    id: key,
    customer: "Nora Quinn",
    topic: "returns",
    lines: [
      ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
      ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
    ],
  });
  const { alerts } = await admin.call<{
    alerts: { conversationId: string; helperId: string | null; status: string }[];
  }>("GET", "/alerts?scope=team&status=all");
  const alert = alerts.find((a) => a.conversationId === conversationId && a.status === "raised");
  expect(alert?.helperId, `the raised alert on ${key} and its helper`).toBeTruthy();
  const { people } = await admin.call<{ people: { id: string; email: string }[] }>("GET", "/people");
  const helper = people.find((p) => p.id === alert!.helperId)!;
  const { page, context } = await signInPage(browser, server.url, helper.email, PASSWORD);
  return { conversationId, page, context };
}

/**
 * Cuts the page off from the server, then makes it refresh what it shows (a focus two minutes
 * later), and waits for the offline banner and the refresh to settle. The page was signed in with
 * a fake clock (signInPage's `clock`). `page.unroute("**\/api/v1/**")` brings the server back.
 */
export async function refreshWhileUnreachable(page: Page): Promise<void> {
  await page.route("**/api/v1/**", (route) => route.abort("connectionrefused"));
  await page.clock.fastForward("02:00");
  await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
  await page.getByRole("status").filter({ hasText: "You are offline" }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.waitForLoadState("networkidle");
}
