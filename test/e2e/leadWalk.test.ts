/**
 * What a team lead and an admin meet walking through tagteam, in chromium: each check is a problem
 * found on such a walk, and fails on the page as it was.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";
import type { ServerFrame } from "../../src/protocol/ws.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postScenarios } from "./seed.ts";

describe.skipIf(!hasChromium)("a lead's and an admin's walk, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("a page whose address the server refuses says so in words, not in the validator's", async () => {
    const { server, browser, ws } = e2e;
    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/huddles?teamId=${ws.teamId}&date=2026-13-45`);
    const notice = page.getByRole("alert").filter({ hasText: "could not be shown" });
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain("the date must be a date such as");
    expect(text).toContain("Choose again on the page");
    expect(text).not.toMatch(/Invalid request|query\./);

    await page.goto("/huddles?teamId=not-a-team");
    const unknown = page.getByRole("alert").filter({ hasText: "could not be shown" });
    await unknown.waitFor();
    expect(await unknown.innerText()).toContain("the team is not one tagteam knows");
    expect(await unknown.innerText()).not.toMatch(/UUID|query\./);
    await context.close();
  }, 60_000);

  it("an alert that arrives while the lead is on the Alerts page is listed there, with no toast over its buttons", async () => {
    const { server, browser, ws } = e2e;
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if ((JSON.parse(String(f.payload)) as ServerFrame).type === "welcome") welcomed = true;
      }),
    );
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.lead.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto("/alerts");
    await page.getByRole("heading", { name: "Alerts for me" }).waitFor();
    await expect.poll(() => welcomed, { timeout: 20_000 }).toBe(true);
    // A customer asking for a manager: the lead (authority) is the one asked.
    await postScenarios(server.url, ws, PEOPLE.agent.email, SCENARIOS.slice(0, 1));
    const card = page.locator("article, li, section").filter({ hasText: "Dana Whitfield" }).first();
    await card.waitFor({ timeout: 20_000 });
    // The toast comes with the event that brings the card, so it would be on screen by now.
    expect(await page.getByRole("status").filter({ hasText: "you are best placed" }).count()).toBe(0);
    await page.getByRole("button", { name: "Not useful" }).first().click({ trial: true });
    await context.close();
  }, 60_000);

  it("the escalation protocol with no level left says why it cannot be saved", async () => {
    const { server, browser } = e2e;
    const { page, context } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/protocol");
    await page.getByLabel("Minutes to acknowledge").first().waitFor();
    while ((await page.getByRole("button", { name: /^Remove level/ }).count()) > 0)
      await page
        .getByRole("button", { name: /^Remove level/ })
        .first()
        .click();
    const save = page.getByRole("button", { name: "Save protocol" });
    expect(await save.isDisabled()).toBe(true);
    const reason = page.getByText(
      "No level is left: an escalation would have nobody to ask. Add a level to save.",
    );
    await reason.waitFor();
    expect(await save.getAttribute("aria-describedby")).toBe(await reason.getAttribute("id"));
    await page.getByRole("button", { name: "Add a level" }).click();
    expect(await save.isDisabled()).toBe(false);
    expect(await reason.count()).toBe(0);
    await context.close();
  }, 60_000);

  it("the knowledge base says at once when a fact's value could never be checked, and adds it only once it can", async () => {
    const { server, browser } = e2e;
    const { page, context } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/knowledge");
    const form = page.getByRole("form", { name: "Add a fact" });
    await form.getByLabel("Statement").fill("Exchanges are accepted within 60 days.");
    await form.getByLabel("Topic").fill("returns");
    await form.getByLabel("Value").fill("60 days");
    const problem = form.getByRole("alert");
    await problem.waitFor();
    expect(await problem.innerText()).toBe(
      "Value: “60 days” is a number with its unit: write 60 as the value and “days” as the unit.",
    );
    await form.getByRole("button", { name: "Add fact" }).click();
    expect(
      await page.getByRole("cell", { name: "Exchanges are accepted within 60 days.", exact: true }).count(),
    ).toBe(0);
    await form.getByLabel("Value").fill("sixty");
    await form.getByLabel("Unit").fill("day");
    expect(await problem.innerText()).toMatch(/is text, but the unit “day” asks for a number/);
    await form.getByLabel("Value").fill("60");
    expect(await form.getByRole("alert").count()).toBe(0);
    await form.getByRole("button", { name: "Add fact" }).click();
    await page.getByRole("cell", { name: "Exchanges are accepted within 60 days.", exact: true }).waitFor();
    await context.close();
  }, 60_000);
});
