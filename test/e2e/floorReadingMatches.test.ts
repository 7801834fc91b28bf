/**
 * The floor and a conversation's page show the customer's state and frustration from the same
 * reading, in chromium against the real server. The floor's hint went out only when the risk moved
 * by 3 points and carried the risk alone: a message that moved the customer's frustration but not
 * the risk ("I see.") left the floor on the older reading ("neutral · 14%") while the conversation's
 * page showed the newest ("neutral · 19%"); in the demo, "neutral · 36%" against "frustrated · 30%".
 */
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, postMessage, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

/** The badge's text as seen on screen, without what only a screen reader hears. */
const shown = (badge: Locator): Promise<string> =>
  badge.evaluate((el) =>
    [...el.childNodes]
      .filter((n) => !(n instanceof HTMLElement && n.classList.contains("visually-hidden")))
      .map((n) => n.textContent)
      .join(""),
  );

interface Detail {
  conversation: { id: string; risk: number; customerEmotion: string | null; frustration: number };
}

describe.skipIf(!hasChromium)("the floor's customer state, in chromium", () => {
  const e2e = useChromiumWorkspace({ helpdesk: false });

  it("shows the same state and frustration as the conversation's page after each message", async () => {
    const { server, browser } = e2e;
    const ws = e2e.ws;
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/floor");
    await page.getByRole("heading", { name: "The floor" }).waitFor({ timeout: STEP_TIMEOUT_MS });

    const start = Date.now() - 5 * 60_000;
    const lines: ["customer" | "agent", string][] = [
      ["customer", "Hello, where is my parcel?"],
      ["agent", "Let me check that for you."],
      ["customer", "I see."],
    ];
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Mira Holt" }) });
    const badge = row.locator(".badge").first();
    const seen: string[] = [];
    let conversationId = "";
    let risk = 0;
    for (const [i, [role, text]] of lines.entries()) {
      conversationId = await postMessage(server.url, ws, {
        senderMessageId: `floor-reading-${i}`,
        conversationId: "floor-reading",
        channel: "chat",
        role,
        text,
        at: new Date(start + i * 30_000).toISOString(),
        author: role === "agent" ? PEOPLE.agent.email : "Mira Holt",
        topic: "shipping",
      });
      const { conversation: c } = await lead.call<Detail>("GET", `/conversations/${conversationId}`);
      const expected = `${c.customerEmotion} · ${Math.round(c.frustration * 100)}%`;
      // What the conversation's page shows, the floor shows too, without a reload: its risk and,
      // from the same reading, the customer's state and frustration.
      await expect
        .poll(async () => [await row.locator(".risk").last().textContent(), await shown(badge)], {
          timeout: STEP_TIMEOUT_MS,
        })
        .toEqual([`risk ${Math.round(c.risk * 100)}%`, expected]);
      seen.push(expected);
      if (i === lines.length - 1) expect(Math.abs(c.risk - risk)).toBeLessThan(0.03);
      risk = c.risk;
      // Past the floor's refetch window (2 s) and the server's hint interval (1 s), so the next
      // message's reading reaches the floor by its own hint or not at all.
      await page.waitForTimeout(2_500);
    }
    // The last message moved the frustration but not the risk: the case the floor missed.
    expect(seen.at(-1)).not.toBe(seen.at(-2));

    await page.getByRole("link", { name: "Mira Holt" }).click();
    const header = page.locator("header.page-header");
    await header.getByText(`customer ${seen.at(-1)?.replace(" · ", " · frustration ")}`).waitFor({
      timeout: STEP_TIMEOUT_MS,
    });
    // Two figures side by side, each with its name: frustration in the badge, risk beside it.
    expect(await header.locator(".risk").textContent()).toMatch(/^risk \d+%$/);
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await header.screenshot({ path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/conversation-reading.png` });
    await page.goBack();
    await badge.waitFor({ timeout: STEP_TIMEOUT_MS });
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/floor-reading.png` });
    await context.close();
  }, 120_000);
});
