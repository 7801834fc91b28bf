/**
 * Admin → People at a narrow width (a laptop zoomed in, a tablet), in chromium: a person's team
 * badge wraps between words only. Its column shrank to a few letters, the badge broken anywhere
 * ("Escalation / s", "Internatio / nales").
 */
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

const TEAM = "Escalations Internationales";

describe.skipIf(!hasChromium)("Admin → People at a narrow width, in chromium", () => {
  const e2e = useChromiumWorkspace({
    setup: async (w) => {
      const { team } = await w.admin.call<{ team: { id: string } }>("POST", "/teams", { name: TEAM });
      await w.admin.call("PATCH", `/people/${w.ws.ids.agent}`, { teamIds: [w.ws.teamId, team.id] });
    },
  });

  it("keeps each word of a team's name whole in its badge", async () => {
    const context = await e2e.browser.newContext({
      baseURL: e2e.server.url,
      viewport: { width: 700, height: 800 },
    });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto("/admin/people");
    const badge = page.locator(".badge", { hasText: TEAM });
    await badge.waitFor({ timeout: STEP_TIMEOUT_MS });
    // Each word's own width, in the badge's font, against the room the badge gives its text.
    const fits = await badge.evaluate((el) => {
      const room = el.clientWidth - parseFloat(getComputedStyle(el).paddingLeft) * 2;
      return (el.textContent ?? "").split(" ").map((word) => {
        const probe = document.createElement("span");
        probe.style.cssText = "position:absolute;white-space:nowrap;visibility:hidden";
        probe.textContent = word;
        el.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return { word, whole: width <= room + 0.5 };
      });
    });
    expect(fits).toEqual(TEAM.split(" ").map((word) => ({ word, whole: true })));
    await context.close();
  }, 120_000);
});
