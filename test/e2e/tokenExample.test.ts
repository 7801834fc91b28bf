/**
 * A new API token comes with a first request to paste into a shell, and it works as pasted: an
 * admin who made a token was left with a secret and no word of where to send what (the route, the
 * team's id, the message's fields were in docs/API.md only).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

const hasCurl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].some((p) => existsSync(p));

describe.skipIf(!hasChromium || !hasCurl)("a new API token's first request, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("shows a curl command that, pasted into a shell, posts a customer's line to the team", async () => {
    const { server, browser, admin, ws } = e2e;
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/tokens");
    await page.getByLabel("Token name").fill("Helpdesk");
    await page.getByRole("button", { name: "Create token" }).click();
    const example = page.getByLabel("Example request");
    await example.waitFor({ timeout: STEP_TIMEOUT_MS });
    const command = await example.innerText();
    expect(command).toContain(`${server.url}/api/v1/messages`);
    expect(command).toContain(ws.teamId);

    const answer = JSON.parse(
      execFileSync("sh", ["-c", `${command} --silent --show-error`], { encoding: "utf8" }),
    ) as {
      results?: { created: boolean; conversationId: string }[];
    };
    expect(answer.results?.[0]?.created).toBe(true);
    const { conversation } = await admin.call<{ conversation: { teamId: string; customerName: string } }>(
      "GET",
      `/conversations/${answer.results?.[0]?.conversationId}`,
    );
    expect(conversation).toMatchObject({ teamId: ws.teamId, customerName: "Nia Okafor" });
  }, 60_000);
});
