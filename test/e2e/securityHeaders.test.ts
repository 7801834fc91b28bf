/**
 * Security headers in chromium against the real server: a team's own site (another origin) embeds
 * the customer chat with embed.js and a customer starts a chat in the iframe; the staff app runs
 * under its Content-Security-Policy without a violation, and another site cannot frame it.
 */
import { createServer, type Server } from "node:http";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PEOPLE, PASSWORD } from "./seed.ts";

/** Collects what the page's console says about a Content-Security-Policy. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe.skipIf(!hasChromium)("security headers, in chromium", () => {
  let site: Server;
  let siteUrl: string;
  let chatKey: string;

  // Registered before the workspace's: the site closes after the browser.
  afterAll(async () => {
    await new Promise((resolve) => site?.close(resolve));
  });
  const e2e = useChromiumWorkspace({
    setup: async ({ server, admin, ws }) => {
      const { teams } = await admin.call<{ teams: { id: string; chatKey: string }[] }>("GET", "/teams");
      chatKey = teams.find((t) => t.id === ws.teamId)!.chatKey;
      // A team's own website, on another origin (localhost rather than 127.0.0.1, another port).
      site = createServer((request, response) => {
        response.setHeader("content-type", "text/html");
        if (request.url === "/framed") {
          response.end(
            `<!doctype html><title>Framing</title><iframe id="app" src="${server.url}/floor"></iframe>`,
          );
          return;
        }
        response.end(
          `<!doctype html><title>Shoe shop</title><h1>Shoe shop</h1>` +
            `<script src="${server.url}/embed.js" data-chat-key="${chatKey}" data-title="Chat with us" async></script>`,
        );
      });
      await new Promise<void>((resolve) => site.listen(0, "localhost", resolve));
      siteUrl = `http://localhost:${(site.address() as { port: number }).port}`;
    },
  });

  it("another site embeds the chat: the customer opens it and starts a chat in the iframe", async () => {
    const { browser } = e2e;
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = cspViolations(page);
    await page.goto(siteUrl);
    await page.getByRole("button", { name: "Chat with us" }).click();
    const chat = page.frameLocator('iframe[title="Chat with us"]');
    await chat.getByLabel("Your name").fill("Nora Quinn", { timeout: STEP_TIMEOUT_MS });
    await chat.getByLabel("How can we help?").fill("My boots arrived in the wrong size.");
    await chat.getByRole("button", { name: "Start chat" }).click();
    await chat
      .getByRole("log", { name: "Conversation" })
      .getByText("My boots arrived in the wrong size.")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(violations).toEqual([]);
    await context.close();
  });

  it("the staff app runs under its policy without a violation, and another site cannot frame it", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    const violations = cspViolations(page);
    await page.goto("/floor");
    await page.getByRole("heading", { name: "The floor" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.goto("/qa");
    await page
      .getByRole("heading", { level: 1, name: "Scorecards", exact: true })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(violations).toEqual([]);

    // Another site frames the app: refused, so nothing of it (not even its sign-in form, which is
    // what a frame without the session cookie would show) renders inside the frame.
    const framing = await context.newPage();
    const refused = new Promise<void>((resolve) =>
      framing.on("console", (m) => {
        if (/Refused to frame|frame-ancestors/i.test(m.text())) resolve();
      }),
    );
    await framing.goto(`${siteUrl}/framed`);
    await Promise.race([
      refused,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("the frame was not refused")), STEP_TIMEOUT_MS),
      ),
    ]);
    expect(await framing.frameLocator("#app").getByRole("button").count()).toBe(0);
    await context.close();
  });
});
