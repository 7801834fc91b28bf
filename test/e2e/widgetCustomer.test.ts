/**
 * The customer chat widget as a customer meets it, in chromium at laptop and phone width:
 * - a long word or link in a message stays inside the conversation (it ran out of its left edge,
 *   the start of the customer's own words cut off);
 * - a message over the chat's 5,000 characters is said before sending, in words, and kept (the
 *   server's "Invalid request: body.text: Too big…" came back and the text was gone);
 * - a message that could not be sent (offline) comes back in the box, and sent again is stored once;
 * - a chat the page remembers that is not there any more leads back to the start form with a
 *   sentence (the widget said "Reconnecting…" for ever and every message failed);
 * - a page with no chat key, or a key the server does not know, says so and shows no start form
 *   (it invited the customer to type a message that could never go).
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { hasChromium, STEP_TIMEOUT_MS, useChromiumWorkspace } from "./fixture.ts";

const SIZES = [
  ["laptop", { width: 1366, height: 900 }],
  ["phone", { width: 320, height: 640 }],
] as const;

describe.skipIf(!hasChromium)("the customer chat widget, in chromium", () => {
  const e2e = useChromiumWorkspace();
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  async function widget(size: { width: number; height: number }): Promise<Page> {
    const { teams } = await e2e.admin.call<{ teams: { chatKey: string }[] }>("GET", "/teams");
    const context = await e2e.browser.newContext({ viewport: size, baseURL: e2e.server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/widget.html?key=${encodeURIComponent(teams[0]?.chatKey ?? "")}`);
    return page;
  }

  async function start(page: Page, text: string): Promise<void> {
    await page.getByLabel("Your name").fill("Rosa Diaz");
    await page.getByLabel("How can we help?").fill(text);
    await page.getByRole("button", { name: "Start chat" }).click();
    await page
      .getByRole("log", { name: "Conversation" })
      .getByText(text)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  const bubbles = (page: Page) => page.getByRole("log", { name: "Conversation" }).locator(".bubble");

  for (const [name, size] of SIZES) {
    it(`keeps a long word inside the conversation (${name})`, async () => {
      const page = await widget(size);
      await start(page, "Hello, my refund has not arrived.");
      const link = `https://shop.example/orders/${"A1B2C3D4".repeat(12)}?ref=${"x".repeat(40)}`;
      await page.getByLabel("Your message").fill(`It says ${link} is closed.`);
      await page.keyboard.press("Enter");
      await bubbles(page).nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });
      const [log, bubble] = await Promise.all([
        page.getByRole("log", { name: "Conversation" }).boundingBox(),
        bubbles(page).nth(1).boundingBox(),
      ]);
      if (log === null || bubble === null) throw new Error("not on screen");
      expect(bubble.x).toBeGreaterThanOrEqual(log.x);
      expect(bubble.x + bubble.width).toBeLessThanOrEqual(log.x + log.width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    });
  }

  it("says a message is too long before sending it, and keeps it", async () => {
    const page = await widget(SIZES[1][1]);
    await start(page, "Hi, I have a long story about my order.");
    const long = "My order story. ".repeat(320).trim(); // 5,119 characters
    const box = page.getByLabel("Your message");
    await box.fill(long);
    await page.keyboard.press("Enter");
    await page
      .getByText(
        "This is 5,119 characters long; one message holds 5,000. Please shorten it or send it in parts.",
      )
      .waitFor();
    expect(await box.inputValue()).toBe(long);
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    expect(await bubbles(page).count()).toBe(1);
    expect(await page.getByText(/Invalid request|body\.text/).count()).toBe(0);
    // Cut to fit, it goes.
    await box.fill(long.slice(0, 4999));
    await page.keyboard.press("Enter");
    await bubbles(page).nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  it("puts back a message that could not be sent, and sends it once when tried again", async () => {
    const page = await widget(SIZES[0][1]);
    await start(page, "Hi, is my parcel lost?");
    await page.context().setOffline(true);
    const box = page.getByLabel("Your message");
    await box.fill("It was due on Monday.");
    await page.keyboard.press("Enter");
    await page.getByRole("alert").getByText("You seem to be offline").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await box.inputValue()).toBe("It was due on Monday.");
    await page.context().setOffline(false);
    await page.keyboard.press("Enter");
    const log = page.getByRole("log", { name: "Conversation" });
    await log.getByText("It was due on Monday.").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await box.inputValue()).toBe("");
    expect(await log.getByText("It was due on Monday.").count()).toBe(1);
  });

  it("leads back to the start form when the chat it remembers is not there any more", async () => {
    const page = await widget(SIZES[1][1]);
    const { teams } = await e2e.admin.call<{ teams: { chatKey: string }[] }>("GET", "/teams");
    // A token of a chat that is gone (erased, or the server's data reset) is in the tab's storage.
    await page.evaluate(
      (key) => sessionStorage.setItem(`tagteam.chat.${key}`, "gone-".repeat(9)),
      teams[0]?.chatKey ?? "",
    );
    await page.reload();
    await page.getByText("This chat is no longer available. Please start a new one.").waitFor({
      timeout: STEP_TIMEOUT_MS,
    });
    expect(await page.getByText("Reconnecting…").count()).toBe(0);
    await start(page, "Hello again, my order is still missing.");
  });

  it("says a chat that cannot start here is not available, with no start form to type into", async () => {
    const context = await e2e.browser.newContext({ viewport: SIZES[1][1], baseURL: e2e.server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/widget.html");
    await page
      .getByRole("alert")
      .getByText("This chat is not set up yet")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByLabel("How can we help?").count()).toBe(0);

    // A key the server does not know: the customer's first message is refused, and the form goes.
    await page.goto("/widget.html?key=no-such-chat-key");
    await page.getByLabel("How can we help?").fill("Where is my parcel?");
    await page.getByRole("button", { name: "Start chat" }).click();
    await page.getByRole("alert").getByText("This chat is not available here right now").waitFor({
      timeout: STEP_TIMEOUT_MS,
    });
    await page.getByLabel("How can we help?").waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
  });
});
