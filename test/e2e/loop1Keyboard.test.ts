/**
 * One whole loop-1 step-in by keyboard alone, in chromium against the real server: the alerted
 * helper opens the alert, whispers, offers to take over; the agent accepts; the helper, now
 * answering the customer, hands the conversation back to the agent by a warm transfer. Every Tab
 * stop on the way shows where the focus is (a ring, in sight, not under anything: the transfer's
 * send button was under the toast "Your offer was accepted"), and after each action the focus is on
 * what comes next instead of falling to the page's body: the line saying the offer waits, the
 * agent's transcript once the conversation is taken over, the helper's reply box once it is theirs.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS, type PersonKey } from "./seed.ts";

/** What has the focus, and whether it can be seen there: a ring drawn, in the window, on top. */
async function focusStop(page: Page): Promise<{ name: string; problem: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body) return { name: "(body)", problem: "the focus fell to the page" };
    const name = `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`;
    const style = getComputedStyle(el);
    const ring =
      (style.outlineStyle !== "none" &&
        style.outlineColor !== "rgba(0, 0, 0, 0)" &&
        style.outlineWidth !== "0px") ||
      style.boxShadow !== "none";
    const r = el.getBoundingClientRect();
    const inWindow = r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), window.innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    const onTop = top !== null && (el === top || el.contains(top));
    const cover = top === null ? "nothing" : `${top.tagName.toLowerCase()}.${String(top.className)}`;
    const problem = !ring
      ? "no focus ring"
      : !inWindow
        ? "out of sight"
        : !onTop
          ? `covered by ${cover} "${(top?.textContent ?? "").trim().slice(0, 60)}"`
          : null;
    return { name, problem };
  });
}

/** Tab until `target` has the focus (at most 60 presses), noting every stop where it cannot be seen. */
async function tabTo(page: Page, target: Locator, problems: string[]): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const stop = await focusStop(page);
    if (stop.problem !== null)
      problems.push(`on the way to ${String(target)}: ${stop.name}: ${stop.problem}`);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

describe.skipIf(!hasChromium)("a loop-1 step-in by keyboard alone, in chromium", () => {
  let conversationId = "";
  let helper: PersonKey = "helper";

  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.filter((s) => s.id === "hd-1001") },
    setup: async ({ admin, openConversationId }) => {
      conversationId = await openConversationId(SCENARIOS.find((s) => s.id === "hd-1001")!.customer);
      let helperId: string | null = null;
      for (let i = 0; i < 100 && helperId === null; i++) {
        const { alerts } = await admin.call<{
          alerts: { helperId: string | null; conversationId: string }[];
        }>("GET", "/alerts?scope=team");
        helperId = alerts.find((a) => a.conversationId === conversationId)?.helperId ?? null;
        if (helperId === null) await new Promise((r) => setTimeout(r, 200));
      }
      const { people } = await admin.call<{ people: { id: string; email: string }[] }>("GET", "/people");
      const email = people.find((p) => p.id === helperId)?.email;
      const key = (Object.keys(PEOPLE) as PersonKey[]).find((k) => PEOPLE[k].email === email);
      if (key === undefined) throw new Error("no alert was routed for hd-1001");
      helper = key;
    },
  });

  it("opens the alert, whispers, takes over with the agent's consent and hands back", async () => {
    const problems: string[] = [];
    /** After an action: where the focus is, and that it can be seen there. */
    const after = async (page: Page, what: string): Promise<string> => {
      const stop = await focusStop(page);
      if (stop.problem !== null) problems.push(`after ${what}: ${stop.name}: ${stop.problem}`);
      return stop.name;
    };
    const { page, context } = await signInPage(e2e.browser, e2e.server.url, PEOPLE[helper].email, PASSWORD);
    await page.goto("/alerts");
    const open = page.getByRole("button", { name: "Open and help" }).first();
    await open.waitFor({ timeout: STEP_TIMEOUT_MS });
    await tabTo(page, open, problems);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/conversations\//);
    const steps = page.getByRole("group", { name: "Step in" });
    await steps.waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(() => document.activeElement?.id === "main");

    // Whisper: the box takes the focus; once sent, the focus is back on its button.
    await tabTo(page, steps.getByRole("button", { name: "Whisper…" }), problems);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Ask her which day the boots arrived.");
    await tabTo(page, page.getByRole("button", { name: "Send whisper" }), problems);
    await page.keyboard.press("Enter");
    await page.getByLabel(/Whisper to the agent/).waitFor({ state: "detached" });
    await page.waitForFunction(() => document.activeElement?.textContent === "Whisper…");

    // Offer to take over: the button gives way to the line saying the offer waits, which takes the
    // focus (it fell to the page's body).
    await tabTo(page, steps.getByRole("button", { name: "Offer to take over" }), problems);
    await page.keyboard.press("Enter");
    const waits = steps.getByRole("status").filter({ hasText: /Your offer to take over waits/ });
    await waits.waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(() => /Your offer/.test(document.activeElement?.textContent ?? ""));
    await after(page, "offering");

    // The agent accepts by keyboard: the prompt has the focus; once the conversation is the
    // helper's, the reply box goes and the focus is on the transcript (it fell to the body).
    const agent = await signInPage(e2e.browser, e2e.server.url, PEOPLE.agent.email, PASSWORD);
    await agent.page.goto(`/console/${conversationId}`);
    const offer = agent.page.getByRole("alertdialog", { name: /offers to take over/ });
    await offer.waitFor({ timeout: STEP_TIMEOUT_MS });
    await agent.page.waitForFunction(() => document.activeElement?.getAttribute("role") === "alertdialog");
    await tabTo(agent.page, offer.getByRole("button", { name: "Accept help" }), problems);
    await agent.page.keyboard.press("Enter");
    await agent.page.getByText(/has taken over this conversation/).waitFor({ timeout: STEP_TIMEOUT_MS });
    await agent.page.waitForFunction(() => document.activeElement?.getAttribute("role") === "log");
    await after(agent.page, "accepting");

    // The helper's page: the conversation is theirs, the focus in the reply box.
    await page.getByRole("heading", { name: "Hand over or escalate" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const replyBox = page.getByRole("textbox", { name: "Reply to the customer" });
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("aria-label") === "Reply to the customer",
    );
    await after(page, "the offer accepted");
    await page.keyboard.type(
      "I'm sorry, Dana: you're well within our 30 days. I'll send a prepaid label now.",
    );
    await page.keyboard.press("Enter");
    await page
      .getByRole("log", { name: "Transcript" })
      .getByText(/prepaid label now/)
      .waitFor();
    expect(await replyBox.evaluate((el) => el === document.activeElement)).toBe(true);

    // Hand back: a warm transfer to the agent, by keyboard; after it, the focus on its button.
    const handOver = page.getByRole("group", { name: "Step in" });
    await tabTo(page, handOver.getByRole("button", { name: "Warm transfer…" }), problems);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.tagName === "SELECT");
    await page.keyboard.type(PEOPLE.agent.name);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Label sent; she only needs the drop-off point.");
    await tabTo(page, page.getByRole("button", { name: "Transfer with summary" }), problems);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Step in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(() => document.activeElement?.textContent === "Warm transfer…");
    await after(page, "handing back");
    expect(problems).toEqual([]);
    await agent.context.close();
    await context.close();
  }, 180_000);
});
