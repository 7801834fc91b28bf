/**
 * What an agent meets after the conversation and around it, in chromium against the real server:
 * the feedback they send shows where they can find it, and the forms say their limits before the
 * server refuses.
 */
import { describe, expect, it } from "vitest";
import type { ServerFrame } from "../../src/protocol/ws.ts";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { JOURNAL_MAX_CHARS } from "../../src/protocol/index.ts";
import { PASSWORD, PEOPLE, SCENARIOS, closeWithLoop2Material, postScenarios } from "./seed.ts";

describe.skipIf(!hasChromium)("an agent's own pages, in chromium", () => {
  const e2e = useChromiumWorkspace();

  /** The id of a conversation posted by the helpdesk, by its helpdesk id. */
  async function conversationOf(externalId: string | undefined): Promise<string> {
    const { admin } = e2e;
    const { conversations } = await admin.call<{ conversations: { id: string; externalId: string }[] }>(
      "GET",
      "/conversations",
    );
    const found = conversations.find((c) => c.externalId === externalId);
    if (found === undefined) throw new Error(`no conversation ${externalId ?? "?"}`);
    return found.id;
  }

  it("feedback just sent is shown under Sent, on top, and the notice names who it went to", async () => {
    const { server, browser, ws } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/feedback");
    const form = page.getByRole("form", { name: "Write feedback" });
    await form.getByLabel("To").selectOption(ws.ids.helper);
    const text =
      "When you repeated the customer's order number back, they stopped re-explaining. Next time you could do it first.";
    await form.getByLabel(/Feedback/).fill(text);
    await form.getByRole("button", { name: "Send privately" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Sent privately to ${PEOPLE.helper.name}` })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    // The list turned to Sent by itself, the new feedback in it.
    const threads = page.getByRole("article", { name: `Feedback to ${PEOPLE.helper.name}` });
    await threads.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await threads.first().innerText()).toContain("repeated the customer's order number");
    expect(await page.getByRole("button", { name: "Sent", exact: true }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await context.close();
  }, 120_000);

  it("the journal's text box stops at the server's limit and says so while typing", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/journal");
    const box = page.getByLabel("Reflection");
    // Pasted text past the limit: the box keeps the first 20,000 characters and says why.
    await box.fill("I noticed the customer slowed down when I named the date. ".repeat(400));
    expect((await box.inputValue()).length).toBe(JOURNAL_MAX_CHARS);
    await page
      .getByRole("status")
      .filter({ hasText: "That is the limit: 20,000 characters." })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    // What is kept is saved: nothing for the server to refuse.
    await page.getByRole("button", { name: "Save entry" }).click();
    await page.getByRole("list", { name: "Journal entries" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("alert").count()).toBe(0);
    // Editing it has the same limit.
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByLabel("Edit entry");
    await edit.press("End");
    await edit.pressSequentially("more");
    expect((await edit.inputValue()).length).toBe(JOURNAL_MAX_CHARS);
    await context.close();
  }, 120_000);

  it("the toasts of an offer to take over, a signal and a whisper name the teammate who sent it", async () => {
    const { server, browser, ws } = e2e;
    await postScenarios(server.url, ws, PEOPLE.agent.email, SCENARIOS.slice(0, 1));
    const conversationId = await conversationOf(SCENARIOS[0]?.id);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if ((JSON.parse(String(f.payload)) as ServerFrame).type === "welcome") welcomed = true;
      }),
    );
    await page.goto("/skills");
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Offered once the realtime connection has its welcome, or the toast could pass unseen.
    await expect.poll(() => welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${conversationId}/step-in`, { kind: "takeover_offer" });
    const toast = page.getByRole("status").filter({ hasText: "offers to take over" });
    await toast.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await toast.first().innerText()).toContain(`${PEOPLE.helper.name} offers to take over`);
    // A signal and a whisper name their sender too.
    await helper.call("POST", `/conversations/${conversationId}/step-in`, { kind: "signal" });
    await helper.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "whisper",
      text: "Ask which day suits them for the callback.",
    });
    for (const title of [
      `${PEOPLE.helper.name} is here if you need them`,
      `${PEOPLE.helper.name} whispered a suggestion`,
    ])
      await page.getByRole("status").filter({ hasText: title }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);

  it("tagteam's insight draft lands in the capture form, its [bracketed] part selected for the agent's words", async () => {
    const { server, browser, ws } = e2e;
    const scenario = {
      id: "hd-walk-insight",
      customer: "Rosa Delgado",
      topic: "billing",
      channel: "chat",
      lines: [
        ["customer", "I'm confused. What is this restocking fee on my invoice? I don't understand it."],
        ["agent", "Let me check, maybe it's something from billing."],
      ],
    } as const;
    await postScenarios(server.url, ws, PEOPLE.agent.email, [scenario]);
    const conversationId = await conversationOf(scenario.id);
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/close`);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto(`/qa/${conversationId}`);
    await page.getByRole("button", { name: "Capture an insight" }).click({ timeout: STEP_TIMEOUT_MS });
    const form = page.getByRole("form", { name: "Capture an insight" });
    await form.getByRole("button", { name: "Let tagteam draft it" }).click();
    const box = form.getByLabel("What confused the customer, and what worked");
    await expect
      .poll(() => box.inputValue(), { timeout: STEP_TIMEOUT_MS })
      .toMatch(/^Customers were confused by/);
    // Nothing is saved yet, and not with the placeholder in it.
    expect(await form.getByRole("button", { name: "Save draft" }).isDisabled()).toBe(true);
    // The page selects the part to write on the frame after the draft lands: wait for it.
    await expect
      .poll(
        () => box.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd)),
        { timeout: STEP_TIMEOUT_MS },
      )
      .toMatch(/^\[.*\]$/);
    // Typing replaces the selected part.
    await page.keyboard.type("Naming the fee as 10% of the price settled it.");
    await form.getByRole("button", { name: "Save draft" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Insight saved as a draft" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.goto("/knowledge");
    const draft = page.getByRole("article", { name: "Insight (draft)" });
    await draft.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = await draft.first().innerText();
    expect(text).toContain("Naming the fee as 10% of the price settled it.");
    expect(text).not.toContain("[What worked?");
    await context.close();
  }, 120_000);

  it("an agent whose conversation a teammate escalates is told, and their console says so above it", async () => {
    const { server, browser, ws } = e2e;
    await postScenarios(server.url, ws, PEOPLE.agent.email, SCENARIOS.slice(1, 2));
    const conversationId = await conversationOf(SCENARIOS[1]?.id);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if ((JSON.parse(String(f.payload)) as ServerFrame).type === "welcome") welcomed = true;
      }),
    );
    await page.goto("/skills");
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${conversationId}/escalate`, {
      reason: "The customer asks for a manager",
    });
    const toast = page
      .getByRole("status")
      .filter({ hasText: `${PEOPLE.helper.name} escalated one of your conversations to a lead` });
    await toast.getByRole("link", { name: "Open it" }).click({ timeout: STEP_TIMEOUT_MS });
    await page.waitForURL((u) => u.pathname === `/console/${conversationId}`, { timeout: STEP_TIMEOUT_MS });
    const note = page.getByRole("status", { name: "Escalated" });
    await note.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await note.innerText()).toContain(
      `${PEOPLE.helper.name} escalated this conversation to ${PEOPLE.lead.name}`,
    );
    // The reason was written for the supervisor, not shown to the agent.
    expect(await page.getByText("The customer asks for a manager").count()).toBe(0);
    await context.close();
  }, 120_000);

  it("feedback received is announced with who sent it, shown as New once, and read after", async () => {
    const { server, browser, ws } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if ((JSON.parse(String(f.payload)) as ServerFrame).type === "welcome") welcomed = true;
      }),
    );
    await page.goto("/skills");
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const peer = await ApiSession.signIn(server.url, PEOPLE.peer.email, PASSWORD);
    await peer.call("POST", "/feedback", {
      receiverId: ws.ids.agent,
      text: "When you gave the refund date up front, the customer relaxed. Keep leading with the date.",
    });
    const toast = page.getByRole("status").filter({ hasText: `${PEOPLE.peer.name} sent you feedback` });
    await toast.getByRole("link", { name: "Read it" }).click({ timeout: STEP_TIMEOUT_MS });
    const thread = page.getByRole("article", { name: `Feedback from ${PEOPLE.peer.name}` });
    await thread.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await thread.getByText("New", { exact: true }).count()).toBe(1);
    // Seen once, it is read: the next visit shows it without "New".
    await expect
      .poll(
        async () => {
          await page.reload();
          await thread.waitFor({ timeout: STEP_TIMEOUT_MS });
          return thread.getByText("New", { exact: true }).count();
        },
        { timeout: STEP_TIMEOUT_MS },
      )
      .toBe(0);
    await context.close();
  }, 120_000);

  it("a debrief list over the server's five lines says so and waits, instead of being refused on Save", async () => {
    const { server, browser, ws } = e2e;
    await postScenarios(server.url, ws, PEOPLE.agent.email, SCENARIOS.slice(4, 5));
    const conversationId = await conversationOf(SCENARIOS[4]?.id);
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "whisper",
      text: "Name the date the refund lands.",
    });
    // Closed with a step-in: the agent and the helper each get a card.
    await closeWithLoop2Material(server.url, conversationId, "helper");
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const { debriefs } = await agent.call<{ debriefs: { id: string; personId: string }[] }>(
      "GET",
      `/debriefs?conversationId=${conversationId}`,
    );
    const mine = debriefs.find((d) => d.personId === ws.ids.agent);
    if (mine === undefined) throw new Error("no debrief card for the agent");
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto(`/debriefs/${mine.id}`);
    const card = page.getByRole("form", { name: /Agent debrief/ });
    const wentWell = card.getByLabel("What went well (one per line)");
    await wentWell.fill(
      ["One", "Two", "Three", "Four", "Five", "Six"].map((w) => `${w} thing went well.`).join("\n"),
    );
    await card
      .getByRole("status")
      .filter({ hasText: "At most 5 lines: this has 6." })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await card.getByRole("button", { name: "Save debrief" }).isDisabled()).toBe(true);
    expect(await wentWell.getAttribute("aria-invalid")).toBe("true");
    // Five lines save.
    await wentWell.fill(
      ["One", "Two", "Three", "Four", "Five"].map((w) => `${w} thing went well.`).join("\n"),
    );
    await card.getByRole("button", { name: "Save debrief" }).click();
    await card.getByText("Saved", { exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("alert").count()).toBe(0);
    await context.close();
  }, 120_000);
});
