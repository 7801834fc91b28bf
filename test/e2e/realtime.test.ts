/**
 * The staff app in a real browser: the offline banner appears when the network goes, and after it
 * comes back the client says hello with the last event id it saw and a whisper sent while it was
 * offline shows up without a reload; keyboard-only use; an agent raising a hand (it stays raised
 * after a reload until help comes); a chat waiting for an agent, opened in the console.
 */
import { describe, expect, it } from "vitest";
import type { ClientFrame, ServerFrame } from "../../src/protocol/ws.ts";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("the staff app in chromium: realtime, keyboard, raising a hand", () => {
  let conversationId: string;

  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(2, 3) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[2]!.customer);
    },
  });

  it("shows the offline banner, then reconnects, resumes from the last event id and shows what was missed", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    const hellos: Extract<ClientFrame, { type: "hello" }>[] = [];
    let welcomes = 0;
    page.on("websocket", (socket) => {
      socket.on("framesent", (f) => {
        const frame = JSON.parse(String(f.payload)) as ClientFrame;
        if (frame.type === "hello") hellos.push(frame);
      });
      socket.on("framereceived", (f) => {
        const frame = JSON.parse(String(f.payload)) as ServerFrame;
        if (frame.type === "welcome") welcomes += 1;
      });
    });
    await page.goto(`/console/${conversationId}`);
    await page.getByRole("log", { name: "Transcript" }).getByText("Where is my order?").waitFor();
    await expect.poll(() => hellos.length, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(0);
    // The client learns the last event id from the server's welcome: go offline only after it.
    await expect.poll(() => welcomes, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(0);

    const banner = page.getByRole("status").filter({ hasText: "You are offline" });
    await context.setOffline(true);
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });

    // While the agent is offline, the lead whispers.
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const whisper = "Mention the 6pm delivery window again before you close.";
    await lead.call("POST", `/conversations/${conversationId}/step-in`, { kind: "whisper", text: whisper });

    await context.setOffline(false);
    await banner.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await page
      .getByRole("list", { name: "Whispers and signals" })
      .getByText(whisper)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const resumed = hellos.at(-1);
    expect(hellos.length).toBeGreaterThan(1);
    expect(resumed?.lastEventId).toMatch(/^\d+$/);
    await context.close();
  }, 120_000);

  it("can be used from the keyboard: sign in, reach the floor, open a conversation", async () => {
    const { server, browser } = e2e;
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Email").focus();
    await page.keyboard.type(PEOPLE.lead.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    // Tab through the sidebar until the Floor link has focus, then follow it.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate("document.activeElement?.textContent ?? ''")) === "Floor") break;
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "The floor" }).waitFor();
    const first = page.getByRole("table", { name: "Live conversations by risk" }).getByRole("link").first();
    await first.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("log", { name: "Transcript" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(page.url()).toContain("/conversations/");
    await context.close();
  });

  it("lets the agent raise a hand: the console says help is on the way and a teammate is alerted", async () => {
    const { server, browser, admin } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto(`/console/${conversationId}`);
    await page.getByRole("button", { name: "Raise a hand" }).click();
    await page.getByText("Hand raised — help is on the way").waitFor({ timeout: STEP_TIMEOUT_MS });
    const { alerts } = await admin.call<{
      alerts: { conversationId: string; helperId: string | null; agentId: string | null }[];
    }>("GET", "/alerts?scope=team");
    const raised = alerts.find((a) => a.conversationId === conversationId);
    expect(raised).toBeDefined();
    expect(raised?.helperId).not.toBeNull();
    expect(raised?.helperId).not.toBe(raised?.agentId);
    // The hand stays raised after a reload (it went back to "Raise a hand", inviting a second one)...
    await page.reload();
    await page.getByText("Hand raised — help is on the way").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("button", { name: "Raise a hand" }).count()).toBe(0);
    // ...until help reaches the agent in this conversation.
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "whisper",
      text: "Ask which order it is and offer to check it now.",
    });
    await page.getByRole("button", { name: "Raise a hand" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  });

  it("on a phone, a toast's Answer brings the takeover offer into view and focus", async () => {
    const { server, browser } = e2e;
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.agent.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto(`/console/${conversationId}`);
    // The agent is writing a reply: the offer does not take the focus from it, the toast tells.
    const reply = page.getByLabel("Reply to the customer");
    await reply.click();
    await reply.pressSequentially("Let me check");
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "takeover_offer",
      text: "I know this order; shall I take it?",
    });
    const prompt = page.getByRole("alertdialog", { name: /offers to take over/ });
    await prompt.waitFor({ timeout: STEP_TIMEOUT_MS });
    const inView = () =>
      prompt.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    expect(await inView()).toBe(false);
    // "Answer" led to the page already open: nothing moved, the prompt stayed out of sight.
    await page.getByRole("link", { name: "Answer" }).click();
    await expect.poll(inView, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    expect(await prompt.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole("button", { name: /Decline/ }).click();
    await prompt.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await context.close();
  });

  it("a chat waiting for an agent says so in the console, not that a teammate has it", async () => {
    const { server, browser, admin } = e2e;
    const { teams } = await admin.call<{ teams: { id: string; chatKey: string }[] }>("GET", "/teams");
    const chatKey = teams[0]?.chatKey ?? "";
    const customerContext = await browser.newContext({ baseURL: server.url });
    const customer = await customerContext.newPage();
    await customer.goto(`/widget.html?key=${encodeURIComponent(chatKey)}`);
    await customer.getByLabel("Your name").fill("Wren Abbott");
    await customer.getByLabel("How can we help?").fill("My parcel came open. Can you send the missing part?");
    await customer.getByRole("button", { name: "Start chat" }).click();
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/console");
    await page.getByRole("link", { name: /Wren Abbott/ }).click();
    const header = page.locator("#chat-title").locator("xpath=..");
    await header.getByText("waiting for an agent: your reply takes it").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await header.getByText("now with").count()).toBe(0);
    const reply = page.getByLabel("Reply to the customer");
    await reply.fill("Hi Wren, I'm sorry it came open. I'll send the missing part today.");
    await reply.press("Enter");
    await header.getByText("waiting for an agent").waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await customerContext.close();
    await context.close();
  });
});
