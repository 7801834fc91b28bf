/**
 * Role-play drills in chromium against the real server: a hard conversation closes; the lead makes
 * it a practice scenario from the suggestions (names and e-mail gone); an agent drills on it — the
 * simulated customer opens with the real first line, a reply with empathy lands and a hedging one
 * is marked as missed, the drill is ended and scored; the lead comments, the checker flagging a
 * judgement of the person first; the agent reads the comment; a teammate cannot open the session.
 * A pair drill is live over realtime events: the partner is invited by a toast, each page shows the
 * other's line without polling (the request log shows no read while nothing happens), and the
 * partner on the finished drill is offered the next one when the roles swap.
 */
import { describe, expect, it } from "vitest";
import { frameHasEvent, runClockThenMark, signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, postMessage, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession, CHROMIUM_PATH } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

if (!hasChromium) console.warn(`skipping the practice browser test: ${CHROMIUM_PATH} is missing`);

const CUSTOMER = "Noor Haddad";
const EMAIL = "noor.haddad@example.net";

const LINES: readonly (readonly ["customer" | "agent", string])[] = [
  ["customer", `Hi, I'm ${CUSTOMER}. I was charged twice for my order and I want a refund. Email ${EMAIL}.`],
  ["agent", "Sorry, sorry, I'm not sure, maybe it's a billing thing, it's not my fault."],
  ["customer", "I already told you I was charged twice! This is ridiculous, I'm really angry."],
  ["agent", "Well, that's our policy, there's nothing I can do about it."],
  ["customer", "You are useless. Get me a manager or I'm cancelling and calling my lawyer."],
];

describe.skipIf(!hasChromium)("practice drills in chromium", () => {
  let conversationId = "";
  let sessionId = "";

  const e2e = useChromiumWorkspace({
    setup: async ({ server, ws }) => {
      for (const [i, [role, text]] of LINES.entries()) {
        conversationId = await postMessage(server.url, ws, {
          senderMessageId: `practice-e2e-${i}`,
          conversationId: "practice-e2e",
          role,
          text,
          topic: "billing",
          author: role === "agent" ? PEOPLE.agent.email : CUSTOMER,
        });
      }
      const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
      await lead.call("POST", `/conversations/${conversationId}/close`);
    },
  });

  it("the lead makes the hard conversation a scenario from the suggestions; names and e-mail are gone", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Practice" }).click();
    const suggested = page.getByRole("list", { name: "Suggested conversations" });
    await suggested.getByRole("button", { name: "Make a scenario" }).first().click();
    await page.getByText("Scenario made").waitFor({ timeout: STEP_TIMEOUT_MS });
    const scenarios = page.getByRole("list", { name: "Practice scenarios" });
    await scenarios.getByRole("button", { name: /Start a drill/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const shown = await scenarios.innerText();
    expect(shown).toMatch(/wants a refund/);
    expect(shown).not.toContain("Noor");
    await context.close();
  });

  it("an agent drills: the customer opens with the real line, anonymised, and reacts to how each reply lands", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await page.goto("/practice");
    await page
      .getByRole("list", { name: "Practice scenarios" })
      .getByRole("button", { name: /Start a drill/ })
      .first()
      .click();
    await page.waitForURL(/\/practice\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT_MS });
    sessionId = page.url().split("/").pop() ?? "";
    const log = page.getByRole("log", { name: "Drill transcript" });
    // The customer gives a made-up address in place of theirs (a stand-in, never a placeholder).
    await log
      .getByText(/@example\.com/)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await log.innerText()).not.toContain("[EMAIL]");
    expect(await log.innerText()).not.toContain(EMAIL);
    expect(await log.innerText()).not.toContain("Noor");

    const box = page.getByLabel("Your reply to the customer");
    await box.fill(
      "I understand how frustrating that is. So you were charged twice for one order. I'll refund the second charge today and email you by 5pm.",
    );
    await box.press("Enter");
    await log.getByText("Landed: the customer calms").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await log.locator('[data-role="customer"]').count()).toBe(2);

    await box.fill("Sorry, sorry, I'm not sure, maybe billing messed it up.");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await log.getByText("Missed: the customer escalates").waitFor({ timeout: STEP_TIMEOUT_MS });
    // The cue is shown on the words it was found in.
    expect(await log.locator('mark.ev.bad[data-kind="hedging"]').count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "End drill" }).click();
    const score = page.getByRole("region", { name: "Drill score" });
    await score.waitFor({ timeout: STEP_TIMEOUT_MS });
    await score.getByRole("rowheader", { name: "Empathy" }).waitFor();
    expect(await page.getByLabel("Your reply to the customer").count()).toBe(0);
    await page.getByText("ended by the trainee").first().waitFor();
    await context.close();

    // A teammate who is not the trainee or a lead cannot open it.
    const peer = await ApiSession.signIn(server.url, PEOPLE.peer.email, PASSWORD);
    await expect(peer.call("GET", `/practice/sessions/${sessionId}`)).rejects.toThrow(/404/);
  });

  it("roles rotate, live: a pair drill where a teammate plays the customer with prompts, then the two swap", async () => {
    const { server, browser } = e2e;
    // The customer's player is on the practice page before the drill starts: a toast invites them.
    const customer = await signInPage(browser, server.url, PEOPLE.peer.email, PASSWORD);
    await customer.page.goto("/practice");
    await customer.page
      .getByRole("list", { name: "Practice scenarios" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // A fake clock (running on by itself) that the test can also move on at once.
    const agent = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD, "laptop", {
      clock: true,
    });
    // The drill's start reaches both players as an event, which has the agent's page read it again.
    const partnerJoined = new Promise<void>((resolve) =>
      agent.page.on("websocket", (socket) =>
        socket.on("framereceived", (f) => {
          if (frameHasEvent(f.payload, "drill.partner_joined")) resolve();
        }),
      ),
    );
    await agent.page.goto("/practice");
    const form = agent.page.getByRole("form", { name: /^Pair drill:/ }).first();
    await form.getByRole("combobox", { name: "Play with" }).selectOption({ label: PEOPLE.peer.name });
    await form.getByRole("button", { name: "Start a pair drill" }).click();
    await agent.page.waitForURL(/\/practice\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT_MS });
    const pairUrl = new URL(agent.page.url()).pathname;
    // Every read of this drill by the agent's page, from now on.
    const reads: number[] = [];
    agent.page.on("request", (r) => {
      if (
        r.method() === "GET" &&
        new URL(r.url()).pathname === `/api/v1${pairUrl.replace("/practice/", "/practice/sessions/")}`
      )
        reads.push(Date.now());
    });
    await agent.page
      .getByText(`Waiting for ${PEOPLE.peer.name}’s line`)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    // The agent's side shows no prompts.
    expect(await agent.page.getByRole("region", { name: "Prompts for the customer" }).count()).toBe(0);

    const toast = customer.page
      .getByRole("status")
      .filter({ hasText: `${PEOPLE.helper.name} started a pair drill with you` });
    await toast.getByRole("link", { name: "Join the drill" }).click({ timeout: STEP_TIMEOUT_MS });
    await customer.page.waitForURL((u) => u.pathname === pairUrl, { timeout: STEP_TIMEOUT_MS });
    const prompts = customer.page.getByRole("region", { name: "Prompts for the customer" });
    await prompts.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await prompts.innerText()).toMatch(/@example\.com/);
    expect(await prompts.innerText()).not.toContain("[EMAIL]");

    // Nothing changes for a while: the waiting page does not read the drill again (it polled every
    // 1.5 s before drills sent events). First the read the start's own event asks for (300 ms after
    // it) is let out: the event has arrived, a second of the page's time runs at once, and a marker
    // request shows that read sent. Then ten seconds run at once: not one read more.
    await partnerJoined;
    await runClockThenMark(agent.page, 1_000);
    const quietFrom = reads.length;
    await runClockThenMark(agent.page, 10_000);
    expect(reads.length - quietFrom).toBe(0);

    await prompts.getByRole("button", { name: "Use it" }).click();
    await customer.page.getByLabel("Your line as the customer").press("Enter");
    await customer.page
      .getByText(`Waiting for ${PEOPLE.helper.name}’s line`)
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // The agent's page picks up the customer's line by itself, on the event: one read, soon after.
    const box = agent.page.getByLabel("Your reply to the customer");
    await box.waitFor({ timeout: 5_000 });
    expect(reads.length - quietFrom).toBeGreaterThanOrEqual(1);
    await box.fill(
      "I understand how frustrating that is. I'll refund the second charge today and email you by 5pm.",
    );
    await box.press("Enter");
    await agent.page.getByText("Landed: the customer calms").waitFor({ timeout: STEP_TIMEOUT_MS });

    await customer.page.getByText("Landed: the customer calms").waitFor({ timeout: STEP_TIMEOUT_MS });
    await customer.page.getByRole("button", { name: "Customer is satisfied" }).click();
    await customer.page.getByText("customer satisfied").first().waitFor({ timeout: STEP_TIMEOUT_MS });

    await agent.page.getByText("customer satisfied").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await agent.page.getByRole("region", { name: "Drill score" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await agent.page.getByRole("button", { name: "Swap roles and play again" }).click();
    await agent.page.waitForURL(
      (u) => u.pathname !== pairUrl && /\/practice\/[0-9a-f-]{36}$/.test(u.pathname),
      {
        timeout: STEP_TIMEOUT_MS,
      },
    );
    const nextUrl = new URL(agent.page.url()).pathname;
    // Now the trainee plays the customer.
    await agent.page
      .getByRole("region", { name: "Prompts for the customer" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // The partner, still on the finished drill, is offered the next one and plays the agent there.
    const swapped = customer.page.getByRole("status").filter({ hasText: "swapped the roles" });
    await swapped.getByRole("link", { name: "Join the next drill" }).click({ timeout: STEP_TIMEOUT_MS });
    await customer.page.waitForURL((u) => u.pathname === nextUrl, { timeout: STEP_TIMEOUT_MS });
    await customer.page
      .getByText(`Waiting for ${PEOPLE.helper.name}’s line`)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await customer.context.close();
    await agent.context.close();
  });

  it("the lead comments on the drill (a judgement of the person is flagged first) and the agent reads it", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/practice");
    await page.getByRole("list", { name: "Team drills" }).locator(`a[href="/practice/${sessionId}"]`).click();
    const form = page.getByRole("form", { name: "Comment on this drill" });
    const comment = form.getByLabel(/Your comment/);
    await comment.fill("You're bad at this.");
    await form.getByText("Judges the person").waitFor({ timeout: STEP_TIMEOUT_MS });
    const specific =
      "When you paraphrased the double charge, the customer calmed; next time skip the second apology and give the refund date.";
    await comment.fill(specific);
    await form.getByRole("button", { name: "Save comment" }).click();
    await page
      .getByRole("region", { name: "Lead's comment" })
      .getByText(specific)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();

    const agent = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await agent.page.goto(`/practice/${sessionId}`);
    await agent.page
      .getByRole("region", { name: "Lead's comment" })
      .getByText(specific)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await agent.context.close();
  });
});
