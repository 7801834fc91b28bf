// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ImportBody } from "../../../protocol/http.ts";
import type { Team } from "../../../protocol/resources.ts";
import { ApiError } from "../../lib/http.ts";
import { ImportPanel } from "./ImportPanel.tsx";
import type { ImportResponse } from "../../../protocol/importBatches.ts";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

const NOW = Date.parse("2026-03-02T18:00:00Z");
const care: Team = buildTeam({
  id: "t1",
  name: "Customer Care",
  chatKey: "k1",
  createdAt: "2026-01-01T00:00:00Z",
});
const billing: Team = buildTeam({
  id: "t2",
  name: "Billing",
  chatKey: "k2",
  createdAt: "2026-01-01T00:00:00Z",
});

/** A finished chat from yesterday (idle: the next sweep closes it). */
function chat(id: string, at = "2026-03-01T10:00:00Z") {
  const start = Date.parse(at);
  return {
    id,
    messages: [
      { role: "customer", text: "My refund still hasn't arrived.", at: new Date(start).toISOString() },
      {
        role: "agent",
        text: "It was sent on Monday; banks take up to 5 days.",
        at: new Date(start + 60_000).toISOString(),
      },
      { role: "customer", text: "OK, thanks.", at: new Date(start + 120_000).toISOString() },
    ],
  };
}

const fileOf = (rows: unknown[], name = "export.jsonl") =>
  new File([rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n")], name, {
    type: "application/x-ndjson",
  });

/** POST /import as a test double: each call waits until the test answers it. */
function pausedServer() {
  const calls: {
    body: ImportBody;
    answer: (r?: Partial<ImportResponse>) => void;
    fail: (e: Error) => void;
  }[] = [];
  const send = (body: ImportBody) =>
    new Promise<ImportResponse>((resolve, reject) => {
      const messages = body.conversations.reduce((n, c) => n + c.messages.length, 0);
      calls.push({
        body,
        answer: (r = {}) =>
          resolve({
            conversations: body.conversations.length,
            messages,
            created: messages,
            alerts: 0,
            alreadyStored: [],
            ...r,
          }),
        fail: reject,
      });
    });
  return { send, calls };
}

/**
 * An immediate POST /import that stores by sender id, as the route does, and answers which lines
 * were stored already and which of those differ.
 */
function idempotentServer() {
  const stored = new Map<string, string>();
  const bodies: ImportBody[] = [];
  const send = async (body: ImportBody): Promise<ImportResponse> => {
    bodies.push(body);
    let created = 0;
    let messages = 0;
    const alreadyStored: ImportResponse["alreadyStored"] = [];
    for (const c of body.conversations) {
      const already = { conversationId: String(c.id), lines: 0, differing: [] as number[] };
      c.messages.forEach((m, i) => {
        messages++;
        const was = stored.get(`import:${c.id}:${i}`);
        if (was === undefined) {
          created++;
          stored.set(`import:${c.id}:${i}`, `${m.role}: ${m.text}`);
          return;
        }
        already.lines++;
        if (was !== `${m.role}: ${m.text}`) already.differing.push(i);
      });
      if (already.lines > 0) alreadyStored.push(already);
    }
    return {
      conversations: body.conversations.length,
      messages,
      created,
      alerts: created > 0 ? 1 : 0,
      alreadyStored,
    };
  };
  return { send, bodies };
}

function show(
  send: (body: ImportBody) => Promise<ImportResponse>,
  teams: Team[] = [care],
  maxConversations = 100,
) {
  render(
    <ImportPanel
      teams={teams}
      importBatch={send}
      batchLimits={{ maxConversations, maxBytes: 1024 * 1024 }}
      now={() => NOW}
    />,
  );
}

const upload = (file: File) => userEvent.upload(screen.getByLabelText("Transcript file"), file);
const status = () =>
  screen
    .getAllByRole("status")
    .map((s) => s.textContent)
    .join(" | ");

describe("ImportPanel", () => {
  it("says what files it takes in a lead's words, not the command line's ('tagteam analyze', 'JSONL')", () => {
    show(async () => Promise.reject(new Error("not sent")));
    const intro = screen.getByText(
      /^Bring in conversations from another tool: a CSV with one row per message/,
    );
    expect(intro.textContent).not.toMatch(/tagteam analyze|JSONL/);
  });

  it("lists every problem with where it is, and sends nothing until asked for the valid ones", async () => {
    const server = idempotentServer();
    show(server.send);
    const badRole = chat("bad-role");
    (badRole.messages[1] as { role: string }).role = "bot";
    await upload(fileOf([chat("c-1"), badRole, '{"id": "c-3", "messages": [', chat("c-4")]));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(
      "export.jsonl (JSONL): 2 conversations are fine, 2 are not (2 problems, below). Nothing has been sent.",
    );
    const rows = within(screen.getByRole("table", { name: "Problems in the file" }))
      .getAllByRole("row")
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole("cell")
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      [
        "line 2",
        "bad-role",
        "messages.1.role",
        'Invalid option: expected one of "customer"|"agent"|"system"',
      ],
      ["line 3", "—", "—", expect.stringMatching(/^not valid JSON: /)],
    ]);
    expect(server.bodies).toEqual([]);

    await userEvent.click(
      screen.getByRole("button", { name: "Import only the 2 valid conversations into Customer Care" }),
    );
    await screen.findByRole("list", { name: "Import summary" });
    expect(server.bodies.map((b) => [b.teamId, b.conversations.map((c) => c.id)])).toEqual([
      ["t1", ["c-1", "c-4"]],
    ]);
    expect(status()).toContain("Imported 2 conversations from export.jsonl into Customer Care.");
    expect(summary()).toEqual([
      "Conversations: 2",
      "Messages stored: 6",
      "Already there from an earlier import: 0",
      "Alerts raised: 1",
    ]);
  });

  it("shows progress batch by batch, stops after the current batch on Cancel, and continues", async () => {
    const server = pausedServer();
    show(server.send, [care], 10);
    await upload(fileOf(Array.from({ length: 25 }, (_, i) => chat(`hd-${i}`))));
    await userEvent.click(
      await screen.findByRole("button", { name: "Import 25 conversations into Customer Care" }),
    );

    const bar = () => screen.getByRole("progressbar", { name: "Import progress" });
    expect(status()).toContain("0 of 25 conversations sent to Customer Care (batch 1 of 3)");
    expect(bar().getAttribute("value")).toBe("0");
    server.calls[0]?.answer({ alerts: 2 });
    await screen.findByText(
      /10 of 25 conversations sent to Customer Care \(batch 2 of 3\): 30 messages, 30 new, 2 alerts/,
    );
    expect(bar().getAttribute("value")).toBe("10");
    expect(bar().getAttribute("max")).toBe("25");

    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("button", { name: "Stopping after this batch…" })).toHaveProperty(
      "disabled",
      true,
    );
    server.calls[1]?.answer();
    await screen.findByText(
      "Stopped after batch 2 of 3: 20 conversations of 25 imported into Customer Care; the other 5 were not sent.",
    );
    expect(server.calls).toHaveLength(2);

    await userEvent.click(screen.getByRole("button", { name: "Continue from batch 3" }));
    expect(server.calls).toHaveLength(3);
    expect(server.calls[2]?.body.conversations.map((c) => c.id)).toEqual(
      Array.from({ length: 5 }, (_, i) => `hd-${20 + i}`),
    );
    server.calls[2]?.answer({ created: 0 });
    await screen.findByRole("list", { name: "Import summary" });
    expect(summary()).toEqual([
      "Conversations: 25",
      "Messages stored: 60",
      "Already there from an earlier import: 15",
      "Alerts raised: 2",
    ]);
    // What happens next: all 25 ended yesterday, so the sweep closes them and loop 2 scores them.
    expect(screen.getByText(/What happens next/).parentElement?.textContent).toContain(
      "Here that is 25 conversations.",
    );
  });

  it("shows a refused batch with the server's problems placed in the file, and retries from it", async () => {
    const server = pausedServer();
    show(server.send, [care], 2);
    await upload(fileOf([chat("a"), chat("b"), chat("c"), chat("d")]));
    await userEvent.click(
      await screen.findByRole("button", { name: "Import 4 conversations into Customer Care" }),
    );
    server.calls[0]?.answer();
    await screen.findByText(/2 of 4 conversations sent/);
    server.calls[1]?.fail(
      new ApiError(400, "VALIDATION_FAILED", "The request is invalid", {
        issues: [
          {
            path: ["body", "conversations", 1, "messages", 2, "at"],
            message: "must not be in the future (clocks may differ by at most 5 minutes)",
            code: "custom",
          },
        ],
      }),
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(
      "Batch 2 of 2 (conversations from line 3 to line 4) was not imported: The request is invalid (VALIDATION_FAILED, HTTP 400)",
    );
    expect(within(alert).getByRole("listitem").textContent).toBe(
      "line 4: messages.2.at: must not be in the future (clocks may differ by at most 5 minutes)",
    );
    expect(alert.textContent).toContain("The 1 batch before it (2 conversations) stay imported.");
    expect(alert.textContent).toContain("Retrying is safe: importing is idempotent");

    await userEvent.click(screen.getByRole("button", { name: "Retry from batch 2" }));
    expect(server.calls.map((c) => c.body.conversations.map((x) => x.id))).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ]);
    server.calls[2]?.answer();
    await screen.findByRole("list", { name: "Import summary" });
    expect(summary()[0]).toBe("Conversations: 4");
  });

  it("says nothing new was stored when the same file is imported again", async () => {
    const server = idempotentServer();
    show(server.send);
    const file = fileOf([chat("c-1"), chat("c-2")]);
    await upload(file);
    await userEvent.click(
      await screen.findByRole("button", { name: "Import 2 conversations into Customer Care" }),
    );
    await screen.findByRole("list", { name: "Import summary" });
    await userEvent.click(screen.getByRole("button", { name: "Import another file" }));
    await upload(file);
    await userEvent.click(
      await screen.findByRole("button", { name: "Import 2 conversations into Customer Care" }),
    );
    await screen.findByText(
      "Nothing new: export.jsonl had been imported into Customer Care before, and all 6 messages were already there.",
    );
    expect(summary()).toEqual([
      "Conversations: 2",
      "Messages stored: 0",
      "Already there from an earlier import: 6",
      "Alerts raised: 0",
    ]);
  });

  it("names the lines another file reusing a conversation id could not import, instead of 'nothing new'", async () => {
    const server = idempotentServer();
    show(server.send);
    await upload(fileOf([chat("c-1")]));
    await userEvent.click(
      await screen.findByRole("button", { name: "Import 1 conversation into Customer Care" }),
    );
    await screen.findByRole("list", { name: "Import summary" });
    await userEvent.click(screen.getByRole("button", { name: "Import another file" }));
    const other = chat("c-1");
    (other.messages[1] as { text: string }).text = "Could you tell me your order number?";
    (other.messages[2] as { text: string }).text = "It is 1234.";
    await upload(fileOf([other], "other.jsonl"));
    await userEvent.click(
      await screen.findByRole("button", { name: "Import 1 conversation into Customer Care" }),
    );
    const alert = await screen.findByRole("alert", { name: "Lines not imported" });
    expect(alert.textContent).toContain(
      "2 messages of this file were not imported: an earlier import had already stored a different message at the same place under the same conversation id.",
    );
    expect(within(alert).getByRole("listitem").textContent).toBe(
      "Conversation c-1: messages 2 and 3 differ from what is stored",
    );
    expect(status()).not.toContain("Nothing new");
    expect(summary()).toEqual([
      "Conversations: 1",
      "Messages stored: 0",
      "Already there from an earlier import: 1",
      "Not imported: a different message was already stored: 2",
      "Alerts raised: 0",
    ]);
  });

  it("asks for a team when there is more than one, and says which conversations will look live", async () => {
    const server = idempotentServer();
    show(server.send, [care, billing]);
    await upload(
      fileOf([
        chat("old"),
        chat("fresh", "2026-03-02T17:30:00Z"),
        { id: "undated", messages: [{ role: "customer", text: "Hi" }] },
      ]),
    );
    const importButton = await screen.findByRole("button", { name: "Import 3 conversations" });
    expect(importButton).toHaveProperty("disabled", true);
    expect(screen.getByText("Choose a team first.")).toBeTruthy();
    expect(screen.getByText(/What happens next/).parentElement?.textContent).toContain(
      "Here that is 1 conversation; the other 2 ended more recently or have messages without a time, so they show on the Floor as open",
    );
    await userEvent.selectOptions(screen.getByLabelText("Team"), "Billing");
    await userEvent.click(screen.getByRole("button", { name: "Import 3 conversations into Billing" }));
    await screen.findByRole("list", { name: "Import summary" });
    expect(server.bodies.map((b) => b.teamId)).toEqual(["t2"]);
  });
});

describe("ImportPanel with a CSV", () => {
  const csv = [
    "Case,Sent At,Who,Agent,Comment,Notes",
    '901,2026-03-01 10:00:00,end-user,,"My refund, again: where is it?",',
    "902,2026-03-01 10:00:30,customer,,Hello?,",
    '901,2026-03-01 10:01:00,agent,Sam,"It was sent on Monday;\nbanks take up to 5 days.",',
    "902,2026-03-01 10:02:00,alien,Kim,Hi!,",
  ].join("\r\n");
  const csvFile = (text = csv) => new File([text], "zendesk.csv", { type: "text/csv" });
  const select = (name: string) => screen.getByRole<HTMLSelectElement>("combobox", { name });
  const chosen = (name: string) => {
    const s = select(name);
    return s.options[s.selectedIndex]?.textContent;
  };

  it("shows the detected columns as selects, required ones marked, and checks with the ones chosen", async () => {
    const server = idempotentServer();
    show(server.send);
    await upload(csvFile());
    await screen.findByRole("group", { name: "CSV columns" });
    expect(screen.getByText(/is a CSV \(6 columns, separated by commas\)/)).toBeTruthy();
    // Found by name: "Sent At", "Agent" (the author) and "Comment"; "Case" and "Who" are not known names.
    expect(chosen("Conversation id *")).toBe("Choose a column…");
    expect(chosen("Time")).toBe("Sent At");
    expect(chosen("Role (customer, agent, system) *")).toBe("Choose a column…");
    expect(chosen("Author")).toBe("Agent");
    expect(chosen("Message text *")).toBe("Comment");
    expect(chosen("Topic")).toBe("(none)");
    expect(select("Message text *").required).toBe(true);
    expect(select("Topic").required).toBe(false);
    expect(screen.getByRole("alert").textContent).toContain("Choose a column for conversation id, role");
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Check the file" }).disabled).toBe(true);
    expect(Array.from(select("Topic").options).map((o) => o.textContent)).toEqual([
      "(none)",
      "Case",
      "Sent At",
      "Who",
      "Agent",
      "Comment",
      "Notes",
    ]);

    await userEvent.selectOptions(select("Conversation id *"), "Case");
    await userEvent.selectOptions(select("Role (customer, agent, system) *"), "Who");
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(
      "zendesk.csv (CSV): 1 conversation is fine, 1 is not (1 problem, below). Nothing has been sent.",
    );
    const rows = within(screen.getByRole("table", { name: "Problems in the file" }))
      .getAllByRole("row")
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole("cell")
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ["line 6", "902", "Who", expect.stringMatching(/^unknown role "alien": use customer/)],
    ]);
    expect(server.bodies).toEqual([]);

    // Back to the columns and on again: the choices stay.
    await userEvent.click(screen.getByRole("button", { name: "Change the columns" }));
    expect(chosen("Conversation id *")).toBe("Case");
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await userEvent.click(
      await screen.findByRole("button", { name: "Import only the 1 valid conversation into Customer Care" }),
    );
    await screen.findByRole("list", { name: "Import summary" });
    expect(server.bodies).toEqual([
      {
        teamId: "t1",
        conversations: [
          {
            id: "901",
            channel: "chat",
            messages: [
              { role: "customer", text: "My refund, again: where is it?", at: "2026-03-01T10:00:00.000Z" },
              {
                role: "agent",
                text: "It was sent on Monday;\nbanks take up to 5 days.",
                at: "2026-03-01T10:01:00.000Z",
                author: "Sam",
              },
            ],
          },
        ],
      },
    ]);
  });

  it("takes the file's own role values (Chatwoot's agents are \"User\"), refusing ones it cannot read", async () => {
    const server = idempotentServer();
    show(server.send);
    await upload(
      csvFile(
        "conversation_id,sender_type,content\r\n7,Contact,My card was charged twice.\r\n7,User,Refunding it now.\r\n",
      ),
    );
    await screen.findByRole("group", { name: "CSV columns" });
    const roles = screen.getByRole("textbox", { name: "Role values of this file (optional)" });
    await userEvent.type(roles, "User=boss");
    expect(screen.getByRole("alert").textContent).toContain('"User=boss" is not VALUE=ROLE');
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Check the file" }).disabled).toBe(true);
    await userEvent.clear(roles);
    await userEvent.type(roles, "User=agent");
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    expect((await screen.findByRole("status")).textContent).toContain(
      "zendesk.csv (CSV): 1 conversation with 2 messages, all fine.",
    );
  });

  it("checks at once when every column is found, and says when a CSV has no header", async () => {
    const server = idempotentServer();
    show(server.send);
    await upload(
      csvFile("\uFEFFticket_id;created_at;sender_type;body\r\n5;2026-03-01 10:00;end-user;Hi there\r\n"),
    );
    await screen.findByRole("group", { name: "CSV columns" });
    expect(screen.getByText(/separated by semicolons/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    expect((await screen.findByRole("status")).textContent).toContain(
      "zendesk.csv (CSV): 1 conversation with 1 message, all fine.",
    );

    await upload(csvFile(""));
    expect((await screen.findByRole("alert")).textContent).toContain(
      "could not be read: it has no header row",
    );
  });
});

function summary(): string[] {
  return within(screen.getByRole("list", { name: "Import summary" }))
    .getAllByRole("listitem")
    .map((i) => i.getAttribute("aria-label") ?? "");
}
