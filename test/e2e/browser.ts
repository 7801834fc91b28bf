/** Browser helpers shared by the e2e tests, the screenshots and the benchmark. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ServerFrame } from "../../src/protocol/ws.ts";

export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 820, height: 1180 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/**
 * Where a page's columns stack (a phone at 390 px; a laptop zoomed to 200 %, 683 × 384 CSS px),
 * and the laptop, where they stand side by side.
 */
export const STACKED_AND_LAPTOP = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "zoomed", viewport: { width: 683, height: 384 } },
  { name: "laptop", viewport: VIEWPORTS.laptop },
] as const;

/** Whether a box (from `boundingBox()`) lies wholly within the first screen of a viewport `height` tall. */
export function inFirstScreen(box: { y: number; height: number } | null, height: number): boolean {
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

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

/**
 * Moves the page's clock (installed with `clock: true`) on by `ms` at once, firing every timer due
 * in that time, then sends a marker request from the page and waits for its answer. Any request a
 * timer sent went out before the marker, so a test counting the page's requests has seen them all:
 * "nothing is read on a timer" is checked over `ms` of the page's time without waiting it out.
 */
export async function runClockThenMark(page: Page, ms: number): Promise<void> {
  await page.clock.runFor(ms);
  await page.evaluate(async () => {
    await fetch("/api/v1/me", { credentials: "same-origin" });
  });
}

/**
 * Whether a realtime frame the page received carries an event of this type (alone or in a batch):
 * for a test that waits for an event to have reached the page before it checks what followed.
 */
export function frameHasEvent(payload: string | Buffer, type: string): boolean {
  const frame = JSON.parse(String(payload)) as ServerFrame;
  if (frame.type === "event") return frame.event.type === type;
  if (frame.type === "events") return frame.events.some((e) => e.type === type);
  return false;
}

/**
 * Waits for the page to draw two more frames: the render that showed a change, and what its effects
 * did after it, are on screen. For a check that something did not follow a change the test has
 * already seen (a list grew): it would have come with that render.
 */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}
