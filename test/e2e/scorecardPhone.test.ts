/**
 * An agent reads a scorecard on a phone (320 px), in chromium against the real server: the
 * evidence column keeps room for its words and the table scrolls sideways in its panel. It was
 * squeezed to a letter or two a line, each row a screen tall.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("a scorecard on a phone, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: { only: SCENARIOS.slice(0, 1) } });

  it("keeps the evidence readable at 320 px", async () => {
    const { server, browser } = e2e;
    const conversationId = await e2e.openConversationId(SCENARIOS[0]?.customer ?? "");
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/close`);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`/qa/${conversationId}`);
    const table = page.getByRole("table", { name: "Scorecard items" });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    const evidence = table.getByRole("row").nth(1).getByRole("cell").last();
    expect((await evidence.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(200);
    // The page itself does not scroll sideways: the table does, in its panel.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  }, 120_000);
});
