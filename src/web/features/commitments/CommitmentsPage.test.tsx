// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { CommitmentsOverview } from "../../../protocol/loop2.ts";
import type { Commitment } from "../../../protocol/resources.ts";
import { queryKeys, useCommitments } from "../../lib/queries.ts";
import { CommitmentsList } from "../console/CommitmentsList.tsx";
import { commitmentKeys, useCloseCommitment, useCommitmentsOverview } from "./api.ts";
import { AgentFollowUps, overdueSummary } from "./CommitmentsPage.tsx";

afterEach(cleanup);

const NOW = Date.parse("2026-03-02T10:00:00Z");
const at = (ms: number) => new Date(NOW + ms).toISOString();

type Agent = CommitmentsOverview["agents"][number];
type Item = Agent["commitments"][number];
const item = (overrides: Partial<Item> = {}): Item => ({
  id: "c-1",
  conversationId: "conv-1",
  customerName: "Rosa Diaz",
  text: "I'll email you the tracking link now.",
  dueAt: at(-30 * 60_000),
  promisedAt: at(-35 * 60_000),
  state: "overdue",
  closable: true,
  ...overrides,
});
const agent = (commitments: Item[]): Agent => ({
  personId: "p-ben",
  name: "Ben Agent",
  overdue: commitments.filter((c) => c.state === "overdue").length,
  dueSoon: 0,
  commitments,
});
const commitment = (overrides: Partial<Commitment> = {}): Commitment => ({
  id: "c-1",
  conversationId: "conv-1",
  agentId: "p-ben",
  text: "I'll email you the tracking link now.",
  dueAt: at(-30 * 60_000),
  status: "open",
  createdAt: at(-35 * 60_000),
  ...overrides,
});

describe("Follow-ups: an agent's promises", () => {
  it("names each one's customer and when it was promised, so identical lines read apart", () => {
    render(
      <AgentFollowUps
        agent={agent([item(), item({ id: "c-2", conversationId: "conv-2", customerName: "Omar Haddad" })])}
        nowMs={NOW}
        closingId={null}
        onClose={() => undefined}
      />,
    );
    const rows = within(screen.getByRole("list", { name: "Follow-ups of Ben Agent" })).getAllByRole(
      "listitem",
    );
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["Rosa Diaz", "Omar Haddad"]);
    expect(rows[0]?.textContent).toContain("promised ");
    expect(rows[0]?.textContent).toContain("overdue by 30m");
  });

  it("marks one done at once, and cancels one only after asking", async () => {
    const closed: [string, string][] = [];
    render(
      <AgentFollowUps
        agent={agent([item(), item({ id: "c-2", customerName: "Omar Haddad" })])}
        nowMs={NOW}
        closingId={null}
        onClose={(id, status) => closed.push([id, status])}
      />,
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Done: “I'll email you the tracking link now.” to Rosa Diaz" }),
    );
    expect(closed).toEqual([["c-1", "done"]]);

    await userEvent.click(screen.getByRole("button", { name: /^Cancel: .* to Omar Haddad$/ }));
    const ask = screen.getByRole("group", { name: /^Cancel .* to Omar Haddad\?$/ });
    expect(ask.textContent).toContain("No longer needed?");
    await userEvent.click(within(ask).getByRole("button", { name: "Keep it" }));
    expect(closed).toHaveLength(1);
    expect(screen.queryByRole("group", { name: /^Cancel / })).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: /^Cancel: .* to Omar Haddad$/ }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel it" }));
    expect(closed).toEqual([
      ["c-1", "done"],
      ["c-2", "cancelled"],
    ]);
  });

  it("shows no buttons on a promise the reader may not close, and waits on the one being closed", () => {
    render(
      <AgentFollowUps
        agent={agent([item({ closable: false }), item({ id: "c-2", customerName: "Omar Haddad" })])}
        nowMs={NOW}
        closingId="c-2"
        onClose={() => undefined}
      />,
    );
    const [first, second] = within(screen.getByRole("list")).getAllByRole("listitem");
    expect(within(first as HTMLElement).queryAllByRole("button")).toEqual([]);
    const buttons = within(second as HTMLElement).getAllByRole("button") as HTMLButtonElement[];
    expect(buttons.map((b) => [b.textContent, b.disabled])).toEqual([
      ["Done", true],
      ["Cancel…", true],
    ]);
  });
});

describe("the console's My commitments", () => {
  it("has Done on each open promise (cancelling is on the Follow-ups page)", async () => {
    const done: string[] = [];
    render(
      <CommitmentsList
        commitments={[commitment(), commitment({ id: "c-2", conversationId: "conv-2" })]}
        nowMs={NOW}
        customerNames={new Map([["conv-2", "Omar Haddad"]])}
        onDone={(id) => done.push(id)}
      />,
    );
    const rows = within(screen.getByRole("list", { name: "My commitments" })).getAllByRole("listitem");
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["conversation", "Omar Haddad"]);
    expect(screen.queryByRole("button", { name: /^Cancel/ })).toBeNull();
    await userEvent.click(within(rows[1] as HTMLElement).getByRole("button", { name: /^Done/ }));
    expect(done).toEqual(["c-2"]);
  });
});

describe("missed promises (past due, marked by the server, still owed)", () => {
  it("stay in the console's list, first and marked overdue, with Done, even where this clock is behind", async () => {
    const done: string[] = [];
    render(
      <CommitmentsList
        commitments={[
          commitment({ id: "c-soon", dueAt: at(2 * 3_600_000) }),
          // The server marked it missed; this browser's clock runs a minute behind.
          commitment({ id: "c-missed", conversationId: "conv-2", dueAt: at(60_000), status: "missed" }),
          commitment({ id: "c-kept", conversationId: "conv-3", status: "done" }),
        ]}
        nowMs={NOW}
        customerNames={new Map([["conv-2", "Omar Haddad"]])}
        onDone={(id) => done.push(id)}
      />,
    );
    const rows = within(screen.getByRole("list", { name: "My commitments" })).getAllByRole("listitem");
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["Omar Haddad", "conversation"]);
    expect(rows[0]?.querySelector(".badge.bad")).not.toBeNull();
    expect(rows[1]?.querySelector(".badge.bad")).toBeNull();
    await userEvent.click(within(rows[0] as HTMLElement).getByRole("button", { name: /^Done/ }));
    expect(done).toEqual(["c-missed"]);
  });

  it("are counted at the head of the Follow-ups page, over everyone shown", () => {
    const ben = agent([item(), item({ id: "c-2", state: "due_soon" })]);
    const cho = { ...agent([item({ id: "c-3" }), item({ id: "c-4" })]), personId: "p-cho", name: "Cho" };
    expect(overdueSummary([ben, cho], "lead")).toBe("3 overdue in your teams");
    expect(overdueSummary([ben], "agent")).toBe("1 overdue");
    expect(overdueSummary([ben, cho], "admin")).toBe("3 overdue in all teams");
    expect(overdueSummary([agent([item({ state: "upcoming" })])], "lead")).toBeNull();
  });
});

describe("closing through the API (a fake server behind fetch)", () => {
  it("sends PATCH { status }, and the promise leaves the Follow-ups page and the console's list", async () => {
    const open = new Set(["c-1", "c-2"]);
    const sent: { method: string; path: string; body: unknown }[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      let body: unknown = {};
      if (method === "PATCH") {
        sent.push({ method, path: url.pathname, body: JSON.parse(String(init?.body)) });
        const id = url.pathname.split("/").at(-1) ?? "";
        open.delete(id);
        body = {
          commitment: {
            id,
            conversationId: "conv-1",
            personId: "p-ben",
            status: "done",
            dueAt: null,
            completedAt: at(0),
          },
        };
      } else if (url.pathname === "/api/v1/commitments/overview")
        body = { agents: [agent([item(), item({ id: "c-2" })].filter((c) => open.has(c.id)))] };
      else if (url.pathname === "/api/v1/commitments")
        body = { commitments: [commitment(), commitment({ id: "c-2" })].filter((c) => open.has(c.id)) };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
    try {
      const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
      function Harness() {
        const overview = useCommitmentsOverview();
        const mine = useCommitments();
        const close = useCloseCommitment();
        return (
          <>
            {(overview.data ?? []).map((a) => (
              <AgentFollowUps
                key={a.personId}
                agent={a}
                nowMs={NOW}
                closingId={null}
                onClose={(id, status) => close.mutate({ id, status })}
              />
            ))}
            <CommitmentsList commitments={mine.data ?? []} nowMs={NOW} />
          </>
        );
      }
      render(
        <QueryClientProvider client={client}>
          <Harness />
        </QueryClientProvider>,
      );
      const followUps = await screen.findByRole("list", { name: "Follow-ups of Ben Agent" });
      await waitFor(() => expect(screen.getByRole("list", { name: "My commitments" })).toBeTruthy());
      expect(within(followUps).getAllByRole("listitem")).toHaveLength(2);

      await userEvent.click(within(followUps).getAllByRole("button", { name: /^Done/ })[0] as HTMLElement);
      await waitFor(() => expect(within(followUps).getAllByRole("listitem")).toHaveLength(1));
      expect(sent).toEqual([{ method: "PATCH", path: "/api/v1/commitments/c-1", body: { status: "done" } }]);
      expect(
        client.getQueryData<Agent[]>(commitmentKeys.overview)?.[0]?.commitments.map((c) => c.id),
      ).toEqual(["c-2"]);
      expect(client.getQueryData<Agent[]>(commitmentKeys.overview)?.[0]?.overdue).toBe(1);
      await waitFor(() =>
        expect(client.getQueryData<Commitment[]>(queryKeys.commitments)?.map((c) => c.id)).toEqual(["c-2"]),
      );
    } finally {
      globalThis.fetch = original;
    }
  });
});
