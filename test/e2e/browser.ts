/** Browser helpers shared by the e2e tests, the screenshots and the benchmark. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ServerFrame } from "../../src/protocol/ws.ts";

export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 820, height: 1180 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/**
 * A fresh browser context (own cookies) signed in through the real sign-in form. `welcomed()` says
 * whether the page's realtime connection has had the server's welcome: events sent before it may
 * pass the page by, so a test that sends one for the page to show waits for it first.
 */
export async function signInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
  viewport: ViewportName = "laptop",
  /** Install a fake clock before the app loads (page.clock), for a test that moves time on. */
  options: { clock?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; welcomed: () => boolean }> {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], baseURL: baseUrl });
  const page = await context.newPage();
  if (options.clock === true) await page.clock.install();
  let welcome = false;
  page.on("websocket", (socket) =>
    socket.on("framereceived", (f) => {
      if ((JSON.parse(String(f.payload)) as ServerFrame).type === "welcome") welcome = true;
    }),
  );
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return { context, page, welcomed: () => welcome };
}
