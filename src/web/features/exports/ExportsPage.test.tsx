// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Me, Team } from "../../../protocol/resources.ts";
import { queryKeys } from "../../lib/queries.ts";
import { ExportsPage, exportHref } from "./ExportsPage.tsx";
import { buildTeam } from "../../testing/factories.ts";

afterEach(cleanup);

const teams: Team[] = [
  buildTeam({ id: "t1", name: "Customer Care", chatKey: "k1" }),
  buildTeam({ id: "t2", name: "Billing", chatKey: "k2" }),
];
const lead: Me = {
  id: "p1",
  email: "lee@example.com",
  name: "Lee Lead",
  role: "lead",
  teamIds: ["t1", "t2"],
  topics: [],
  availability: "available",
  load: 0,
  active: true,
  present: true,
  orgId: "o1",
  orgName: "Acme",
};

function show(me: Me = lead) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(queryKeys.teams, teams);
  render(
    <QueryClientProvider client={client}>
      <ExportsPage me={me} />
    </QueryClientProvider>,
  );
}
const csvLink = (row: string) =>
  new URL(
    screen
      .getByRole("row", { name: new RegExp(row) })
      .querySelector("a")
      ?.getAttribute("href") ?? "",
    "http://x",
  );

describe("Import & export: what a download holds", () => {
  it("says how many rows a download holds, and offers a team, a size and a period", async () => {
    show();
    expect(screen.getByTestId("export-scope").textContent).toBe(
      "Each download holds at most 1,000 conversations, scorecards or debrief cards, the most recent first. For older conversations, choose a period.",
    );
    expect(csvLink("Conversations").search).toBe("?format=csv");
    await userEvent.selectOptions(screen.getByLabelText("Team to export"), "t2");
    await userEvent.selectOptions(screen.getByLabelText("At most"), "5000");
    const from = screen.getByLabelText("Conversations started from");
    await userEvent.type(from, "2026-01-05");
    const conversations = csvLink("Conversations").searchParams;
    expect(conversations.get("teamId")).toBe("t2");
    expect(conversations.get("limit")).toBe("5000");
    expect(conversations.get("since")).toBe(new Date(2026, 0, 5).toISOString());
    // The period is the conversations export's only.
    expect(csvLink("Scorecards").searchParams.get("since")).toBeNull();
    expect(csvLink("Scorecards").searchParams.get("teamId")).toBe("t2");
    expect(screen.getByTestId("export-scope").textContent).toContain(
      "at most 5,000 conversations, scorecards or debrief cards, the most recent first; the conversations export only those started in the period.",
    );
  });

  it("builds each download's address", () => {
    const choice = { teamId: "", limit: 1000, from: "", to: "2026-02-01", unredacted: true };
    const url = new URL(exportHref("conversations", "json", choice), "http://x");
    expect(url.pathname).toBe("/api/v1/exports/conversations");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: "json",
      redact: "false",
      until: new Date(2026, 1, 2).toISOString(),
    });
    expect(exportHref("debriefs", "csv", choice)).toBe("/api/v1/exports/debriefs?format=csv&redact=false");
  });
});
