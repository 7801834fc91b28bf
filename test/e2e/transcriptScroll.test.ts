/**
 * A transcript scrolls its own box to the newest line, never the window, in chromium:
 * - at 200 % zoom (683 × 450) the agent's console opens at its start, the heading and the
 *   conversation's header in view, the transcript's box at its newest line (scrolling the newest
 *   line into view scrolled the window too: the page opened scrolled past both);
 * - on a phone (390 × 844) a lead writing a whisper below the transcript stays there when the
 *   customer writes again (each new line pulled the window back up to the transcript).
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, postMessage, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const ZOOMED = { width: 683, height: 450 };
const PHONE = { width: 390, height: 844 };
const CUSTOMER = "Ines Duarte";

/** A calm conversation long enough to scroll in its box. */
const LINES = Array.from({ length: 6 }, (_, i) => [
  ["customer", `Question ${i + 1}: could you tell me a little more about how the delivery options work?`],
  ["agent", `Of course. Answer ${i + 1}: standard delivery takes three to five working days, express one.`],
]).flat() as ["customer" | "agent", string][];

describe.skipIf(!hasChromium)("a transcript scrolls its own box, not the window", () => {
  const e2e = useChromiumWorkspace({});
  let conversationId = "";

  it("at 200 % zoom the console opens at its heading, the transcript at its newest line", async () => {
    conversationId = await e2e.postChat({
      id: "hd-scroll",
      customer: CUSTOMER,
      topic: "shipping",
      lines: LINES,
    });
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.agent.email, PASSWORD);
    await page.setViewportSize(ZOOMED);
    await page.goto(`/console/${conversationId}`);
    const log = page.getByRole("log", { name: "Transcript" });
    await log.getByText("Answer 6:").waitFor({ timeout: STEP_TIMEOUT_MS });
    const seen = await log.evaluate((box) => ({
      windowScrolled: window.scrollY,
      boxScrolls: box.scrollHeight > box.clientHeight,
      boxAtEnd: box.scrollTop + box.clientHeight >= box.scrollHeight - 1,
    }));
    expect(seen).toEqual({ windowScrolled: 0, boxScrolls: true, boxAtEnd: true });
    expect(await page.getByRole("heading", { level: 1, name: "My console" }).isVisible()).toBe(true);
    await context.close();
  }, 90_000);

  it("on a phone a lead writing a whisper stays at it when the customer writes", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize(PHONE);
    await page.goto(`/conversations/${conversationId}`);
    const log = page.getByRole("log", { name: "Transcript" });
    await log.getByText("Answer 6:").waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByRole("button", { name: "Whisper…" }).click();
    const whisper = page.getByLabel(/Whisper to the agent/);
    await whisper.fill("Offer express delivery free of charge.");
    await whisper.evaluate((el) => el.scrollIntoView({ block: "center" }));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    // Where the box is on the screen: what the lead sees. The page may scroll to keep it there
    // (the browser's scroll anchoring, when the conversation's header above gains a line).
    const onScreen = async () => (await whisper.boundingBox())?.y ?? NaN;
    const before = await onScreen();
    await postMessage(e2e.server.url, e2e.ws, {
      senderMessageId: "hd-scroll-late",
      conversationId: "hd-scroll",
      channel: "chat",
      role: "customer",
      text: "One more thing: can I change the address after ordering?",
      author: CUSTOMER,
      at: new Date().toISOString(),
    });
    await log.getByText("One more thing").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(Math.abs((await onScreen()) - before)).toBeLessThanOrEqual(1);
    await expect.poll(() => whisper.inputValue()).toBe("Offer express delivery free of charge.");
    expect(await whisper.evaluate((el) => el === document.activeElement)).toBe(true);
    // The transcript's own box shows the new line.
    expect(await log.evaluate((box) => box.scrollTop + box.clientHeight >= box.scrollHeight - 1)).toBe(true);
    await context.close();
  }, 90_000);
});
