/**
 * Importing transcripts from the web app, in a real browser against the real server: a lead picks
 * a JSONL file with a broken line, sees the problem listed, imports the valid conversations (they
 * exist, with their messages), and importing the same file again stores nothing new; a CSV is
 * imported once its columns are chosen. Agents have no such page.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

interface Summary {
  externalId: string;
  teamId: string;
  messageCount: number;
  customerName: string | null;
}

/** Two finished chats from yesterday, as a helpdesk export has them, and a line cut short between them. */
function exportFile(dir: string): string {
  const yesterday = Date.now() - 26 * 3_600_000;
  const at = (minutes: number) => new Date(yesterday + minutes * 60_000).toISOString();
  const rows = [
    JSON.stringify({
      id: "zd-5501",
      channel: "email",
      messages: [
        {
          role: "customer",
          text: "My order #5501 arrived with a cracked screen.",
          at: at(0),
          author: "Rosa Delgado",
        },
        {
          role: "agent",
          text: "I'm sorry! I've sent you a prepaid return label.",
          at: at(4),
          author: PEOPLE.agent.email,
        },
        { role: "customer", text: "Got it, thank you.", at: at(9), author: "Rosa Delgado" },
      ],
    }),
    '{"id": "zd-5502", "messages": [{"role": "customer", "text": "Where is my',
    JSON.stringify({
      id: "zd-5503",
      messages: [
        { role: "customer", text: "Can I change my delivery address?", at: at(30), author: "Tom Ellis" },
        {
          role: "agent",
          text: "Yes, I've updated it to the new one.",
          at: at(32),
          author: PEOPLE.agent.email,
        },
      ],
    }),
  ];
  const path = join(dir, "helpdesk-export.jsonl");
  writeFileSync(path, rows.join("\n") + "\n");
  return path;
}

describe.skipIf(!hasChromium)("Import transcripts in chromium", () => {
  let dir: string;

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const e2e = useChromiumWorkspace({
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), "tagteam-import-"));
    },
  });

  it("lists the broken line, imports the valid conversations, and imports nothing new the second time", async () => {
    const { server, browser, ws } = e2e;
    const file = exportFile(dir);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Import & export" })
      .click();
    await page.getByRole("heading", { name: "Import & export" }).waitFor();

    await page.getByLabel("Transcript file").setInputFiles(file);
    const problems = page.getByRole("table", { name: "Problems in the file" });
    await problems.waitFor({ timeout: STEP_TIMEOUT_MS });
    const rows = problems.getByRole("row");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).getByRole("cell").allTextContents()).toEqual([
      "line 2",
      "—",
      "—",
      expect.stringMatching(/^not valid JSON: /),
    ]);
    expect(await page.getByRole("alert").textContent()).toBe(
      "helpdesk-export.jsonl (JSONL): 2 conversations are fine, 1 is not (1 problem, below). Nothing has been sent.",
    );
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    expect(await imported(lead)).toEqual([]);

    await page
      .getByRole("button", { name: "Import only the 2 valid conversations into Customer Care" })
      .click();
    await page.getByRole("list", { name: "Import summary" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await summary(page)).toEqual([
      "Conversations: 2",
      "Messages stored: 5",
      "Already there from an earlier import: 0",
      expect.stringMatching(/^Alerts raised: \d+$/),
    ]);
    await page.getByText("Imported 2 conversations from helpdesk-export.jsonl into Customer Care.").waitFor();
    expect(await imported(lead)).toEqual([
      { externalId: "zd-5501", teamId: ws.teamId, messageCount: 3, customerName: "Rosa Delgado" },
      { externalId: "zd-5503", teamId: ws.teamId, messageCount: 2, customerName: "Tom Ellis" },
    ]);

    // The same file again: checked again, sent again, nothing new stored.
    await page.getByRole("button", { name: "Import another file" }).click();
    await page.getByLabel("Transcript file").setInputFiles(file);
    await page
      .getByRole("button", { name: "Import only the 2 valid conversations into Customer Care" })
      .click();
    await page
      .getByText(
        "Nothing new: helpdesk-export.jsonl had been imported into Customer Care before, and all 5 messages were already there.",
      )
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await summary(page)).toEqual([
      "Conversations: 2",
      "Messages stored: 0",
      "Already there from an earlier import: 5",
      "Alerts raised: 0",
    ]);
    expect((await imported(lead)).map((c) => c.messageCount)).toEqual([3, 2]);
    await context.close();
  }, 90_000);

  it("imports a CSV once its role column is chosen", async () => {
    const { server, browser, ws } = e2e;
    const yesterday = Date.now() - 26 * 3_600_000;
    const at = (minutes: number) => new Date(yesterday + minutes * 60_000).toISOString();
    const path = join(dir, "comments.csv");
    writeFileSync(
      path,
      [
        "Ticket ID,Created At,Who,Author Name,Comment",
        `zd-7701,${at(0)},end-user,Ana Ruiz,"Hi, my invoice shows the wrong address."`,
        `zd-7702,${at(1)},end-user,Ben Ode,Is the shop open on Sunday?`,
        `zd-7701,${at(3)},agent,${PEOPLE.agent.email},"Fixed; a corrected invoice is on its way."`,
      ].join("\r\n"),
    );
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`${server.url}/exports`);
    await page.getByLabel("Transcript file").setInputFiles(path);
    await page.getByRole("group", { name: "CSV columns" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const check = page.getByRole("button", { name: "Check the file" });
    expect(await check.isDisabled()).toBe(true);
    await page
      .getByRole("combobox", { name: "Role (customer, agent, system) *" })
      .selectOption({ label: "Who" });
    await check.click();
    await page
      .getByRole("button", { name: "Import 2 conversations into Customer Care" })
      .click({ timeout: STEP_TIMEOUT_MS });
    await page.getByRole("list", { name: "Import summary" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const csv = (await imported(lead)).filter((c) => c.externalId.startsWith("zd-77"));
    expect(csv).toEqual([
      { externalId: "zd-7701", teamId: ws.teamId, messageCount: 2, customerName: "Ana Ruiz" },
      { externalId: "zd-7702", teamId: ws.teamId, messageCount: 1, customerName: "Ben Ode" },
    ]);
    await context.close();
  }, 90_000);

  it("is not there for an agent: no nav item, and the address leads to their console", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "My console" }).waitFor();
    expect(await nav.getByRole("link", { name: "Import & export" }).count()).toBe(0);
    await page.goto("/exports");
    await page.waitForURL(/\/console$/, { timeout: STEP_TIMEOUT_MS });
    expect(await page.getByLabel("Transcript file").count()).toBe(0);
    await context.close();
  }, 60_000);
});

/** The imported conversations as the lead's API sees them, open or closed (the sweep may have closed them). */
async function imported(lead: ApiSession): Promise<Summary[]> {
  const { conversations } = await lead.call<{ conversations: Summary[] }>("GET", "/conversations?status=all");
  return conversations
    .filter((c) => c.externalId.startsWith("zd-"))
    .map(({ externalId, teamId, messageCount, customerName }) => ({
      externalId,
      teamId,
      messageCount,
      customerName,
    }))
    .sort((a, b) => a.externalId.localeCompare(b.externalId));
}

async function summary(page: Page): Promise<string[]> {
  return page
    .getByRole("list", { name: "Import summary" })
    .getByRole("listitem")
    .evaluateAll((items) => items.map((i) => i.getAttribute("aria-label") ?? ""));
}
