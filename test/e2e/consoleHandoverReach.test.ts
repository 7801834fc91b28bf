/**
 * Whoever handles a conversation reaches its "Hand over or escalate" panel on their console without
 * scrolling past the whole transcript, in chromium: where the console's columns stack (a phone at
 * 390 px, a laptop zoomed to 200 %, 683 × 384 CSS px) the panel sat below the transcript and the
 * reply box, as the conversation page's Step in panel did before 1d7b20f. The laptop is unchanged.
 */
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STACKED_AND_LAPTOP, inFirstScreen, signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, longDeliveryChat } from "./seed.ts";

const SHOTS = process.env.TAGTEAM_SHOTS_DIR;

/** A conversation long enough for its transcript to fill its box. */
const LINES = longDeliveryChat(6, "None of this helps. Get me someone who can actually change my delivery.");

describe.skipIf(!hasChromium)(
  "the console's hand-over panel can be reached without scrolling past the chat",
  () => {
    const e2e = useChromiumWorkspace({});
    let conversationId = "";

    for (const { name, viewport } of STACKED_AND_LAPTOP) {
      it(`${name} (${viewport.width} × ${viewport.height})`, async () => {
        if (conversationId === "")
          conversationId = await e2e.postChat({
            id: "reach-hand-over",
            customer: "Lena Fischer",
            topic: "shipping",
            lines: LINES,
          });
        const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.agent.email, PASSWORD);
        await page.setViewportSize(viewport);
        await page.goto(`/console/${conversationId}`);
        await page
          .getByRole("log", { name: "Transcript" })
          .getByText("Answer 6:")
          .waitFor({ timeout: STEP_TIMEOUT_MS });
        const panel = page.getByRole("region", { name: "Hand over or escalate" });
        await panel.waitFor({ timeout: STEP_TIMEOUT_MS });
        if (SHOTS !== undefined) {
          mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: `${SHOTS}/console-hand-over-${name}.png`, fullPage: true });
        }
        const link = page.getByRole("link", { name: "Hand over or escalate" });
        const transfer = panel.getByRole("button", { name: "Warm transfer…" });
        const inView = (box: { y: number; height: number } | null) => inFirstScreen(box, viewport.height);
        if (name === "laptop") {
          expect(await link.isVisible()).toBe(false);
        } else {
          // The link comes before the transcript; one tap brings the panel's buttons into view with
          // the focus on the first. The panel itself is below the transcript, out of the first screens.
          const transcript = await page.getByRole("log", { name: "Transcript" }).boundingBox();
          const linkBox = await link.boundingBox();
          expect(linkBox).not.toBeNull();
          expect(linkBox!.y).toBeLessThan(transcript!.y);
          expect((await panel.boundingBox())!.y).toBeGreaterThan(transcript!.y + transcript!.height);
          await link.click();
          expect(inView(await transfer.boundingBox())).toBe(true);
          expect(await transfer.evaluate((el) => el === document.activeElement)).toBe(true);
          if (SHOTS !== undefined)
            await page.screenshot({ path: `${SHOTS}/console-hand-over-${name}-jumped.png` });
        }
        await context.close();
      }, 90_000);
    }
  },
);
