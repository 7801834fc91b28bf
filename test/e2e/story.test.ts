/**
 * The whole story in a real browser against the real server: a customer writes in the widget, the
 * agent answers badly, the best-placed teammate is alerted and whispers, the agent accepts the
 * takeover, the lead sees the escalation — and the customer never sees a whisper.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { CHROMIUM_PATH, type ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, type PersonKey, type Workspace } from "./seed.ts";

if (!hasChromium)
  console.warn(`skipping the browser tests: ${CHROMIUM_PATH} is missing (apt-get install chromium)`);

const WHISPER = "Confirm the 30-day return window and offer to email the prepaid label now.";

describe.skipIf(!hasChromium)("the whole story, in chromium", () => {
  let chatKey: string;

  const e2e = useChromiumWorkspace({
    setup: async ({ admin, ws }) => {
      chatKey = await findChatKey(admin, ws.teamId);
    },
  });

  it("customer → bad answer → alert → whisper → takeover accepted → escalation seen by the lead; no whisper reaches the customer", async () => {
    const { server, browser, admin, ws } = e2e;
    // 1. The customer starts a chat in the widget.
    const customerContext = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 420, height: 720 },
    });
    const customer = await customerContext.newPage();
    await customer.goto(`/widget.html?key=${encodeURIComponent(chatKey)}`);
    await customer.getByLabel("Your name").fill("Dana Whitfield");
    await customer
      .getByLabel("How can we help?")
      .fill("Hi, I want to return a pair of boots. They arrived 3 weeks ago and they don't fit.");
    await customer.getByRole("button", { name: "Start chat" }).click();
    await customer
      .getByRole("log", { name: "Conversation" })
      .getByText("I want to return a pair of boots")
      .waitFor();

    // 2. The agent picks it up in the console and answers badly.
    const { page: agent } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent
      .getByRole("link", { name: /Dana Whitfield/ })
      .first()
      .click();
    const agentReply = agent.getByLabel("Reply to the customer");
    await agentReply.fill(
      "Sorry about that. Sorry, I think returns are only accepted within 14 days, so there's probably nothing I can do.",
    );
    await agentReply.press("Enter");
    await customer.getByText("only accepted within 14 days").waitFor({ timeout: STEP_TIMEOUT_MS });
    await sendAsCustomer(
      customer,
      "I already told you they arrived 3 weeks ago. Your own website says 30 days! This is ridiculous.",
    );
    await agent.getByText("Your own website says 30 days").waitFor({ timeout: STEP_TIMEOUT_MS });
    await agentReply.fill(
      "Sorry, that's not my fault, the warehouse team handles that, I just follow the rules.",
    );
    await agentReply.press("Enter");
    await sendAsCustomer(
      customer,
      "You're useless. I want to speak to a manager right now or I'm cancelling my account.",
    );

    // 3. The best-placed teammate is alerted (the server chooses; never the struggling agent).
    const helperKey = await waitForAlertHelper(admin, ws);
    expect(helperKey).not.toBe("agent");
    const { page: helper } = await signInPage(browser, server.url, PEOPLE[helperKey].email, PASSWORD);
    await helper.goto("/alerts");
    const card = helper.locator("article[data-alert-id]").first();
    await card.waitFor({ timeout: STEP_TIMEOUT_MS });
    await card.getByRole("heading", { name: /Dana Whitfield/ }).waitFor();
    // The tab's title says something waits for them, seen from any other tab.
    await helper.waitForFunction(() => /^\(\d+\) Alerts for me · tagteam$/.test(document.title), undefined, {
      timeout: STEP_TIMEOUT_MS,
    });
    await card.getByRole("button", { name: "Open and help" }).click();
    await helper.getByRole("log", { name: "Transcript" }).getByText("I just follow the rules").waitFor();
    // The evidence is highlighted in the transcript.
    expect(await helper.locator(".transcript mark.ev").count()).toBeGreaterThan(0);

    // 4. The helper whispers; only the agent sees it.
    await helper.getByRole("button", { name: "Whisper…" }).click();
    await helper.getByLabel(/Whisper to the agent/).fill(WHISPER);
    await helper.getByRole("button", { name: "Send whisper" }).click();
    await agent
      .getByRole("list", { name: "Whispers and signals" })
      .getByText(WHISPER)
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // 5. The helper offers to take over; the agent accepts.
    await helper.getByRole("button", { name: "Offer to take over" }).click();
    const prompt = agent.getByRole("alertdialog", { name: /offers to take over/ });
    await prompt.waitFor({ timeout: STEP_TIMEOUT_MS });
    await prompt.getByRole("button", { name: "Accept help" }).click();
    await prompt.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });

    // 6. The helper now owns the conversation, answers the customer, and escalates to a lead.
    await helper.reload();
    const helperReply = helper.getByLabel("Reply to the customer");
    await helperReply.waitFor({ timeout: STEP_TIMEOUT_MS });
    await helperReply.fill(
      "Dana, you're right: returns are accepted within 30 days of delivery. I'm emailing your prepaid label now.",
    );
    await helperReply.press("Enter");
    await customer.getByText("I'm emailing your prepaid label now").waitFor({ timeout: STEP_TIMEOUT_MS });
    await helper.getByRole("button", { name: "Escalate…" }).click();
    await helper.getByLabel(/Why escalate/).fill("Customer asked for a manager and threatens to cancel.");
    await helper.getByRole("button", { name: "Escalate to a lead" }).click();

    // 7. The lead sees it in the escalation queue.
    const { page: lead } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.goto("/escalations");
    await lead
      .getByRole("table", { name: "Escalation queue" })
      .getByText("Customer asked for a manager and threatens to cancel.")
      .waitFor({
        timeout: STEP_TIMEOUT_MS,
      });

    // 8. The customer never saw the whisper: not on the page, not in what their browser received.
    const customerText = (await customer.getByRole("log", { name: "Conversation" }).textContent()) ?? "";
    expect(customerText).toContain("prepaid label");
    expect(customerText).not.toContain(WHISPER);
    const token = await customer.evaluate(
      () => Object.entries(sessionStorage).find(([k]) => k.startsWith("tagteam.chat."))?.[1] ?? "",
    );
    const raw = await (
      await fetch(`${server.url}/api/v1/chat/${encodeURIComponent(token)}/messages?after=-1`)
    ).text();
    expect(raw).toContain("prepaid label");
    expect(raw).not.toContain(WHISPER);
    expect(raw).not.toMatch(/whisper|takeover|escalat|risk/i);

    // 9. The customer ends the chat. The lead's waiting escalation is withdrawn with it, and the
    // customer may start a new chat.
    await customer.getByRole("button", { name: "End chat" }).click();
    await customer.getByRole("button", { name: "Yes, end it" }).click();
    await customer.getByText("This chat has ended").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await customer.getByLabel("Your message").count()).toBe(0);
    await lead
      .getByRole("table", { name: "Escalation queue" })
      .getByText("conversation closed")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await customer.getByRole("button", { name: "Start a new chat" }).click();
    await customer.getByLabel("How can we help?").waitFor();
    expect(
      await customer.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("tagteam.chat."))),
    ).toEqual([]);
  }, 180_000);

  it("the agent closes a chat from the console: the customer's widget says it has ended", async () => {
    const { server, browser } = e2e;
    const customerContext = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 420, height: 720 },
    });
    const customer = await customerContext.newPage();
    await customer.goto(`/widget.html?key=${encodeURIComponent(chatKey)}`);
    await customer.getByLabel("Your name").fill("Omar Haddad");
    await customer.getByLabel("How can we help?").fill("Can I change the delivery address of order 7781?");
    await customer.getByRole("button", { name: "Start chat" }).click();
    const { page: agent } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent
      .getByRole("link", { name: /Omar Haddad/ })
      .first()
      .click();
    const reply = agent.getByLabel("Reply to the customer");
    await reply.fill("Done: order 7781 now goes to your new address. Anything else?");
    await reply.press("Enter");
    await customer.getByText("now goes to your new address").waitFor({ timeout: STEP_TIMEOUT_MS });
    await agent.getByRole("button", { name: "Close conversation" }).click();
    await agent.getByRole("button", { name: "Close it" }).click();
    await agent.getByText("This conversation is closed.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await customer.getByText("This chat has ended").waitFor({ timeout: STEP_TIMEOUT_MS });
    await customer.getByRole("button", { name: "Start a new chat" }).waitFor();
    await customerContext.close();
  }, 120_000);
});

async function sendAsCustomer(customer: Page, text: string): Promise<void> {
  await customer.getByLabel("Your message").fill(text);
  await customer.getByRole("button", { name: "Send" }).click();
  await customer.getByRole("log", { name: "Conversation" }).getByText(text).waitFor();
}

/** The team's public chat key, as the admin's embed snippet would show it. */
async function findChatKey(admin: ApiSession, teamId: string): Promise<string> {
  const { teams } = await admin.call<{ teams: { id: string; chatKey?: string }[] }>("GET", "/teams");
  const key = teams.find((t) => t.id === teamId)?.chatKey;
  if (key === undefined) throw new Error("the server does not expose the team's chat key on GET /teams");
  return key;
}

/** Waits until an alert exists for the team and says which seeded person it went to. */
async function waitForAlertHelper(admin: ApiSession, ws: Workspace): Promise<PersonKey> {
  for (;;) {
    const { alerts } = await admin.call<{ alerts: { helperId: string | null }[] }>(
      "GET",
      `/alerts?scope=team&teamId=${ws.teamId}`,
    );
    const helperId = alerts.find((a) => a.helperId !== null)?.helperId;
    const key = (Object.keys(ws.ids) as PersonKey[]).find((k) => ws.ids[k] === helperId);
    if (key !== undefined) return key;
    await new Promise((r) => setTimeout(r, 200));
  }
}
