// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditEntry, ListAuditResponse } from "../../../protocol/audit.ts";
import type { Person } from "../../../protocol/resources.ts";
import { AdminPage } from "./AdminPage.tsx";
import { AuditLog, NO_AUDIT_FILTERS, type AuditLogFilterState } from "./AuditLog.tsx";

afterEach(cleanup);

const NOW = Date.parse("2026-03-02T10:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const person = (id: string, name: string, active = true): Person => ({
  id,
  email: `${id}@example.com`,
  name,
  role: "admin",
  teamIds: [],
  topics: [],
  availability: "available",
  load: 0,
  active,
  present: false,
});
const people = [person("p-ada", "Ada Admin"), person("p-old", "Olga Gone", false)];

let nextId = 100;
function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: nextId--,
    at: ago(5 * 60_000),
    action: "person.created",
    actor: { kind: "person", id: "p-ada", name: "Ada Admin", deactivated: false },
    target: { type: "person", id: "p-nora", label: "Nora New", conversationId: null },
    details: {},
    requestId: "req-1",
    people: {},
    stepIn: null,
    ...overrides,
  };
}

/** The component with its filters held as the page holds them; what it asked for, recorded. */
function show(props: Partial<Parameters<typeof AuditLog>[0]> & { entries: AuditEntry[] }) {
  const asked: AuditLogFilterState[] = [];
  const older: number[] = [];
  function Harness() {
    const [filters, setFilters] = useState<AuditLogFilterState>(NO_AUDIT_FILTERS);
    return (
      <AuditLog
        people={people}
        filters={filters}
        onFiltersChange={(next) => {
          asked.push(next);
          setFilters(next);
        }}
        loading={false}
        error={null}
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={() => older.push(1)}
        refreshing={false}
        onRefresh={() => undefined}
        nowMs={NOW}
        {...props}
      />
    );
  }
  render(<Harness />);
  return { asked, older };
}

/** The cells of each body row by column header. */
function rows(): Record<string, HTMLElement>[] {
  const table = screen.getByRole("table", { name: "Audit log" });
  const headers = within(table)
    .getAllByRole("columnheader")
    .map((h) => h.textContent ?? "");
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((r) => {
      const cells = within(r).getAllByRole("cell");
      return Object.fromEntries(headers.map((h, i) => [h, cells[i] as HTMLElement]));
    });
}

describe("AuditLog", () => {
  it("shows when, who, what in words, on what (linked), and the details in short, expandable", () => {
    show({
      entries: [
        entry({
          action: "person.deactivated",
          target: { type: "person", id: "p-old", label: "Olga Gone", conversationId: null },
          details: { signedOutSessions: 2 },
          requestId: "req-deactivate",
        }),
        entry({
          at: ago(3 * 86_400_000),
          action: "intervention.withdrawn",
          actor: { kind: "system", id: null, name: "System", deactivated: false },
          target: { type: "intervention", id: "i1", label: "Nia Okafor · refunds", conversationId: "c42" },
          details: { kind: "takeover_offer", why: "conversation closed", closedBy: "idle" },
          requestId: null,
        }),
        entry({
          action: "knowledge.created",
          actor: { kind: "api_token", id: "p-old", name: "Olga Gone", deactivated: true },
          target: { type: "knowledge_fact", id: "f1", label: null, conversationId: null },
        }),
        entry({ action: "widget.repainted", target: null }),
        entry({
          action: "store.backed_up",
          target: { type: "store", id: "pglite", label: null, conversationId: null },
          details: { bytes: 1_048_576, ms: 90 },
        }),
      ],
    });
    const [deactivated, withdrawn, fact, unknown, backup] = rows();

    expect(deactivated?.["When"]?.textContent).toContain("5 min ago");
    expect(deactivated?.["When"]?.querySelector("time")?.getAttribute("dateTime")).toBe(ago(5 * 60_000));
    expect(deactivated?.["Who"]?.textContent).toBe("Ada Admin  ");
    expect(deactivated?.["What"]?.textContent).toBe("Deactivated a person; 2 sessions signed out");
    const personLink = within(deactivated?.["On what"] as HTMLElement).getByRole("link", {
      name: "Olga Gone",
    });
    expect(personLink.getAttribute("href")).toBe("/admin/people");
    expect(deactivated?.["On what"]?.textContent).toBe("Olga GonePerson · history");
    expect(deactivated?.["Details"]?.textContent).toContain("signedOutSessions: 2");
    expect(deactivated?.["Details"]?.textContent).toContain("Request req-deactivate");

    expect(withdrawn?.["When"]?.textContent).toContain("3 days ago");
    expect(withdrawn?.["Who"]?.textContent).toBe("System");
    expect(withdrawn?.["What"]?.textContent).toBe(
      "Withdrew a waiting takeover offer: its conversation closed",
    );
    expect(withdrawn?.["On what"]?.textContent).toMatch(/^Step-in on Nia Okafor · refunds/);
    expect(
      within(withdrawn?.["On what"] as HTMLElement)
        .getByRole("link", { name: "Nia Okafor · refunds" })
        .getAttribute("href"),
    ).toBe("/conversations/c42");
    expect(withdrawn?.["Details"]?.textContent).toContain(
      "kind: takeover_offer · why: conversation closed · closedBy: idle",
    );
    expect(withdrawn?.["Details"]?.textContent).toContain("Done by tagteam itself");

    // Through a token, by someone deactivated since; the fact was deleted since.
    expect(within(fact?.["Who"] as HTMLElement).getByText("API token")).toBeTruthy();
    expect(within(fact?.["Who"] as HTMLElement).getByText("deactivated")).toBeTruthy();
    expect(fact?.["On what"]?.textContent).toBe("Knowledge fact f1no longer on file · history");
    expect(within(fact?.["On what"] as HTMLElement).queryByRole("link")).toBeNull();

    // An action this app has no words for: its name.
    expect(unknown?.["What"]?.textContent).toBe("widget.repainted");
    expect(unknown?.["On what"]?.textContent).toBe("—");
    expect(unknown?.["Details"]?.textContent).toContain("Nothing more was written down");

    // Not a row of anything, so not "gone"; worth noticing, so marked.
    expect(backup?.["On what"]?.textContent).toBe("Database (pglite)history");
    expect(backup?.["What"]?.querySelector(".badge.warn")?.textContent).toBe(
      "Downloaded a backup of the whole database (1.0 MB)",
    );
  });

  it("filters: a whole group or one action, a person (deactivated ones too), dates; clears them", async () => {
    const { asked } = show({ entries: [entry()] });
    const what = screen.getByRole("combobox", { name: "What" });
    const groups = within(what)
      .getAllByRole("group")
      .map((g) => g.getAttribute("label"));
    expect(groups).toContain("People");
    expect(within(what).getByRole("option", { name: "All: people" }).getAttribute("value")).toBe("person.");
    await userEvent.selectOptions(what, "person.");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Who" }), "Olga Gone (deactivated)");
    expect(asked.at(-1)).toMatchObject({ action: "person.", actorId: "p-old" });

    await userEvent.type(screen.getByLabelText("From"), "2026-03-01");
    expect(asked.at(-1)).toMatchObject({ from: "2026-03-01" });
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(asked.at(-1)).toEqual(NO_AUDIT_FILTERS);
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });

  it("shows one thing's history from its row, and drops it again", async () => {
    const { asked } = show({ entries: [entry()] });
    await userEvent.click(screen.getByRole("button", { name: "Show only the history of Nora New" }));
    expect(asked.at(-1)?.target).toEqual({ type: "person", id: "p-nora", label: "Nora New" });
    expect(screen.getByText(/History of Nora New/)).toBeTruthy();
    // Already showing it: no button for the same thing.
    expect(screen.queryByRole("button", { name: "Show only the history of Nora New" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Stop showing only the history of Nora New" }));
    expect(asked.at(-1)?.target).toBeNull();
  });

  it("says what would appear when empty, what did not match when filtered, and waits visibly", async () => {
    const { asked } = show({ entries: [] });
    expect(screen.getByText(/Nothing recorded yet\. When someone adds a person/)).toBeTruthy();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "What" }), "person.deactivated");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Who" }), "Ada Admin");
    expect(screen.getByText(/No “Person deactivated” entries by Ada Admin\./)).toBeTruthy();
    expect(asked).toHaveLength(2);
    cleanup();

    show({ entries: [], loading: true });
    expect(screen.getByRole("status").textContent).toBe("Loading the audit log…");
  });

  it("loads older entries a page at a time, busy while it does, and says when that is all", async () => {
    const { older } = show({ entries: [entry(), entry()], hasOlder: true });
    await userEvent.click(screen.getByRole("button", { name: "Load older" }));
    expect(older).toHaveLength(1);
    cleanup();

    show({ entries: [entry()], hasOlder: true, loadingOlder: true });
    const busy = screen.getByRole("button", { name: "Loading older entries…" });
    expect(busy.hasAttribute("disabled")).toBe(true);
    cleanup();

    show({ entries: [entry(), entry()], hasOlder: false });
    expect(screen.queryByRole("button", { name: /older/ })).toBeNull();
    expect(screen.getByText("2 entries: that is all.")).toBeTruthy();
  });

  it("refuses a date range that ends before it starts, without asking the server", async () => {
    show({ entries: [entry()] });
    await userEvent.type(screen.getByLabelText("From"), "2026-03-05");
    await userEvent.type(screen.getByLabelText("To"), "2026-03-01");
    expect(screen.getByRole("alert").textContent).toContain("“From” is after “To”");
    expect(screen.queryByRole("table")).toBeNull();
  });
});

describe("Admin → Audit log, with its data hook and the API client (a fake server behind fetch)", () => {
  it("asks for the newest page, then the next with before = nextBefore, and the filters as chosen", async () => {
    const requests: URL[] = [];
    const page = (entries: AuditEntry[], nextBefore: number | null): ListAuditResponse => ({
      entries,
      nextBefore,
    });
    const answers: Record<string, unknown> = {
      "/api/v1/me": { me: { ...person("p-ada", "Ada Admin"), orgId: "o1", orgName: "Org" } },
      "/api/v1/teams": { teams: [] },
      "/api/v1/people": { people },
      "/api/v1/knowledge/facts": { facts: [] },
      "/api/v1/tokens": { tokens: [] },
    };
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input), "http://localhost");
      let body: unknown = answers[url.pathname];
      if (url.pathname === "/api/v1/audit") {
        requests.push(url);
        const before = url.searchParams.get("before");
        body =
          before === null
            ? page(
                [entry({ id: 9, action: "team.created", target: null }), entry({ id: 7, target: null })],
                7,
              )
            : page([entry({ id: 3, action: "api_token.revoked", target: null })], null);
      }
      return new Response(JSON.stringify(body ?? {}), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
    try {
      const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
      render(
        <QueryClientProvider client={client}>
          <AdminPage tab="audit" />
        </QueryClientProvider>,
      );
      expect(await screen.findByText("Created a team")).toBeTruthy();
      expect(requests.map((u) => u.search)).toEqual(["?limit=50"]);

      await userEvent.click(screen.getByRole("button", { name: "Load older" }));
      expect(await screen.findByText("Revoked an API token")).toBeTruthy();
      expect(requests[1]?.searchParams.get("before")).toBe("7");
      expect(screen.getByText("3 entries: that is all.")).toBeTruthy();

      await userEvent.selectOptions(screen.getByRole("combobox", { name: "What" }), "person.");
      await screen.findByText("Created a team");
      expect(requests.at(-1)?.searchParams.get("action")).toBe("person.");
      expect(requests.at(-1)?.searchParams.get("before")).toBeNull();
    } finally {
      globalThis.fetch = original;
    }
  });
});
