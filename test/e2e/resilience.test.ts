/**
 * What people see when things go wrong, in a real browser against the real server: the connection
 * drops while a lead is scrolled down a long conversation page; a customer gives a name that is one
 * long unbroken line; the conversation turns while a lead is writing a whisper; another customer
 * writes while an agent is half-way through a reply; the server cannot be reached when the app reads
 * who is signed in again.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import {
  STEP_TIMEOUT_MS,
  hasChromium,
  postMessage,
  refreshWhileUnreachable,
  useChromiumWorkspace,
} from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("when the connection or the server goes, in chromium", () => {
  let conversationId: string;
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(0, 1) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[0]!.customer);
    },
  });

  it("keeps the offline banner in view on a page scrolled down", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize({ width: 1366, height: 600 });
    await page.goto(`/conversations/${conversationId}`);
    await page.getByRole("group", { name: "Step in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page
      .getByText("● live")
      .or(page.getByRole("log", { name: "Transcript" }))
      .first()
      .waitFor();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);

    await context.setOffline(true);
    const banner = page.getByRole("status").filter({ hasText: "You are offline" });
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
    const box = await banner.boundingBox();
    expect(box).not.toBeNull();
    // In the viewport, at its top: not scrolled away above it.
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(10);
    await context.setOffline(false);
    await banner.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);

  it("keeps a customer's name of one long unbroken line in its column, the buttons beside it in view", async () => {
    const { server, browser, ws } = e2e;
    const name = `<b>${"Wolfeschlegelsteinhausenbergerdorff".repeat(8)}</b>`;
    const external = "long-name-1";
    const id = await postMessage(server.url, ws, {
      conversationId: external,
      senderMessageId: `${external}-1`,
      role: "customer",
      author: name,
      topic: "shipping",
      text: "My parcel never came and nobody answers.",
    });
    await postMessage(server.url, ws, {
      conversationId: external,
      senderMessageId: `${external}-2`,
      role: "agent",
      author: PEOPLE.agent.email,
      text: "Let me look into it.",
    });
    /** Whether anything reaches past the window's right edge (the page scrolls sideways). */
    const widerThanWindow = (p: Page) =>
      p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

    const agent = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent.page.goto(`/console/${id}`);
    await agent.page.getByRole("heading", { name }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await widerThanWindow(agent.page)).toBe(false);
    const close = await agent.page.getByRole("button", { name: "Close conversation" }).boundingBox();
    expect(close!.x + close!.width).toBeLessThanOrEqual(1366);

    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.goto(`/conversations/${id}`);
    await lead.page.getByRole("heading", { name, level: 1 }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await widerThanWindow(lead.page)).toBe(false);

    // The floor's and the history's tables: the name stays inside its own cell.
    for (const [path, table] of [
      ["/floor", "Live conversations by risk"],
      ["/conversations", "Conversations"],
    ] as const) {
      await lead.page.goto(path);
      const link = lead.page.getByRole("table", { name: table }).getByRole("link", { name });
      await link.waitFor({ timeout: STEP_TIMEOUT_MS });
      const [linkBox, cellBox] = await Promise.all([
        link.boundingBox(),
        link.locator("xpath=ancestor::td[1]").boundingBox(),
      ]);
      expect(linkBox!.x + linkBox!.width, path).toBeLessThanOrEqual(cellBox!.x + cellBox!.width);
      expect(cellBox!.width, path).toBeLessThan(600);
      expect(await widerThanWindow(lead.page), path).toBe(false);
    }
    await agent.context.close();
    await lead.context.close();
  }, 120_000);

  it("keeps a whisper being written when the conversation turns and tagteam suggests a step", async () => {
    const { server, browser, ws } = e2e;
    const external = "turns-1";
    const say = (n: number, role: "customer" | "agent", text: string) =>
      postMessage(server.url, ws, {
        conversationId: external,
        senderMessageId: `${external}-${n}`,
        role,
        text,
        topic: "returns",
        ...(role === "agent" ? { author: PEOPLE.agent.email } : { author: "Rita Gomez" }),
      });
    const id = await say(1, "customer", "Hello, can I return a jacket I bought last week?");
    await say(2, "agent", "Thanks for asking, Rita. Yes: items can be returned within 30 days of delivery.");
    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/conversations/${id}`);
    await page.getByRole("group", { name: "Step in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page
      .getByRole("log", { name: "Transcript" })
      .getByText(/within 30 days/)
      .waitFor();
    const suggested = page.locator(".suggestion");
    const suggestedBefore = (await suggested.count()) > 0 ? await suggested.first().innerText() : "";
    await page.getByRole("button", { name: "Whisper…" }).click();
    const box = page.getByLabel(/Whisper to the agent/);
    const mine = "Ask her whether the tags are still on; that decides it";
    await box.fill(mine);

    // Meanwhile the conversation goes wrong and tagteam suggests a step.
    await say(3, "customer", "It arrived 3 weeks ago. Your website says 30 days! This is ridiculous.");
    await say(
      4,
      "agent",
      "Sorry, that's not my fault, the warehouse team handles that, I just follow the rules.",
    );
    await say(
      5,
      "customer",
      "You're useless. I want to speak to a manager right now or I'm cancelling my account.",
    );
    await page
      .getByRole("log", { name: "Transcript" })
      .getByText(/cancelling my account/)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect
      .poll(async () => ((await suggested.count()) > 0 ? await suggested.first().innerText() : ""), {
        timeout: STEP_TIMEOUT_MS,
      })
      .not.toBe(suggestedBefore);
    expect(await box.inputValue()).toBe(mine);
    await page.getByRole("button", { name: "Send whisper" }).click();
    await page.getByRole("log", { name: "Transcript" }).getByText(mine).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);

  it("keeps an agent's half-written reply with its customer when another customer writes", async () => {
    const { server, browser, ws } = e2e;
    const say = (chat: string, n: number, role: "customer" | "agent", author: string, text: string) =>
      postMessage(server.url, ws, {
        conversationId: chat,
        senderMessageId: `${chat}-${n}`,
        role,
        author: role === "agent" ? PEOPLE.helper.email : author,
        text,
        topic: "refunds",
      });
    await say("two-chats-a", 1, "customer", "Olga Berg", "Hi, where is my refund?");
    await say("two-chats-a", 2, "agent", "", "Let me check that for you, Olga.");
    await say("two-chats-b", 1, "customer", "Piet Claes", "Hello, I need to change my address.");
    await say("two-chats-b", 2, "agent", "", "Sure, Piet, which address should we use?");
    const { page, context } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await page.goto("/console");
    const title = page.locator("#chat-title");
    await title.getByText("Piet Claes").waitFor({ timeout: STEP_TIMEOUT_MS });
    const box = page.getByLabel("Reply to the customer");
    const half = "Piet, your new address is saved and your next parcel";
    await box.fill(half);

    // Olga writes: her chat goes to the top of the list, and the reply stays with Piet.
    await say("two-chats-a", 3, "customer", "Olga Berg", "Hello? Are you still there?");
    const list = page.getByRole("navigation", { name: "My conversations" });
    await expect
      .poll(async () => (await list.getByRole("link").first().innerText()).includes("Olga Berg"), {
        timeout: STEP_TIMEOUT_MS,
      })
      .toBe(true);
    expect(await title.innerText()).toBe("Piet Claes");
    expect(await box.inputValue()).toBe(half);

    // Opening Olga's chat shows her own (empty) box; back with Piet, the reply is there still.
    await list.getByRole("link", { name: /Olga Berg/ }).click();
    await title.getByText("Olga Berg").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await box.inputValue()).toBe("");
    await list.getByRole("link", { name: /Piet Claes/ }).click();
    await title.getByText("Piet Claes").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await box.inputValue()).toBe(half);
    await context.close();
  }, 120_000);

  it("keeps the page and what was typed when the server cannot be reached on a focus", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD, "laptop", {
      clock: true,
    });
    await page.goto(`/console/${conversationId}`);
    const box = page.getByLabel("Reply to the customer");
    await box.fill("Dana, I have checked with our returns team and");

    // The server goes away; minutes later the agent comes back to the window.
    await refreshWhileUnreachable(page);
    expect(await page.getByText("tagteam can’t reach its server").count()).toBe(0);
    expect(await box.inputValue()).toBe("Dana, I have checked with our returns team and");
    // The list of her conversations stays too (it was replaced by the error), to move between them.
    const mine = page.getByRole("navigation", { name: "My conversations" });
    expect(await mine.getByRole("link", { name: /Dana Whitfield/ }).count()).toBe(1);

    // Back: the page carries on by itself.
    await page.unroute("**/api/v1/**");
    await page.clock.fastForward("00:15");
    await page
      .getByRole("status")
      .filter({ hasText: "You are offline" })
      .waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);

  it("keeps a lead's conversation page and half-written whisper while the server cannot be reached", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD, "laptop", {
      clock: true,
    });
    await page.goto(`/conversations/${conversationId}`);
    await page.getByRole("button", { name: "Whisper…" }).click();
    const box = page.getByLabel(/Whisper to the agent/);
    await box.fill("Offer her the 30-day return: the website is right");

    await refreshWhileUnreachable(page);
    expect(await page.getByText("Cannot reach the server").count()).toBe(0);
    expect(await box.inputValue()).toBe("Offer her the 30-day return: the website is right");
    await page.unroute("**/api/v1/**");
    await context.close();
  }, 120_000);

  it("keeps the escalation queue on a lead's screen while the server cannot be reached", async () => {
    const { server, browser, ws } = e2e;
    const id = await postMessage(server.url, ws, {
      conversationId: "queue-1",
      senderMessageId: "queue-1-1",
      role: "customer",
      author: "Quentin Marsh",
      topic: "billing",
      text: "I was charged three times and nobody answers my emails.",
    });
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await agent.call("POST", `/conversations/${id}/escalate`, {
      reason: "Three charges: beyond what I may refund",
    });
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD, "laptop", {
      clock: true,
    });
    await page.goto("/escalations");
    const queue = page.getByRole("table", { name: "Escalation queue" });
    await queue.getByText("Quentin Marsh").waitFor({ timeout: STEP_TIMEOUT_MS });

    await refreshWhileUnreachable(page);
    expect(await queue.getByText("Quentin Marsh").count()).toBe(1);
    await page.unroute("**/api/v1/**");
    await context.close();
  }, 120_000);
});
