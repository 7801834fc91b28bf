/**
 * Where a teammate's reply would reach nobody, the app says so where they would type, in chromium
 * against the real server started without the reply webhook: a conversation from the helpdesk
 * (the ingest API) shows "answer in your helpdesk" instead of a reply box, in the console and on
 * the conversation page, while a built-in chat keeps its box.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { REPO_ROOT } from "./harness.ts";
import { PASSWORD, PEOPLE, postScenarios } from "./seed.ts";

const NOT_SENT = "Replies here are not sent to the customer: answer in your helpdesk.";

describe.skipIf(!hasChromium)("the reply box where replies are not sent, in chromium", () => {
  const e2e = useChromiumWorkspace({ helpdesk: false });

  it("says to answer in the helpdesk instead of offering a box that would send nothing", async () => {
    const { server, browser, ws, admin } = e2e;
    const scenario = {
      id: "hd-no-reply-webhook",
      customer: "Lotte Visser",
      topic: "returns",
      channel: "email",
      lines: [
        ["customer", "I sent the parcel back two weeks ago. Where is my refund?"],
        ["agent", "Let me look into it for you, Lotte."],
      ],
    } as const;
    await postScenarios(server.url, ws, PEOPLE.agent.email, [scenario]);
    const conversationId = await e2e.openConversationId(scenario.customer);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);

    await page.goto(`/console/${conversationId}`);
    const note = page.getByRole("note", { name: "Replies" });
    await note.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await note.innerText()).toBe(NOT_SENT);
    expect(await page.getByRole("textbox", { name: "Reply to the customer" }).count()).toBe(0);
    const shots = join(REPO_ROOT, ".scratch");
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "reply-not-sent-console.png") });

    await page.goto(`/conversations/${conversationId}`);
    await page.getByRole("note", { name: "Replies" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("note", { name: "Replies" }).innerText()).toBe(NOT_SENT);
    expect(await page.getByRole("textbox", { name: "Reply to the customer" }).count()).toBe(0);

    // A built-in chat's customer reads replies in the widget: its box is there.
    const { teams } = await admin.call<{ teams: { id: string; chatKey: string }[] }>("GET", "/teams");
    const chatKey = teams.find((t) => t.id === ws.teamId)?.chatKey ?? "";
    const started = await fetch(`${server.url}/api/v1/chat/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chatKey, name: "Ines Moreau", text: "Hello, is anyone there?" }),
    });
    const chatId = ((await started.json()) as { conversationId: string }).conversationId;
    await page.goto(`/console/${chatId}`);
    await page.getByRole("textbox", { name: "Reply to the customer" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("note", { name: "Replies" }).count()).toBe(0);
    await context.close();
  }, 120_000);
});
