/**
 * A huddle's suggested procedure update reads whole at 200 % zoom (683 × 450) and on a phone
 * (390 × 844), in chromium: the field naming it wraps on two lines. It was one line, and showed a
 * third of it ('The first two lines to say to a frustrated ac'). Enter still names the champion.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, morningOfADay } from "./seed.ts";

describe.skipIf(!hasChromium)("a huddle's suggested update at 200 % zoom and on a phone", () => {
  const { date, at } = morningOfADay();
  const e2e = useChromiumWorkspace({ scenarios: { startAt: at } });

  it("shows each suggested update whole, and Enter names the champion", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    const wrapUp = page.getByRole("region", { name: "After the shift: huddle (15 minutes)" });
    for (const size of [
      { width: 683, height: 450 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await page.goto(`/huddles?date=${date}`);
      await wrapUp.getByRole("form").first().waitFor({ timeout: STEP_TIMEOUT_MS });
      const fields = wrapUp.getByLabel("Update to write");
      expect(await fields.count()).toBeGreaterThan(0);
      const cut = await fields.evaluateAll((els) =>
        els
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          .map((el) => (el as HTMLTextAreaElement).value),
      );
      expect(cut, `${size.width}×${size.height}`).toEqual([]);
    }
    const form = wrapUp.getByRole("form").first();
    await form.getByLabel("Champion").selectOption({ label: PEOPLE.helper.name });
    await form.getByLabel("Update to write").fill("Two lines for upset customers,\nthen the next step");
    expect(await form.getByLabel("Update to write").inputValue()).toBe(
      "Two lines for upset customers, then the next step",
    );
    await form.getByLabel("Update to write").press("Enter");
    await wrapUp.getByText(`Champion: ${PEOPLE.helper.name}`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 90_000);
});
