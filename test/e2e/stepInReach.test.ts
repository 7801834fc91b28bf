/**
 * A helper reaches the Step in panel without scrolling past the whole transcript, in chromium: on
 * a phone (390 px) and at 200 % zoom (683 × 384 CSS px) the conversation's columns stack, and the
 * panel sat below the transcript, the state chart and the diagnosis. The laptop keeps its columns.
 */
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STACKED_AND_LAPTOP, inFirstScreen, signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, longDeliveryChat } from "./seed.ts";

const SHOTS = process.env.TAGTEAM_SHOTS_DIR;
const CUSTOMER = "Ines Duarte";

/** An upset customer and an agent in a long enough conversation for its transcript to scroll. */
const LINES = longDeliveryChat(5, "I don't care what you think. You clearly don't know what you're doing.");

describe.skipIf(!hasChromium)(
  "the Step in panel can be reached without scrolling past the transcript",
  () => {
    const e2e = useChromiumWorkspace({});
    let conversationId = "";

    for (const { name, viewport } of STACKED_AND_LAPTOP) {
      it(`${name} (${viewport.width} × ${viewport.height})`, async () => {
        if (conversationId === "")
          conversationId = await e2e.postChat({
            id: "reach-step-in",
            customer: CUSTOMER,
            topic: "shipping",
            lines: LINES,
          });
        const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
        await page.setViewportSize(viewport);
        await page.goto(`/conversations/${conversationId}`);
        const log = page.getByRole("log", { name: "Transcript" });
        await log.getByText("Answer 5:").waitFor({ timeout: STEP_TIMEOUT_MS });
        const stepIn = page.getByRole("heading", { name: "Step in", exact: true });
        await stepIn.waitFor({ timeout: STEP_TIMEOUT_MS });
        if (SHOTS !== undefined) {
          mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: `${SHOTS}/step-in-${name}.png`, fullPage: true });
        }
        const link = page.getByRole("link", { name: "Step in" });
        const signal = page.getByRole("button", { name: "Signal support" });
        const inView = (box: { y: number; height: number } | null) => inFirstScreen(box, viewport.height);
        if (name === "laptop") {
          // Side by side: no link, the panel in the right column as before (below the chart).
          expect(await link.isVisible()).toBe(false);
          const transcript = await page.getByRole("log", { name: "Transcript" }).boundingBox();
          const panel = await stepIn.boundingBox();
          expect(panel!.x).toBeGreaterThan(transcript!.x + transcript!.width);
          const chart = await page.getByRole("heading", { name: "Customer state and risk" }).boundingBox();
          expect(chart!.y).toBeLessThan(panel!.y);
        } else {
          // Stacked: the link is in the first screen, above the transcript, and one tap brings the
          // panel's buttons into view with the focus on the first.
          expect(await page.evaluate(() => window.scrollY)).toBe(0);
          const linkBox = await link.boundingBox();
          const transcript = await page.getByRole("log", { name: "Transcript" }).boundingBox();
          expect(inView(linkBox)).toBe(true);
          expect(linkBox!.y).toBeLessThan(transcript!.y);
          await link.click();
          expect(inView(await signal.boundingBox())).toBe(true);
          expect(await signal.evaluate((el) => el === document.activeElement)).toBe(true);
          // Below the transcript, the diagnosis and the panel come first; the chart after them.
          const order = await page.evaluate(() =>
            ["diagnosis-title", "stepin-title", "chart-title"].map(
              (id) => document.getElementById(id)!.getBoundingClientRect().top,
            ),
          );
          expect(order).toEqual([...order].sort((a, b) => a - b));
          if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/step-in-${name}-jumped.png` });
        }
        await context.close();
      }, 90_000);
    }
  },
);
