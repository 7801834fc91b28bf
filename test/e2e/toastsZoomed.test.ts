/**
 * Toasts on a laptop zoomed to 200 % (1366 × 900: 683 × 450 CSS px), in chromium: as on a phone, a
 * line or two each across the bottom of the window, the newest two behind "+N more". Stacked at the
 * right as on a laptop, four whispers covered the right half of the window from the header bar to
 * its bottom edge.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

const ZOOMED = { width: 683, height: 450 };

describe.skipIf(!hasChromium)("toasts at 200 % zoom", () => {
  let conversationId: string;
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(2, 3) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[2]!.customer);
    },
  });

  it("four whispers: the newest two across the bottom, a line or two each, the rest behind +2 more", async () => {
    const { context, page, welcomed } = await signInPage(
      e2e.browser,
      e2e.server.url,
      PEOPLE.agent.email,
      PASSWORD,
    );
    await page.setViewportSize(ZOOMED);
    await page.goto("/skills");
    await page.getByRole("heading", { level: 1, name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const lead = await ApiSession.signIn(e2e.server.url, PEOPLE.lead.email, PASSWORD);
    // All at once: a toast leaves after nine seconds.
    await Promise.all(
      [1, 2, 3, 4].map((i) =>
        lead.call("POST", `/conversations/${conversationId}/step-in`, {
          kind: "whisper",
          text: `Suggestion ${i}: ask which day suits them for the callback.`,
        }),
      ),
    );
    const more = page.getByRole("button", { name: "+2 more" });
    await more.waitFor({ timeout: STEP_TIMEOUT_MS });
    // The keyboard on "+2 more" holds them while they are measured.
    await more.focus();
    const toasts = page
      .getByRole("status", { includeHidden: true })
      .filter({ hasText: `${PEOPLE.lead.name} whispered a suggestion` });
    const heights = await toasts.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
    expect(heights.filter((h) => h > 0)).toHaveLength(2);
    for (const h of heights.filter((h) => h > 0)) expect(h).toBeLessThanOrEqual(60);
    const stack = await page.locator(".toasts").boundingBox();
    expect(stack?.height ?? 999).toBeLessThanOrEqual(ZOOMED.height * 0.35);
    await context.close();
  }, 90_000);
});
