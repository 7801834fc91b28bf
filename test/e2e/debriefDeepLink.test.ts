/**
 * A /debriefs/<id> link to a card older than the Debriefs page loads (its newest 100), in chromium
 * against the real server: the page opens that card, read on its own, with the 100 newest listed
 * beside it; it used to open the newest card instead. A link to a card that cannot be read says so
 * above the newest card.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, postMessages } from "./seed.ts";

/** Conversations with a step-in, closed: two cards each (the agent's and the helper's), 102 in all. */
const CONVERSATIONS = 51;
const customer = (i: number) => `Deep Link ${String(i).padStart(2, "0")}`;

interface Card {
  id: string;
  conversationId: string;
}

describe.skipIf(!hasChromium)("a link to an older debrief card, in chromium", () => {
  const e2e = useChromiumWorkspace({ helpdesk: false, timeoutMs: 240_000 });

  it("opens that card, past the newest 100, and says when a linked card cannot be read", async () => {
    const { server, browser, ws } = e2e;
    const start = Date.now() - 60 * 60_000;
    await postMessages(
      server.url,
      ws,
      Array.from({ length: CONVERSATIONS }, (_, i) =>
        [
          ["customer", "My refund has not arrived and it has been two weeks."],
          ["agent", "Refunds can take up to 30 business days."],
        ].map(([role, text], j) => ({
          senderMessageId: `deep-link-${i}-${j}`,
          conversationId: `deep-link-${i}`,
          teamId: ws.teamId,
          channel: "chat",
          role,
          text,
          at: new Date(start + i * 20_000 + j * 5_000).toISOString(),
          author: role === "agent" ? PEOPLE.agent.email : customer(i),
          topic: "refunds",
        })),
      ).flat(),
    );
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    const { conversations } = await lead.call<{ conversations: { id: string; customerName: string }[] }>(
      "GET",
      "/conversations?status=open&limit=500",
    );
    const ids = [...Array(CONVERSATIONS).keys()].map((i) => {
      const c = conversations.find((x) => x.customerName === customer(i));
      if (c === undefined) throw new Error(`${customer(i)} is not open`);
      return c.id;
    });
    // Oldest first, one at a time: the first closed gets the oldest cards.
    for (const id of ids) {
      await helper.call("POST", `/conversations/${id}/step-in`, {
        kind: "whisper",
        text: "Refunds take 5 business days: correct it.",
      });
      await lead.call("POST", `/conversations/${id}/close`);
    }
    let cards: Card[] = [];
    await expect
      .poll(
        async () => {
          cards = (await lead.call<{ debriefs: Card[] }>("GET", "/debriefs?limit=200")).debriefs;
          return cards.length;
        },
        { timeout: 120_000, interval: 1_000 },
      )
      .toBe(CONVERSATIONS * 2);
    const oldest = cards.at(-1) as Card;
    expect(cards.findIndex((c) => c.id === oldest.id)).toBeGreaterThanOrEqual(100);

    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/debriefs/${oldest.id}`);
    const list = page.getByRole("list", { name: "Debrief cards" });
    await list.waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByText("100 cards shown").waitFor({ timeout: STEP_TIMEOUT_MS });
    // The linked card, not the newest: its conversation is the first one closed.
    const open = page.getByRole("link", { name: "Open the conversation" });
    await expect
      .poll(() => open.getAttribute("href"), { timeout: STEP_TIMEOUT_MS })
      .toBe(`/conversations/${oldest.conversationId}`);
    expect(await list.locator('[aria-current="true"]').count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({
        path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/debrief-deep-link.png`,
        fullPage: true,
      });

    // "Show older" lists the rest, the linked card among them, marked as the one open.
    await page.getByRole("button", { name: "Show older" }).click();
    await page.getByText(`${CONVERSATIONS * 2} cards: that is all`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect
      .poll(() => list.locator('[aria-current="true"]').getAttribute("href"), { timeout: STEP_TIMEOUT_MS })
      .toBe(`/debriefs/${oldest.id}`);

    // A card that does not exist (or is not the reader's): said, with the newest card shown instead.
    await page.goto(`/debriefs/${randomUUID()}`);
    await page
      .getByRole("alert")
      .filter({ hasText: "The debrief card this link points to could not be opened" })
      .filter({ hasText: "Your newest card is shown instead." })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect
      .poll(() => open.getAttribute("href"), { timeout: STEP_TIMEOUT_MS })
      .toBe(`/conversations/${cards[0]?.conversationId}`);
    await context.close();
  }, 300_000);
});
