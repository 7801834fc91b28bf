/**
 * The Practice page's "Suggested from hard conversations" on a 390 × 844 phone, in chromium against
 * the real server: a suggestion's words take the panel's width, its "escalated" badge and "Make a
 * scenario" button wrapping below them. They sat beside the words, which were squeezed into a
 * column about 130 px wide, three or four words a line.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, postMessage, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const OPENING = "I was charged twice for my order last week and I want the second charge refunded today.";
const LINES: readonly (readonly ["customer" | "agent", string])[] = [
  ["customer", OPENING],
  ["agent", "Sorry, sorry, I'm not sure, maybe it's a billing thing, it's not my fault."],
  ["customer", "I already told you I was charged twice! This is ridiculous, I'm really angry."],
  ["agent", "Well, that's our policy, there's nothing I can do about it."],
  ["customer", "You are useless. Get me a manager or I'm cancelling and calling my lawyer."],
];

describe.skipIf(!hasChromium)("practice suggestions on a phone, in chromium", () => {
  const e2e = useChromiumWorkspace({
    setup: async ({ server, ws }) => {
      let conversationId = "";
      for (const [i, [role, text]] of LINES.entries()) {
        conversationId = await postMessage(server.url, ws, {
          senderMessageId: `practice-phone-${i}`,
          conversationId: "practice-phone",
          role,
          text,
          topic: "billing",
          author: role === "agent" ? PEOPLE.agent.email : "Noor Haddad",
        });
      }
      const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
      await lead.call("POST", `/conversations/${conversationId}/close`);
    },
  });

  it("gives a suggestion's words the panel's width, its badge and button below them", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/practice");
    const suggested = page.getByRole("list", { name: "Suggested conversations" });
    const item = suggested.getByRole("listitem").first();
    const opening = item.getByText(OPENING.slice(0, 30));
    await opening.waitFor({ timeout: STEP_TIMEOUT_MS });
    const words = await opening.boundingBox();
    const itemBox = await item.boundingBox();
    // The words take (nearly) the item's whole width, not a narrow column beside the controls.
    expect(words?.width ?? 0).toBeGreaterThanOrEqual((itemBox?.width ?? 0) - 40);
    const button = await item.getByRole("button", { name: "Make a scenario" }).boundingBox();
    expect(button?.y ?? 0).toBeGreaterThan((words?.y ?? 0) + (words?.height ?? 0) - 1);
    expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(390);
    await context.close();
  }, 120_000);
});
