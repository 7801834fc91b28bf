/**
 * Loop 2 in chromium against the real server: a conversation where a teammate stepped in closes,
 * the agent opens their pre-filled debrief card, edits and saves it; the helper writes feedback,
 * the composer flags the judgement of the person and offers a behaviour-specific rewrite, which is
 * taken and sent privately; the agent captures an insight in their own words from a scorecard.
 */
import { describe, expect, it } from "vitest";
import { nextFrames, signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, postMessage, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession, CHROMIUM_PATH } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

if (!hasChromium) console.warn(`skipping the loop-2 browser tests: ${CHROMIUM_PATH} is missing`);

const LINES: readonly (readonly ["customer" | "agent", string])[] = [
  ["customer", "Hi, I'm confused. What is this restocking fee on my invoice? I don't understand it."],
  ["agent", "Sorry, sorry, I'm not sure, maybe it's something from billing, let me check."],
  ["customer", "I still don't get it. Why was I charged a restocking fee? This is ridiculous."],
  [
    "agent",
    "I understand how confusing that is. The restocking fee is 10% of the price for opened items, and I'll refund it by Friday.",
  ],
  ["customer", "Oh I see, that makes sense now. Thanks!"],
];

/** Waits for a condition checked over HTTP (the server's loop-2 processor works after the close commits). */
async function until<T>(check: () => Promise<T | null>, what: string): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!hasChromium)("loop 2 in chromium: debrief card and feedback composer", () => {
  let conversationId: string;

  const e2e = useChromiumWorkspace({
    setup: async ({ server, ws }) => {
      for (const [i, [role, text]] of LINES.entries()) {
        conversationId = await postMessage(server.url, ws, {
          senderMessageId: `loop2-e2e-${i}`,
          conversationId: "loop2-e2e",
          role,
          text,
          topic: "billing",
          author: role === "agent" ? PEOPLE.agent.email : "Noor Haddad",
        });
        if (i === 1) {
          const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
          await helper.call("POST", `/conversations/${conversationId}/step-in`, {
            kind: "whisper",
            text: "Explain the fee in one sentence and give the refund date.",
          });
        }
      }
      const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
      await agent.call("POST", `/conversations/${conversationId}/close`);
      await until(async () => {
        const { debriefs } = await agent.call<{ debriefs: unknown[] }>("GET", "/debriefs");
        return debriefs.length > 0 ? debriefs : null;
      }, "the agent's debrief card");
    },
  });

  it("the agent opens the pre-filled debrief card, edits it and saves; the helper's card is beside it, read-only", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Debriefs" }).click();
    const card = page.getByRole("form", { name: /Agent debrief/ });
    await card.waitFor({ timeout: STEP_TIMEOUT_MS });
    await card.getByText("Draft from the evidence").waitFor();
    const tryNext = card.getByLabel("One thing to try next time");
    expect((await tryNext.inputValue()).length).toBeGreaterThan(0);
    const filled =
      (await card.getByLabel("What went well (one per line)").inputValue()) +
      (await card.getByLabel("What felt tricky (one per line)").inputValue());
    expect(filled.length).toBeGreaterThan(0);
    const helperCard = page.getByRole("form", { name: /Helper debrief/ });
    await helperCard.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await helperCard.getByRole("button", { name: "Save debrief" }).count()).toBe(0);

    await tryNext.fill("Give the fee's rule before apologising.");
    await card.getByRole("button", { name: "Save debrief" }).click();
    await card.getByText("Saved", { exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole("form", { name: /Agent debrief/ })
          .getByLabel("One thing to try next time")
          .inputValue(),
      )
      .toBe("Give the fee's rule before apologising.");
    await context.close();
  });

  it("the feedback composer flags a judgement of the person and offers a rewrite, which is sent privately", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Feedback" }).click();
    const composer = page.getByRole("form", { name: "Write feedback" });
    await composer.getByRole("combobox", { name: /^To/ }).selectOption({ label: PEOPLE.agent.name });
    const box = composer.getByLabel(/^Feedback/);
    await box.fill("You're lazy and you never listen to customers.");
    const flags = composer.getByRole("list", { name: "What to improve" });
    await flags.getByText("Judges the person").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const rewrite = composer.getByRole("region", { name: "Suggested rewrite" });
    await rewrite.waitFor({ timeout: STEP_TIMEOUT_MS });
    const suggested = (await rewrite.locator("p").innerText()).trim();
    expect(suggested).not.toMatch(/lazy/i);
    await rewrite.getByRole("button", { name: "Use this rewrite" }).click();
    expect(await box.inputValue()).toBe(suggested);
    await composer.getByRole("button", { name: "Send privately" }).click();
    await page.getByText(`Sent privately to ${PEOPLE.agent.name}`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();

    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const { feedback } = await agent.call<{ feedback: { text: string }[] }>("GET", "/feedback");
    expect(feedback.map((f) => f.text)).toContain(suggested);
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const leads = await lead.call<{ feedback: unknown[] }>("GET", "/feedback");
    expect(leads.feedback).toEqual([]);
  });

  it("a lead reviews a scorecard and the list filters by review state and agent", async () => {
    const { server, browser } = e2e;
    await until(async () => {
      const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
      const { scorecards } = await lead.call<{ scorecards: unknown[] }>("GET", "/scorecards");
      return scorecards.length > 0 ? scorecards : null;
    }, "the conversation's scorecard");
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/qa");
    const list = page.getByRole("list", { name: "Scorecards" });
    const filters = page.getByRole("search", { name: "Filter the scorecards" });
    await filters.getByRole("button", { name: "To review" }).click();
    await list.getByText(PEOPLE.agent.name).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Its overall score out of 4, as the scorecard says it (the list showed a bare "2.8").
    await list
      .getByText(/^\d\.\d of 4$/)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    await page.getByLabel("empathy score").selectOption("1");
    await page.getByLabel("Review note").fill("Acknowledge the confusion before explaining.");
    await page.getByRole("button", { name: "Save review" }).click();
    // Reviewed: it leaves "To review" and appears under "Reviewed", marked as such.
    await page.getByText("No scorecards match these filters.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await filters.getByRole("button", { name: "Reviewed" }).click();
    await list.getByText("reviewed", { exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Another agent has none.
    await filters.getByRole("combobox", { name: "Agent" }).selectOption({ label: PEOPLE.helper.name });
    await page.getByText("No scorecards match these filters.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await filters.getByRole("combobox", { name: "Agent" }).selectOption({ label: PEOPLE.agent.name });
    await list.getByText(PEOPLE.agent.name).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  });

  it("the agent captures an insight in their own words from a scorecard, and finds it under Knowledge", async () => {
    const { server, browser } = e2e;
    await until(async () => {
      const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
      const { scorecards } = await agent.call<{ scorecards: unknown[] }>("GET", "/scorecards");
      return scorecards.length > 0 ? scorecards : null;
    }, "the conversation's scorecard");
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto(`/qa/${conversationId}`);
    // The button opens a form (it drafted at once, with "[What worked? Add it before publishing.]"
    // that its author had no way to fill in).
    await page.getByRole("button", { name: "Capture an insight" }).click();
    const form = page.getByRole("form", { name: "Capture an insight" });
    await form.getByRole("button", { name: "Save draft" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await form.getByRole("button", { name: "Save draft" }).isDisabled()).toBe(true);
    const words =
      "Customers were confused by the restocking fee; what worked was saying it is 10% for opened items.";
    await form.getByLabel("What confused the customer, and what worked").fill(words);
    await form.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Insight saved as a draft").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await form.count()).toBe(0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Knowledge" }).click();
    await page.getByText(words).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  });

  it("the scorecard on screen stays put when another of the agent's conversations closes", async () => {
    const { server, browser, ws } = e2e;
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await until(async () => {
      const { scorecards } = await agent.call<{ scorecards: unknown[] }>("GET", "/scorecards");
      return scorecards.length > 0 ? scorecards : null;
    }, "the conversation's scorecard");
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/qa");
    const list = page.getByRole("list", { name: "Scorecards" });
    await page.getByText(/overall [\d.]+ of 4/).waitFor({ timeout: STEP_TIMEOUT_MS });
    const before = await list.getByRole("listitem").count();
    expect(before).toBeGreaterThan(0);
    const shown = await page.getByRole("link", { name: "Conversation", exact: true }).getAttribute("href");
    expect(shown).toBe(`/conversations/${conversationId}`);
    // Another conversation of the same agent closes and is scored: it joins the list live.
    const r = await fetch(`${server.url}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
      body: JSON.stringify({
        messages: [
          ["customer", "Where is my parcel? It was due yesterday."],
          [
            "agent",
            "I'm sorry it's late. It is with the carrier and arrives tomorrow; I'll email you the tracking link now.",
          ],
        ].map(([role, text], i) => ({
          senderMessageId: `loop2-e2e-later-${i}`,
          conversationId: "loop2-e2e-later",
          teamId: ws.teamId,
          role,
          text,
          topic: "shipping",
          author: role === "agent" ? PEOPLE.agent.email : "Ola Berg",
        })),
      }),
    });
    expect(r.status).toBe(200);
    const later = ((await r.json()) as { results: { conversationId: string }[] }).results[0]!.conversationId;
    await agent.call("POST", `/conversations/${later}/close`);
    await expect
      .poll(() => list.getByRole("listitem").count(), { timeout: STEP_TIMEOUT_MS })
      .toBe(before + 1);
    // The card shown is chosen in the render that added the new one to the list: drawn, with what
    // its effects did after it.
    await nextFrames(page);
    expect(await page.getByRole("link", { name: "Conversation", exact: true }).getAttribute("href")).toBe(
      shown,
    );
    await context.close();
  });

  it("the agent ticks a kept promise done on the Follow-ups page, and it is gone", async () => {
    const { server, browser } = e2e;
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const mine = async () =>
      (
        await agent.call<{ commitments: { conversationId: string }[] }>("GET", "/commitments")
      ).commitments.filter((c) => c.conversationId === conversationId);
    expect(await mine()).toHaveLength(1); // "I'll refund it by Friday."
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Follow-ups" }).click();
    const list = page.getByRole("list", { name: `Follow-ups of ${PEOPLE.agent.name}` });
    const item = list.getByRole("listitem").filter({ hasText: "refund it by Friday" });
    await item.getByRole("link", { name: "Noor Haddad" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await item.getByRole("button", { name: /^Done/ }).click();
    await expect.poll(() => item.count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    expect(await mine()).toEqual([]);
    await context.close();
  });

  it("a debrief being written stays on screen, text and all, when another of the agent's debriefs arrives", async () => {
    const { server, browser, ws } = e2e;
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const myCards = async () =>
      (await agent.call<{ debriefs: { personId: string }[] }>("GET", "/debriefs")).debriefs.length;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/debriefs");
    const card = page.getByRole("form", { name: /Agent debrief/ });
    await card.waitFor({ timeout: STEP_TIMEOUT_MS });
    const before = await myCards();
    const tryNext = card.getByLabel("One thing to try next time");
    await tryNext.fill("Say the fee's rule first, then");
    // Another conversation where a teammate stepped in closes: a new debrief card for the agent.
    const post = async (i: number, role: "customer" | "agent", text: string) => {
      const r = await fetch(`${server.url}/api/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
        body: JSON.stringify({
          senderMessageId: `loop2-e2e-debrief-${i}`,
          conversationId: "loop2-e2e-debrief",
          teamId: ws.teamId,
          role,
          text,
          topic: "billing",
          author: role === "agent" ? PEOPLE.agent.email : "Lior Katz",
        }),
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { results: { conversationId: string }[] }).results[0]!.conversationId;
    };
    const other = await post(0, "customer", "Why was I charged twice this month? I'm annoyed.");
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${other}/step-in`, {
      kind: "whisper",
      text: "Check both charges and say which one you will refund.",
    });
    await post(1, "agent", "I see both charges; I've refunded the second one today.");
    await agent.call("POST", `/conversations/${other}/close`);
    await until(async () => ((await myCards()) > before ? true : null), "the new debrief card");
    await page.getByRole("list", { name: "Debrief cards" }).getByRole("listitem").nth(before).waitFor();
    // The card to edit is chosen in the render that listed the new one: drawn, with what its effects
    // did after it.
    await nextFrames(page);
    // The card being written is still the one on screen, with what was typed (it switched to the
    // new card and the typing was gone).
    expect(await tryNext.inputValue()).toBe("Say the fee's rule first, then");
    expect(await page.getByRole("link", { name: "Open the conversation" }).getAttribute("href")).toBe(
      `/conversations/${conversationId}`,
    );
    await context.close();
  });
});
