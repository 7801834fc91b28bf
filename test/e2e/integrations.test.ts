/**
 * Admin → Integrations in a real browser, against the real server posting to a real local HTTP
 * receiver standing in for a Slack-style webhook: the receiver refuses an escalation (a dead
 * letter), the admin sees it, sends it again while it still refuses (the row says so), then once
 * the receiver accepts (the row goes, the receiver got the post). Leads never see the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeReceiver } from "../server/fakeReceiver.ts";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN, ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const REASON = "She needs someone who can issue the refund today.";

interface DeadLetter {
  id: string;
  eventId: number;
  eventType: string | null;
  conversationId: string | null;
}

describe.skipIf(!hasChromium)("Admin → Integrations in chromium", () => {
  const receiver = new FakeReceiver();
  beforeAll(() => receiver.start());
  // Registered before the workspace's: it runs after the browser and server have closed.
  afterAll(() => receiver.stop());
  const e2e = useChromiumWorkspace({
    env: () => ({
      TAGTEAM_ALERT_WEBHOOK_URL: receiver.url("/hook"),
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "8",
    }),
  });

  it("shows a refused escalation as a dead letter, and Send again delivers it once the receiver accepts", async () => {
    const { server, browser, admin, ws } = e2e;
    // The receiver refuses everything (a 404: a webhook that was deleted, say).
    receiver.answer = 404;
    const r = await fetch(`${server.url}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
      body: JSON.stringify({
        senderMessageId: "refund-1",
        conversationId: "refund-1",
        teamId: ws.teamId,
        channel: "chat",
        role: "customer",
        text: "Hello, I am still waiting for my refund.",
        author: "Rosa Delgado",
        at: new Date().toISOString(),
      }),
    });
    expect(r.status).toBe(200);
    const { results } = (await r.json()) as { results: { conversationId: string }[] };
    const conversationId = results[0]?.conversationId ?? "";
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await agent.call("POST", `/conversations/${conversationId}/escalate`, { reason: REASON });
    const postsOfIt = () =>
      receiver.received.filter((p) => (p.body as { text: string }).text.includes(REASON));
    await receiver.waitFor(() => postsOfIt().length === 1);
    const letter = await waitForDeadLetter(admin, (d) => d.eventType === "escalation.raised");
    expect(letter.conversationId).toBe(conversationId);

    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin");
    await page.getByRole("tab", { name: "Integrations" }).click();
    await page.waitForURL(/\/admin\/integrations$/);
    const integrations = page.getByRole("table", { name: "Integrations" });
    const webhookRow = integrations.getByRole("row").filter({ hasText: "Alert webhook" });
    await webhookRow.getByText("Running").waitFor({ timeout: STEP_TIMEOUT_MS });
    await integrations
      .getByRole("row")
      .filter({ hasText: "Chatwoot notes" })
      .getByText("Not set up")
      .waitFor();

    const deadLetters = page.getByRole("table", { name: "Dead letters" });
    const row = deadLetters.getByRole("row").filter({ hasText: `event #${letter.eventId}` });
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await row.textContent()).toContain("Escalation");
    expect(await row.textContent()).toContain("alert webhook answered 404");
    expect(await row.getByRole("link", { name: "Conversation in Customer Care" }).getAttribute("href")).toBe(
      `/conversations/${conversationId}`,
    );

    // Still refused: the row stays, saying so, one attempt more.
    const sendAgain = row.getByRole("button", { name: `Send again: Escalation #${letter.eventId}` });
    await sendAgain.click();
    await row
      .getByRole("alert")
      .filter({ hasText: "Failed again (attempt 2): alert webhook answered 404" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(postsOfIt().map((p) => p.answer)).toEqual([404, 404]);
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/integrations-failed-again.png` });

    // The receiver is fixed: sent, and the row goes.
    receiver.answer = 200;
    await sendAgain.click();
    await row.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await page
      .getByRole("status")
      .filter({ hasText: `Sent: Escalation #${letter.eventId} went out through Alert webhook` })
      .waitFor();
    expect(postsOfIt().map((p) => p.answer)).toEqual([404, 404, 200]);
    expect(receiver.deliveredTexts().filter((t) => t.includes(REASON))).toHaveLength(1);
    const { deadLetters: left } = await admin.call<{ deadLetters: DeadLetter[] }>("GET", "/admin/deliveries");
    expect(left.map((d) => d.id)).not.toContain(letter.id);
    await context.close();
  }, 90_000);

  it("is not there for a lead: no Admin link, and the address leads back to the floor", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Floor" }).waitFor();
    expect(await nav.getByRole("link", { name: "Admin", exact: true }).count()).toBe(0);
    await page.goto("/admin/integrations");
    await page.waitForURL(/\/floor$/, { timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("tab", { name: "Integrations" }).count()).toBe(0);
    expect(await page.getByRole("table", { name: "Dead letters" }).count()).toBe(0);
    await context.close();
  }, 60_000);
});

/** Polls the admin API until a dead letter matching `match` is listed (the delivery runs after commit). */
async function waitForDeadLetter(admin: ApiSession, match: (d: DeadLetter) => boolean): Promise<DeadLetter> {
  for (let i = 0; i < 200; i++) {
    const { deadLetters } = await admin.call<{ deadLetters: DeadLetter[] }>("GET", "/admin/deliveries");
    const found = deadLetters.find(match);
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no dead letter appeared");
}
